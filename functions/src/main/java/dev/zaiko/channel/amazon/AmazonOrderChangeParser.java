package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * SP-API {@code ORDER_CHANGE} notifications as Amazon delivers them to an SQS queue (the message
 * body is the notification JSON, schema {@code OrderChangeNotification.json}), turned into the
 * same {@link OrderEvent}s the poller produces. The notification-queue handler uses
 * {@link OrderChange#notificationId()} to drop redeliveries before they reach the ledger.
 */
public final class AmazonOrderChangeParser {
    public static final String NOTIFICATION_TYPE = "ORDER_CHANGE";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AmazonOrderChangeParser() {
    }

    /**
     * One ORDER_CHANGE notification.
     *
     * @param notificationId {@code NotificationMetadata.NotificationId}: the de-duplication key
     * @param sellerId       which seller account it is about (one queue may serve several)
     */
    public record OrderChange(String notificationId, String sellerId, String orderId, String changeType,
                              String changeReason, List<OrderEvent> events) {
        public OrderChange {
            Objects.requireNonNull(notificationId, "notificationId");
            events = List.copyOf(events);
        }
    }

    /** @throws IllegalArgumentException naming the field (and the order, once known) when the body is malformed */
    public static OrderChange parse(String channelId, String sqsMessageBody) {
        JsonNode root;
        try {
            root = JSON.readTree(sqsMessageBody);
        } catch (IOException e) {
            throw new IllegalArgumentException("ORDER_CHANGE body is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("ORDER_CHANGE body is not a JSON object");
        }
        String type = root.path("NotificationType").asText("");
        if (!NOTIFICATION_TYPE.equals(type)) {
            throw new IllegalArgumentException("NotificationType is '" + type + "', expected ORDER_CHANGE");
        }
        String notificationId = AmazonOrderSource.text(root.path("NotificationMetadata"),
                "NotificationMetadata.NotificationId", "?");
        JsonNode change = root.path("Payload").path("OrderChangeNotification");
        if (!change.isObject()) {
            throw new IllegalArgumentException("notification " + notificationId
                    + ": 'Payload.OrderChangeNotification' is missing");
        }
        String orderId = AmazonOrderSource.text(change, "AmazonOrderId", "?");
        String sellerId = change.path("SellerId").asText("");
        String changeType = change.path("OrderChangeType").asText("");
        JsonNode trigger = change.path("OrderChangeTrigger");
        String changeReason = trigger.path("ChangeReason").asText("");
        // TimeOfOrderChange is nullable by schema; EventTime (required) is when Amazon published.
        Instant at = trigger.path("TimeOfOrderChange").isTextual()
                ? AmazonOrderSource.instant(trigger, "OrderChangeTrigger.TimeOfOrderChange", orderId)
                : AmazonOrderSource.instant(root, "EventTime", orderId);
        JsonNode summary = change.path("Summary");
        String status = AmazonOrderSource.text(summary, "Summary.OrderStatus", orderId);
        String fulfillmentType = AmazonOrderSource.text(summary, "Summary.FulfillmentType", orderId);
        JsonNode items = summary.path("OrderItems");
        if (!items.isArray()) {
            throw new IllegalArgumentException("order " + orderId + ": 'Summary.OrderItems' is missing");
        }
        List<OrderEvent> events = new ArrayList<>();
        for (JsonNode item : items) {
            String lineId = AmazonOrderSource.text(item, "OrderItemId", orderId);
            String sku = AmazonOrderSource.text(item, "OrderItems[" + lineId + "].SellerSKU", orderId);
            int quantity = count(item, "Quantity", lineId, orderId, true);
            int shipped = count(item, "QuantityShipped", lineId, orderId, false);
            boolean buyerCancel = item.path("IsBuyerRequestedCancel").asBoolean(false);
            OrderAction action = AmazonStatuses.forNotification(fulfillmentType, status, buyerCancel, shipped)
                    .orElseThrow(() -> new IllegalArgumentException("order " + orderId + ": unknown Summary.OrderStatus '"
                            + status + "' / FulfillmentType '" + fulfillmentType + "'"));
            String mallStatus = buyerCancel ? status + " BuyerRequestedCancel" : status;
            AmazonOrderSource.event(channelId, orderId, lineId, sku, quantity, action, mallStatus, at,
                    EventOrigin.NOTIFICATION).ifPresent(events::add);
        }
        return new OrderChange(notificationId, sellerId, orderId, changeType, changeReason, events);
    }

    private static int count(JsonNode item, String field, String lineId, String orderId, boolean required) {
        JsonNode value = item.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("order " + orderId + ": OrderItems[" + lineId + "]." + field
                        + " is missing");
            }
            return 0;
        }
        if (!value.canConvertToInt() || value.asInt() < 0) {
            throw new IllegalArgumentException("order " + orderId + ": OrderItems[" + lineId + "]." + field
                    + " is not a non-negative integer");
        }
        return value.asInt();
    }
}
