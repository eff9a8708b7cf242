package dev.zaiko.channel.mercari;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.Validation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one {@code OrderTransaction} node into order events, one per product line. Every field is
 * checked: a malformed node fails with a message naming the field and the order id.
 */
final class MercariOrderParser {
    private final String channelId;

    MercariOrderParser(String channelId) {
        this.channelId = channelId;
    }

    /** A parsed order: its events and whether its status closes it. */
    record ParsedOrder(String orderId, String status, MercariStatuses.Row row, List<OrderEvent> events) {
    }

    ParsedOrder parse(JsonNode node, EventOrigin origin) {
        String orderId = text(node, "id", "?");
        String status = text(node, "status", orderId);
        Instant createdAt = instant(node, "createdAt", orderId);
        MercariStatuses.Row row = MercariStatuses.of(status);
        JsonNode products = node.get("products");
        if (products == null || !products.isArray()) {
            throw malformed(orderId, "products", "is missing or not a list");
        }
        List<OrderEvent> events = new ArrayList<>();
        for (int i = 0; i < products.size(); i++) {
            JsonNode product = products.get(i);
            String where = "products[" + i + "]";
            JsonNode variant = product.get("variant");
            if (variant == null || !variant.isObject()) {
                throw malformed(orderId, where + ".variant", "is missing");
            }
            String skuCode = text(variant, "skuCode", orderId, where + ".variant.skuCode");
            // The variant id is stable within an order and unique per line; the product id is the fallback.
            String lineId = variant.hasNonNull("id") ? variant.get("id").asText()
                    : text(product, "productId", orderId, where + ".productId");
            JsonNode quantity = product.get("purchasedQuantity");
            if (quantity == null || !quantity.canConvertToLong()) {
                throw malformed(orderId, where + ".purchasedQuantity", "is missing or not a whole number");
            }
            try {
                events.add(new OrderEvent(channelId, orderId, lineId, skuCode,
                        Validation.positiveQuantity(quantity.asLong(), "quantity", Validation.MAX_LINE_QUANTITY),
                        row.action(), status, createdAt, origin));
            } catch (IllegalArgumentException e) {
                throw malformed(orderId, where, e.getMessage());
            }
        }
        return new ParsedOrder(orderId, status, row, events);
    }

    private static String text(JsonNode node, String field, String orderId) {
        return text(node, field, orderId, field);
    }

    private static String text(JsonNode node, String field, String orderId, String path) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            throw malformed(orderId, path, "is missing or empty");
        }
        return value.asText();
    }

    private static Instant instant(JsonNode node, String field, String orderId) {
        String value = text(node, field, orderId);
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw malformed(orderId, field, "is not an ISO-8601 date-time: " + value);
        }
    }

    private static IllegalArgumentException malformed(String orderId, String field, String problem) {
        return new IllegalArgumentException("Mercari order " + orderId + ": field '" + field + "' " + problem);
    }
}
