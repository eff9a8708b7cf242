package dev.zaiko.domain.channel;

import dev.zaiko.domain.OrderEvent;

import java.util.List;

/** Turns a mall notification delivered through a queue (Amazon SP-API ORDER_CHANGE via SQS) into order events. */
public interface NotificationOrders {
    /** @throws IllegalArgumentException naming the field when the message is malformed */
    List<OrderEvent> ordersIn(String messageBody);
}
