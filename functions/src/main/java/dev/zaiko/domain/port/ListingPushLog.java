package dev.zaiko.domain.port;

import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushFence;
import dev.zaiko.domain.channel.PushStatus;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What was last written to the mall for a listing, and how the mall answered; and the fence on
 * those writes (invariant 8): the log only moves forward. Kept apart from the listing's mapping
 * (its own row/item), so a push never touches what every reserve condition-checks.
 *
 * <p>A push goes: {@link #claim} its fence (refused when a newer push claimed the listing: do not
 * send), write to the mall, {@link #record} the answer at that fence (false when a newer push
 * claimed the listing meanwhile: this write may have landed after the newer one, so push the
 * current value again at once).
 */
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

    /**
     * Moves the listing's fence to {@code fence} when no push with a newer fence claimed it (an equal
     * fence is the same ledger state: allowed). A conditional write.
     *
     * @return false when a newer push claimed the listing: this one is stale and must not be sent
     */
    boolean claim(ListingKey listing, PushFence fence, Instant at);

    /**
     * Records the mall's answer to a push claimed at {@code fence}, provided the fence is still that
     * one (a conditional write). An OK sets the last pushed quantity; other answers keep it.
     *
     * @return false when a newer push claimed the listing since: nothing recorded, push again
     */
    boolean record(ListingKey listing, PushFence fence, long quantity, PushStatus status, String mallCode,
                   String message, Instant at);

    /** Records a push made outside the fence (kept for tools and tests); never creates an unmapped listing's log. */
    void record(ListingKey listing, long quantity, PushStatus status, String mallCode, String message, Instant at);

    Optional<Entry> entry(ListingKey listing);

    /** The last claimed fence of the listing, {@link PushFence#NONE} when never claimed. */
    PushFence fence(ListingKey listing);

    record Entry(ListingKey listing, OptionalLong lastPushedQuantity, PushStatus status, String mallCode,
                 String message, Instant at) {
    }
}
