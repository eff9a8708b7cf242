package dev.zaiko.domain.channel;

import dev.zaiko.domain.OrderEvent;

import java.util.List;

/** Turns a verified webhook delivery into order events (parsing it, or re-fetching the order from the mall). */
public interface WebhookOrders {
    /** @throws IllegalArgumentException naming the field when the body is malformed */
    List<OrderEvent> ordersIn(WebhookVerifier.WebhookRequest request);
}
