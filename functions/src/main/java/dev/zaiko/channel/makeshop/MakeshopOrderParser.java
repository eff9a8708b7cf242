package dev.zaiko.channel.makeshop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.Validation;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One makeshop order (searchOrder's shape, also the webhook's) into order events: one per basket line,
 * the action from the line's delivery status. Malformed input fails naming the field and the order.
 */
final class MakeshopOrderParser {
    /** orderDate formats accepted (UNCONFIRMED which one makeshop sends; all are JST). */
    private static final List<DateTimeFormatter> LOCAL_FORMATS = List.of(
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"),
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss"),
            DateTimeFormatter.ISO_LOCAL_DATE_TIME);

    private final String channelId;

    MakeshopOrderParser(String channelId) {
        this.channelId = channelId;
    }

    /**
     * @param openKey how the order is kept in {@code OpenOrders}: {@code <yyyyMMddHHmmss JST>:<systemOrderNumber>},
     *                so the re-check knows which order dates to search
     * @param closes  every delivery of the order is in a closing status
     */
    record ParsedOrder(String orderId, Instant orderedAt, String openKey, boolean closes, List<OrderEvent> events) {
    }

    ParsedOrder parse(JsonNode order, EventOrigin origin) {
        String orderId = text(order, "systemOrderNumber", "?", "systemOrderNumber");
        Instant orderedAt = orderDate(text(order, "orderDate", orderId, "orderDate"), orderId);
        JsonNode deliveries = order.get("deliveryInfos");
        if (deliveries == null || !deliveries.isArray() || deliveries.isEmpty()) {
            throw malformed(orderId, "deliveryInfos", "is missing or empty");
        }
        List<OrderEvent> events = new ArrayList<>();
        boolean closes = true;
        for (int d = 0; d < deliveries.size(); d++) {
            JsonNode delivery = deliveries.get(d);
            String status = text(delivery, "deliveryStatus", orderId, "deliveryInfos[" + d + "].deliveryStatus");
            MakeshopStatuses.Row row = MakeshopStatuses.of(status);
            closes &= row.closes();
            JsonNode baskets = delivery.get("basketInfos");
            if (baskets == null || !baskets.isArray()) {
                throw malformed(orderId, "deliveryInfos[" + d + "].basketInfos", "is missing or not a list");
            }
            for (int b = 0; b < baskets.size(); b++) {
                String where = "deliveryInfos[" + d + "].basketInfos[" + b + "]";
                JsonNode basket = baskets.get(b);
                String productCode = text(basket, "productCode", orderId, where + ".productCode");
                // JSON null (a simple product) is a value node too; its text "null" is not a variation.
                JsonNode variationNode = basket.path("variationCustomCode");
                String variation = variationNode.isValueNode() && !variationNode.isNull()
                        && !variationNode.asText().isBlank() ? variationNode.asText() : null;
                JsonNode amount = basket.get("amount");
                if (amount == null || !amount.canConvertToLong()) {
                    throw malformed(orderId, where + ".amount", "is missing or not a whole number");
                }
                try {
                    // No line id in the API: the position is stable for an order (a basket line is never moved).
                    events.add(new OrderEvent(channelId, orderId, d + "-" + b, MakeshopItemKey.of(productCode, variation),
                            Validation.positiveQuantity(amount.asLong(), "quantity", Validation.MAX_LINE_QUANTITY),
                            row.action(), status, orderedAt, origin));
                } catch (IllegalArgumentException e) {
                    throw malformed(orderId, where, e.getMessage());
                }
            }
        }
        String openKey = MakeshopApi.COMPACT.format(orderedAt) + ":" + orderId;
        return new ParsedOrder(orderId, orderedAt, openKey, closes, events);
    }

    static Instant orderDate(String value, String orderId) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            for (DateTimeFormatter format : LOCAL_FORMATS) {
                try {
                    return LocalDateTime.parse(value, format).atZone(MakeshopApi.JST).toInstant();
                } catch (DateTimeParseException ignored) {
                    // try the next format
                }
            }
        }
        throw malformed(orderId, "orderDate", "is not a date-time makeshop uses: " + value);
    }

    private static String text(JsonNode node, String field, String orderId, String path) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            throw malformed(orderId, path, "is missing or empty");
        }
        return value.asText();
    }

    private static IllegalArgumentException malformed(String orderId, String field, String problem) {
        return new IllegalArgumentException("makeshop order " + orderId + ": field '" + field + "' " + problem);
    }
}
