package dev.zaiko.domain.port;

import dev.zaiko.domain.OrderEvent;

import java.util.List;

/** The orders queue the ledger consumes. */
public interface OrderQueue {
    /** Enqueues every event or throws: a poller must never advance its cursor past events it did not enqueue. */
    void enqueue(List<OrderEvent> events);
}
