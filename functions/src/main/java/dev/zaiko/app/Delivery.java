package dev.zaiko.app;

import dev.zaiko.domain.OrderEvent;

/**
 * An order event as a queue delivered it.
 *
 * @param id          the delivery's id (SQS message id), reported back when it fails
 * @param redelivered delivered before: a previous attempt may have committed but died before
 *                    its push request, so pushes are requested again even for a no-op
 */
public record Delivery(String id, OrderEvent event, boolean redelivered) {
}
