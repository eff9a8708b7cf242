package dev.zaiko.domain.port;

import dev.zaiko.domain.Listing;

import java.util.List;

/** Every listing mapped on a channel, for the jobs that walk a whole channel (the reconciler). */
public interface ListingCatalog {
    /** The channel's mapped listings with their components, ordered by item key. */
    List<Listing> listingsOf(String channelId);
}
