package dev.zaiko.channel.shopify;

import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Shopify order line -> ledger action, as one table. Shopify has no single order status for this:
 * an order is cancelled when {@code cancelledAt} is set, and an order edit that removes a line
 * leaves it with {@code currentQuantity} 0. Fulfilment and payment states do not change what the
 * shelf holds, so they are kept as text only.
 *
 * <pre>
 *   condition        | action  | quantity sent
 *   ORDER_CANCELLED  | CANCEL  | quantity (what was reserved)
 *   LINE_REMOVED     | CANCEL  | quantity (edited to 0)
 *   LINE_OPEN        | RESERVE | currentQuantity (after edits and refunds)
 * </pre>
 *
 * A line lowered by an edit or a refund (3 to 1) after it was reserved is a line revision: the
 * ledger returns exactly the difference (ordered by the order's updatedAt); a rise takes it.
 * Unconfirmed: {@code currentQuantity} ("excluding refunded and removed units") also drops for a
 * refund without restock; we treat every refund of an unshipped line as restocked.
 */
final class ShopifyStatuses {
    private ShopifyStatuses() {
    }

    enum LineCondition {
        ORDER_CANCELLED, LINE_REMOVED, LINE_OPEN
    }

    static final Map<LineCondition, OrderAction> TABLE;

    static {
        Map<LineCondition, OrderAction> table = new EnumMap<>(LineCondition.class);
        table.put(LineCondition.ORDER_CANCELLED, OrderAction.CANCEL);
        table.put(LineCondition.LINE_REMOVED, OrderAction.CANCEL);
        table.put(LineCondition.LINE_OPEN, OrderAction.RESERVE);
        TABLE = Map.copyOf(table);
    }

    static LineCondition condition(boolean orderCancelled, long currentQuantity) {
        if (orderCancelled) {
            return LineCondition.ORDER_CANCELLED;
        }
        return currentQuantity <= 0 ? LineCondition.LINE_REMOVED : LineCondition.LINE_OPEN;
    }

    static OrderAction action(LineCondition condition) {
        return TABLE.get(condition);
    }

    /** One order line as it was read from Shopify (GraphQL or webhook), before normalising. */
    record Line(String orderId, String lineId, String itemKey, long quantity, long currentQuantity,
                boolean orderCancelled, String mallStatus, Instant occurredAt) {
    }

    static OrderEvent toEvent(String channelId, Line line, EventOrigin origin) {
        LineCondition condition = condition(line.orderCancelled(), line.currentQuantity());
        OrderAction action = action(condition);
        long quantity = action == OrderAction.RESERVE ? line.currentQuantity()
                : Math.max(line.quantity(), line.currentQuantity());
        if (quantity < 1) {
            throw new IllegalArgumentException("order " + line.orderId() + " line " + line.lineId()
                    + ": quantity must be at least 1 (got " + quantity + ")");
        }
        String status = switch (condition) {
            case ORDER_CANCELLED -> "cancelled";
            case LINE_REMOVED -> "line removed by edit";
            case LINE_OPEN -> "open";
        };
        String mallStatus = line.mallStatus() == null || line.mallStatus().isBlank()
                ? status : status + " (" + line.mallStatus() + ")";
        try {
            return new OrderEvent(channelId, line.orderId(), line.lineId(), line.itemKey(), (int) Math.min(quantity,
                    Integer.MAX_VALUE), action, mallStatus, line.occurredAt(), origin);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("order " + line.orderId() + " line " + line.lineId() + ": "
                    + e.getMessage(), e);
        }
    }
}
