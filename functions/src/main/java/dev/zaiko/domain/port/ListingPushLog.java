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

    /**
     * The {@link #entry} of many listings at once; a listing never pushed (or no longer mapped) is
     * absent from the result. For the console's stock table, which shows what each mall was last sent
     * and when. The default asks {@link #entry} once per listing; a store should answer in bulk (an SQL
     * store: {@code SELECT … FROM listings WHERE listing_key IN (…)} per chunk of keys; DynamoDB:
     * BatchGetItem of the META items, 100 keys a call, strongly consistent).
     */
    default java.util.Map<ListingKey, Entry> entries(java.util.Collection<ListingKey> listings) {
        java.util.Map<ListingKey, Entry> result = new java.util.LinkedHashMap<>();
        for (ListingKey listing : new java.util.LinkedHashSet<>(listings)) {
            entry(listing).ifPresent(e -> result.put(listing, e));
        }
        return result;
    }

    void record(ListingKey listing, long quantity, PushStatus status, String mallCode, String message, Instant at);

    Optional<Entry> entry(ListingKey listing);

    record Entry(ListingKey listing, OptionalLong lastPushedQuantity, PushStatus status, String mallCode,
                 String message, Instant at) {
    }
}
