package dev.zaiko.channel.mercari;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.Validation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one {@code Order} node into order events, one per variant. Every field is
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
        // The order's updatedAt orders the revisions of its lines (a later report of a changed line
        // wins); an answer without it falls back to createdAt.
        Instant revision = node.hasNonNull("updatedAt") ? instant(node, "updatedAt", orderId) : createdAt;
        MercariStatuses.Row row = MercariStatuses.of(status);
        JsonNode products = node.get("products");
        if (products == null || !products.isArray()) {
            throw malformed(orderId, "products", "is missing or not a list");
        }
        // No quantity field exists: each product of the order is one unit (UNCONFIRMED, MercariApi),
        // so repeated variants add up to one line per variant, keyed by the variant id.
        Map<String, String> skuByVariant = new LinkedHashMap<>();
        Map<String, Long> unitsByVariant = new LinkedHashMap<>();
        for (int i = 0; i < products.size(); i++) {
            JsonNode product = products.get(i);
            String where = "products[" + i + "]";
            JsonNode variant = product.get("variant");
            if (variant == null || !variant.isObject()) {
                throw malformed(orderId, where + ".variant", "is missing");
            }
            String skuCode = text(variant, "skuCode", orderId, where + ".variant.skuCode");
            String lineId = variant.hasNonNull("id") ? variant.get("id").asText()
                    : text(product, "productId", orderId, where + ".productId");
            String previous = skuByVariant.putIfAbsent(lineId, skuCode);
            if (previous != null && !previous.equals(skuCode)) {
                throw malformed(orderId, where + ".variant.skuCode", "differs for the same variant id " + lineId);
            }
            unitsByVariant.merge(lineId, (long) MercariApi.UNITS_PER_ORDER_PRODUCT, Long::sum);
        }
        List<OrderEvent> events = new ArrayList<>();
        for (Map.Entry<String, Long> line : unitsByVariant.entrySet()) {
            try {
                events.add(new OrderEvent(channelId, orderId, line.getKey(), skuByVariant.get(line.getKey()),
                        Validation.positiveQuantity(line.getValue(), "quantity", Validation.MAX_LINE_QUANTITY),
                        row.action(), status, createdAt, origin, revision));
            } catch (IllegalArgumentException e) {
                throw malformed(orderId, "products (variant " + line.getKey() + ")", e.getMessage());
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
