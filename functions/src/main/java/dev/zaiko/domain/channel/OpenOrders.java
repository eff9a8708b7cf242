package dev.zaiko.domain.channel;

import java.util.Collection;
import java.util.Set;

/**
 * The orders of one channel that are still open (not yet shipped or cancelled). Malls whose
 * search filters only by order date keep them here and re-check them on every poll, so a
 * cancellation is never missed.
 */
public interface OpenOrders {
    Set<String> openOrderIds();

    void markOpen(Collection<String> orderIds);

    void markClosed(Collection<String> orderIds);
}
