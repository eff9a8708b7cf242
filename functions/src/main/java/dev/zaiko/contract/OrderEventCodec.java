package dev.zaiko.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The order-event contract on the orders queue (documented in {@code events/README.md}). Parsing
 * reads the tree by hand so that every error names the field and, when known, the order.
 */
public final class OrderEventCodec {
    public static final int VERSION = 1;
    /** Far above any real event; a body this large is not an order line. */
    public static final int MAX_BODY_CHARS = 16 * 1024;

    private final java.util.function.Supplier<ObjectMapper> mappers;

    public OrderEventCodec(ObjectMapper mapper) {
        java.util.Objects.requireNonNull(mapper, "mapper");
        this.mappers = () -> mapper;
    }

    /** With the container's mapper, made at the first event (not in a Lambda's init). */
    public OrderEventCodec(java.util.function.Supplier<ObjectMapper> mapper) {
        this.mappers = java.util.Objects.requireNonNull(mapper, "mapper");
    }

    public String toJson(OrderEvent event) {
        ObjectNode node = mappers.get().createObjectNode();
        node.put("version", VERSION);
        node.put("channelId", event.channelId());
        node.put("orderId", event.orderId());
        node.put("lineId", event.lineId());
        node.put("itemKey", event.itemKey());
        node.put("quantity", event.quantity());
        node.put("action", event.action().name());
        node.put("mallStatus", event.mallStatus());
        node.put("occurredAt", event.occurredAt().toString());
        node.put("origin", event.origin().name());
        if (!event.revision().equals(event.occurredAt())) {
            node.put("mallRevision", event.revision().toString());
        }
        if (!event.orderName().isEmpty()) {
            node.put("orderName", event.orderName());
        }
        return node.toString();
    }

    /** @throws MalformedEventException naming the field (and the order, when it could be read) */
    public OrderEvent fromJson(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedEventException("empty message body");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new MalformedEventException("message body is " + body.length() + " characters, more than "
                    + MAX_BODY_CHARS);
        }
        JsonNode node;
        try {
            node = mappers.get().readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not valid JSON at line " + e.getLocation().getLineNr()
                    + " column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEventException("order event must be a JSON object");
        }
        String where = describe(node);
        int version = node.path("version").asInt(-1);
        if (version != VERSION) {
            throw new MalformedEventException(where + "field 'version' must be " + VERSION + " (got "
                    + node.path("version") + ")");
        }
        try {
            return new OrderEvent(
                    text(node, "channelId", where),
                    text(node, "orderId", where),
                    text(node, "lineId", where),
                    text(node, "itemKey", where),
                    quantity(node, where),
                    enumValue(OrderAction.class, node, "action", where),
                    node.path("mallStatus").isTextual() ? node.get("mallStatus").asText() : "",
                    instant(node, where),
                    node.hasNonNull("origin") ? enumValue(EventOrigin.class, node, "origin", where) : EventOrigin.POLL,
                    node.hasNonNull("mallRevision") ? instant(node, "mallRevision", where) : null,
                    node.path("orderName").isTextual() ? node.get("orderName").asText() : "");
        } catch (IllegalArgumentException e) {
            if (e instanceof MalformedEventException) {
                throw e;
            }
            throw new MalformedEventException(where + e.getMessage());
        }
    }

    private static String describe(JsonNode node) {
        JsonNode channel = node.get("channelId");
        JsonNode order = node.get("orderId");
        JsonNode line = node.get("lineId");
        if (channel != null && channel.isTextual() && order != null && order.isTextual()) {
            return "order " + channel.asText() + "/" + order.asText()
                    + (line != null && line.isTextual() ? "/" + line.asText() : "") + ": ";
        }
        return "";
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new MalformedEventException(where + "field '" + field + "' is missing");
        }
        if (!value.isTextual()) {
            throw new MalformedEventException(where + "field '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static int quantity(JsonNode node, String where) {
        JsonNode value = node.get("quantity");
        if (value == null || !value.isIntegralNumber()) {
            throw new MalformedEventException(where + "field 'quantity' must be an integer");
        }
        if (!value.canConvertToInt()) {
            throw new MalformedEventException(where + "field 'quantity' is out of range: " + value.asText());
        }
        return value.intValue();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode node, String field, String where) {
        String value = text(node, field, where);
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(where + "field '" + field + "' has unknown value '" + value + "'");
        }
    }

    private static Instant instant(JsonNode node, String where) {
        return instant(node, "occurredAt", where);
    }

    private static Instant instant(JsonNode node, String field, String where) {
        String value = text(node, field, where);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(where + "field '" + field + "' is not an ISO-8601 instant: " + value);
        }
    }

    /** A message that can never be applied; retrying will not help, so it goes to the DLQ. */
    public static final class MalformedEventException extends IllegalArgumentException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}
