package dev.zaiko.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of one SKU (architecture invariant 5), written in the same transaction as the change.
 *
 * @param version the SKU's version after the change; entries of a SKU are ordered by it
 */
public record JournalEntry(String sku, long version, long before, long after, long safetyStockBefore,
                           long safetyStockAfter, ChangeReason reason, ChangeSource source, Instant at) {
    public JournalEntry {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
    }

    public long delta() {
        return after - before;
    }
}
