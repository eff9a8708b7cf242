package dev.zaiko.domain.channel;

import dev.zaiko.domain.OrderEvent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of order events; {@code nextPageToken} empty on the last page. */
public record OrderPage(List<OrderEvent> events, Optional<String> nextPageToken) {
    public OrderPage {
        events = List.copyOf(events);
        Objects.requireNonNull(nextPageToken, "nextPageToken");
    }

    public static OrderPage last(List<OrderEvent> events) {
        return new OrderPage(events, Optional.empty());
    }
}
