package dev.zaiko.channel.shopify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.WebhookOrders;
import dev.zaiko.domain.channel.WebhookVerifier;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Order events from a verified {@code orders/create}, {@code orders/updated} or
 * {@code orders/cancelled} webhook (REST-shaped order JSON); other topics give no events (not an
 * error: a subscription may deliver more than we need).
 *
 * <ul>
 *   <li>Order and line ids: the number in {@code admin_graphql_api_id} when it is a gid, else
 *       {@code id} read as text. The gid wins because the plain number may have been rounded above
 *       2^53 on its way (Shopify's own published sample shows it) and must match the poller's ids.</li>
 *   <li>Item key: {@code <inventory_item_id>@<location>} when the line carries an
 *       {@code inventory_item_id}; else the variant's inventory item, looked up from
 *       {@code variant_id} (cached); else, for custom lines with no variant, {@code sku:<sku>} (or
 *       {@code line:<id>}), the same fallback the poller uses, so it is reported as unmapped.
 *       The location is the channel's {@code locationId} option.</li>
 *   <li>Quantities and status: {@code quantity}, {@code current_quantity}, {@code cancelled_at},
 *       through {@link ShopifyStatuses}.</li>
 * </ul>
 * The variant look-up calls Shopify: when that fails it throws {@code ChannelException} (RETRY or
 * AUTH), and the webhook handler should answer 5xx so that Shopify delivers again.
 */
final class ShopifyWebhookOrders implements WebhookOrders {
    static final Set<String> ORDER_TOPICS = Set.of("orders/create", "orders/updated", "orders/cancelled");
    /**
     * {@code orders/edited} carries only deltas ({@code order_edit.line_items.additions/removals})
     * and no item keys: not something a ledger can apply twice safely. It is taken as a hint instead:
     * the order is read from Shopify now and its lines go out with their current quantities (the
     * ledger's line revisions make a cut return, and a rise take, exactly the difference).
     */
    static final String EDITED_TOPIC = "orders/edited";
    static final String TOPIC_HEADER = "x-shopify-topic";

    private final String channelId;
    private final String locationId;
    private final ShopifyVariantItems variants;
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final java.util.function.Function<String, List<OrderEvent>> currentLines;

    ShopifyWebhookOrders(String channelId, String locationId, ShopifyVariantItems variants) {
        this(channelId, locationId, variants, orderId -> {
            throw new IllegalArgumentException("orders/edited for order " + orderId + " needs the order source");
        });
    }

    ShopifyWebhookOrders(String channelId, String locationId, ShopifyVariantItems variants,
                         java.util.function.Function<String, List<OrderEvent>> currentLines) {
        this.channelId = channelId;
        this.locationId = locationId;
        this.variants = variants;
        this.currentLines = currentLines;
    }

    @Override
    public List<OrderEvent> ordersIn(WebhookVerifier.WebhookRequest request) {
        String topic = request.header(TOPIC_HEADER).map(String::strip).orElse("");
        if (topic.equals(EDITED_TOPIC)) {
            return edited(request.body());
        }
        if (!ORDER_TOPICS.contains(topic)) {
            return List.of();
        }
        return parse(request.body());
    }

    private List<OrderEvent> edited(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("Shopify orders/edited body is not JSON: " + e.getMessage());
        }
        JsonNode orderId = root == null ? null : root.path("order_edit").path("order_id");
        if (orderId == null || !(orderId.isIntegralNumber() || orderId.isTextual()) || orderId.asText().isBlank()) {
            throw new IllegalArgumentException("Shopify orders/edited: order_edit.order_id is missing");
        }
        return currentLines.apply(orderId.asText());
    }

    List<OrderEvent> parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("Shopify order webhook body is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("Shopify order webhook body is not a JSON object");
        }
        // REST answers wrap the same object as {"order": {...}}; webhooks send it bare.
        JsonNode order = root.size() == 1 && root.path("order").isObject() ? root.path("order") : root;
        String orderId = id(order, "Order", "order");
        boolean cancelled = present(order.path("cancelled_at"));
        Instant occurredAt = cancelled ? time(order, "cancelled_at", orderId) : time(order, "updated_at", orderId);
        JsonNode lineItems = order.path("line_items");
        if (!lineItems.isArray()) {
            throw new IllegalArgumentException("order " + orderId + ": line_items is missing or not an array");
        }
        String mallStatus = order.path("financial_status").asText("") + "/"
                + order.path("fulfillment_status").asText("unfulfilled");

        Set<String> variantIds = new LinkedHashSet<>();
        for (JsonNode line : lineItems) {
            if (!present(line.path("inventory_item_id")) && present(line.path("variant_id"))) {
                variantIds.add(digits(line.path("variant_id"), "variant_id", orderId));
            }
        }
        Map<String, String> itemsByVariant = variantIds.isEmpty() ? Map.of() : variants.inventoryItems(variantIds);

        List<OrderEvent> events = new ArrayList<>();
        int position = 0;
        for (JsonNode line : lineItems) {
            String where = "order " + orderId + " line_items[" + position++ + "]";
            String lineId = id(line, "LineItem", where);
            long quantity = count(line, "quantity", where);
            long current = line.has("current_quantity") ? count(line, "current_quantity", where) : quantity;
            String itemKey = itemKey(line, lineId, orderId, itemsByVariant);
            events.add(ShopifyStatuses.toEvent(channelId, new ShopifyStatuses.Line(orderId, lineId, itemKey, quantity,
                    current, cancelled, mallStatus, occurredAt), EventOrigin.WEBHOOK)
                    .withRevision(time(order, "updated_at", orderId))
                    // the order's name as the seller sees it in the admin ("#1001"), for the console only
                    .withOrderName(order.path("name").asText("")));
        }
        return events;
    }

    private String itemKey(JsonNode line, String lineId, String orderId, Map<String, String> itemsByVariant) {
        if (present(line.path("inventory_item_id"))) {
            return new ShopifyItemKey(digits(line.path("inventory_item_id"), "inventory_item_id", orderId), locationId)
                    .key();
        }
        if (present(line.path("variant_id"))) {
            String variant = digits(line.path("variant_id"), "variant_id", orderId);
            String item = itemsByVariant.get(variant);
            return item != null ? new ShopifyItemKey(item, locationId).key() : "variant:" + variant;
        }
        return ShopifyOrderSource.fallbackKey(line.path("sku").asText(""), lineId);
    }

    private static String id(JsonNode node, String type, String where) {
        String gid = node.path("admin_graphql_api_id").asText("");
        return ShopifyIds.numeric(gid, type).orElseGet(() -> {
            JsonNode id = node.path("id");
            if (!id.isIntegralNumber() && !id.isTextual()) {
                throw new IllegalArgumentException(where + ": id is missing (and admin_graphql_api_id is no "
                        + type + " gid)");
            }
            return ShopifyIds.requireDigits(id.asText(), where + " id");
        });
    }

    private static String digits(JsonNode value, String field, String orderId) {
        return ShopifyIds.requireDigits(value.asText(), "order " + orderId + " " + field);
    }

    private static long count(JsonNode line, String field, String where) {
        JsonNode value = line.path(field);
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw new IllegalArgumentException(where + ": " + field + " is missing or not a whole number");
        }
        return value.asLong();
    }

    private static boolean present(JsonNode value) {
        return !value.isMissingNode() && !value.isNull() && !(value.isTextual() && value.asText().isBlank());
    }

    /** ISO-8601 with offset; the anonymised real captures also show "2019-01-01 00:00:00.000Z". */
    private static Instant time(JsonNode order, String field, String orderId) {
        String text = order.path(field).asText("").strip();
        try {
            return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("order " + orderId + ": " + field + " is missing or not a time (\""
                    + text + "\")");
        }
    }
}
