package dev.zaiko.support;

import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.OrderSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Follows an order source's page tokens to the end, as one poll run does. */
public final class OrderPaging {
    private OrderPaging() {
    }

    /** Every event of every page of {@code fetchChanged(from, to, …)}, in page order. */
    public static List<OrderEvent> allEvents(OrderSource orders, Instant from, Instant to) {
        List<OrderEvent> events = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            OrderPage page = orders.fetchChanged(from, to, token);
            events.addAll(page.events());
            // As a poll does once the page is on the queue: closed orders leave the open set now.
            orders.pageEnqueued(page);
            token = page.nextPageToken();
        } while (token.isPresent());
        return events;
    }
}
