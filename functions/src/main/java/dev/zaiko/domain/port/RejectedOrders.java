package dev.zaiko.domain.port;

import dev.zaiko.domain.RejectedOrder;

import java.util.Collection;
import java.util.List;

/**
 * The quarantine of orders a mall reported that could not be normalised (architecture invariant 6):
 * kept for the seller ({@code ./zaiko orders --state REJECTED}, the console's 要対応の注文 page)
 * while the rest of the stream goes on. One entry per channel and mall order id: the same order
 * rejected again (overlapping poll windows) refreshes its entry.
 */
public interface RejectedOrders {
    void quarantine(Collection<RejectedOrder> orders);

    /** The channel's rejected orders, newest first, at most {@code limit}. */
    List<RejectedOrder> rejected(String channelId, int limit);
}
