package dev.zaiko.domain.port;

import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushFence;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What each listing may show now, read strongly from the ledger at push time (invariant 4), with
 * the versions it was computed from (the fence on the mall write, invariant 8). The pusher depends
 * on this port only, not on the ledger service.
 */
public interface SellableReader {
    /** One entry per key asked; empty for a listing that is not mapped (any more): never zero it blindly. */
    Map<ListingKey, Optional<Now>> sellable(Collection<ListingKey> listings);

    /** A listing's sellable quantity and the fence of the read. */
    record Now(long quantity, PushFence fence) {
        public Now {
            Objects.requireNonNull(fence, "fence");
            if (quantity < 0) {
                throw new IllegalArgumentException("sellable quantity is never negative: " + quantity);
            }
        }
    }
}
