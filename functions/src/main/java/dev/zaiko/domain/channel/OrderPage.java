package dev.zaiko.domain.channel;

import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.RejectedOrder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One page of order events; {@code nextPageToken} empty on the last page.
 *
 * @param rejected      orders of the page that could not be normalised: the poll quarantines them and goes on
 * @param ordersToClose open orders (see {@link OpenOrders}) the page found closed: forgotten only
 *                      after the page's events are on the queue ({@link OrderSource#pageEnqueued}),
 *                      so a crash in between re-checks them instead of losing their last events
 */
public record OrderPage(List<OrderEvent> events, Optional<String> nextPageToken, List<RejectedOrder> rejected,
                        Set<String> ordersToClose) {
    public OrderPage {
        events = List.copyOf(events);
        Objects.requireNonNull(nextPageToken, "nextPageToken");
        rejected = List.copyOf(rejected);
        ordersToClose = Set.copyOf(ordersToClose);
    }

    public OrderPage(List<OrderEvent> events, Optional<String> nextPageToken) {
        this(events, nextPageToken, List.of(), Set.of());
    }

    public static OrderPage last(List<OrderEvent> events) {
        return new OrderPage(events, Optional.empty());
    }

    /** A page of orders parsed one by one: the normalised ones' events, the rejected ones quarantined. */
    public static OrderPage of(Collection<FetchedOrder> orders, Optional<String> nextPageToken) {
        List<OrderEvent> events = new ArrayList<>();
        List<RejectedOrder> rejected = new ArrayList<>();
        for (FetchedOrder order : orders) {
            switch (order) {
                case FetchedOrder.Normalised normalised -> events.addAll(normalised.events());
                case FetchedOrder.Rejected refused -> rejected.add(refused.order());
            }
        }
        return new OrderPage(events, nextPageToken, rejected, Set.of());
    }

    public OrderPage withOrdersToClose(Collection<String> orderIds) {
        Set<String> close = new LinkedHashSet<>(ordersToClose);
        close.addAll(orderIds);
        return new OrderPage(events, nextPageToken, rejected, close);
    }

    public OrderPage withRejected(Collection<RejectedOrder> more) {
        List<RejectedOrder> all = new ArrayList<>(rejected);
        all.addAll(more);
        return new OrderPage(events, nextPageToken, all, ordersToClose);
    }
}
