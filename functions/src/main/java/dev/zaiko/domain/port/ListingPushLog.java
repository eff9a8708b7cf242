package dev.zaiko.domain.port;

import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.channel.PushStatus;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** What was last written to the mall for a listing, and how the mall answered. */
public interface ListingPushLog {
    OptionalLong lastPushed(ListingKey listing);

    /** {@link #lastPushed(ListingKey)} for many listings at once. */
    default java.util.Map<ListingKey, OptionalLong> lastPushed(java.util.Collection<ListingKey> listings) {
        java.util.Map<ListingKey, OptionalLong> result = new java.util.LinkedHashMap<>();
        listings.forEach(listing -> result.put(listing, lastPushed(listing)));
        return result;
    }

    void record(ListingKey listing, long quantity, PushStatus status, String mallCode, String message, Instant at);

    Optional<Entry> entry(ListingKey listing);

    record Entry(ListingKey listing, OptionalLong lastPushedQuantity, PushStatus status, String mallCode,
                 String message, Instant at) {
    }
}
