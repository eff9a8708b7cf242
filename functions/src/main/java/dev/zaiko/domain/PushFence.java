package dev.zaiko.domain;

/**
 * The ledger state a push was computed from, to fence the mall write (invariant 8): the listing's
 * mapping version, then the sum of its component SKUs' stock versions. Every version only grows, so
 * a later read of the same listing never has a smaller fence; the push log only moves forward, and a
 * push whose fence is behind the last one claimed is stale.
 *
 * <p>Why a sum and not the vector: a conditional write compares scalars. For a set read from a
 * store without multi-item snapshots (DynamoDB BatchGetItem) two reads racing two updates could
 * give equal sums for different vectors; both pushes are then re-checked by their post-write fence
 * check, and the next change of either SKU moves the fence past both.
 */
public record PushFence(long mappingVersion, long stockVersions) implements Comparable<PushFence> {
    public static final PushFence NONE = new PushFence(0, 0);

    public PushFence {
        if (mappingVersion < 0 || stockVersions < 0) {
            throw new IllegalArgumentException("fence versions are never negative: " + mappingVersion + "/"
                    + stockVersions);
        }
    }

    /** The fence of a listing as read with these stock levels (a missing SKU counts as version 0). */
    public static PushFence of(Listing listing, java.util.Map<String, StockLevel> levels) {
        long sum = 0;
        for (Component component : listing.components()) {
            StockLevel level = levels.get(component.sku());
            sum += level == null ? 0 : level.version();
        }
        return new PushFence(listing.version(), sum);
    }

    @Override
    public int compareTo(PushFence other) {
        int byMapping = Long.compare(mappingVersion, other.mappingVersion);
        return byMapping != 0 ? byMapping : Long.compare(stockVersions, other.stockVersions);
    }

    public boolean isBefore(PushFence other) {
        return compareTo(other) < 0;
    }

    @Override
    public String toString() {
        return mappingVersion + "/" + stockVersions;
    }
}
