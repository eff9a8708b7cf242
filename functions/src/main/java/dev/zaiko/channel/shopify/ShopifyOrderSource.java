package dev.zaiko.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.FetchedOrder;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.OrderSource;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Orders updated in [from, to), newest edits included: Shopify's {@code updated_at} moves on every
 * change (cancel, edit), so a window on it sees every transition and no open-order list is needed.
 * The page token is Shopify's {@code endCursor}.
 */
final class ShopifyOrderSource implements OrderSource {
    private final String channelId;
    private final String locationId;
    private final ShopifyGraphql graphql;

    ShopifyOrderSource(String channelId, String locationId, ShopifyGraphql graphql) {
        this.channelId = channelId;
        this.locationId = locationId;
        this.graphql = graphql;
    }

    static String searchQuery(Instant from, Instant to) {
        return "updated_at:>='" + from.truncatedTo(ChronoUnit.SECONDS) + "' updated_at:<'"
                + to.truncatedTo(ChronoUnit.SECONDS) + "'";
    }

    @Override
    public OrderPage fetchChanged(Instant from, Instant to, Optional<String> pageToken) {
        ObjectNode variables = graphql.json().createObjectNode();
        variables.put("first", ShopifyApi.ORDERS_PAGE_SIZE);
        if (pageToken.isPresent()) {
            variables.put("after", pageToken.get());
        } else {
            variables.putNull("after");
        }
        variables.put("query", searchQuery(from, to));
        variables.put("lines", ShopifyApi.LINES_PER_ORDER);
        JsonNode orders = graphql.execute(ShopifyApi.OP_ORDERS, ShopifyApi.ORDERS, variables, ShopifyApi.ORDERS_COST)
                .path("orders");
        if (!orders.path("nodes").isArray()) {
            throw new IllegalArgumentException("Shopify orders answer has no orders.nodes");
        }
        List<FetchedOrder> fetched = new ArrayList<>();
        Instant now = Instant.now();
        for (JsonNode order : orders.path("nodes")) {
            fetched.add(FetchedOrder.parse(channelId, order.path("id").asText(""), order::toString, now,
                    () -> eventsOf(order)));
        }
        JsonNode pageInfo = orders.path("pageInfo");
        Optional<String> next = pageInfo.path("hasNextPage").asBoolean(false)
                ? Optional.of(text(pageInfo, "endCursor", "orders.pageInfo")) : Optional.empty();
        return OrderPage.of(fetched, next);
    }

    /** One order's lines as Shopify shows them now (for {@code orders/edited}, which carries only deltas). */
    List<OrderEvent> currentLines(String orderId) {
        ObjectNode variables = graphql.json().createObjectNode();
        variables.put("first", 1);
        variables.putNull("after");
        variables.put("query", "id:" + orderId);
        variables.put("lines", ShopifyApi.LINES_PER_ORDER);
        JsonNode nodes = graphql.execute(ShopifyApi.OP_ORDERS, ShopifyApi.ORDERS, variables, ShopifyApi.ORDERS_COST)
                .path("orders").path("nodes");
        List<OrderEvent> events = new ArrayList<>();
        for (JsonNode order : nodes) {
            events.addAll(eventsOf(order));
        }
        return events;
    }

    private List<OrderEvent> eventsOf(JsonNode order) {
        String gid = order.path("id").asText("");
        String orderId = ShopifyIds.numeric(gid, "Order")
                .orElseThrow(() -> new IllegalArgumentException("Shopify order id is not an Order gid: \"" + gid + "\""));
        boolean cancelled = !order.path("cancelledAt").isNull() && !order.path("cancelledAt").isMissingNode();
        Instant updatedAt = instant(order, "updatedAt", orderId);
        Instant occurredAt = cancelled ? instant(order, "cancelledAt", orderId) : updatedAt;
        String mallStatus = order.path("displayFinancialStatus").asText("") + "/"
                + order.path("displayFulfillmentStatus").asText("");

        List<JsonNode> lines = new ArrayList<>();
        JsonNode connection = order.path("lineItems");
        while (true) {
            if (!connection.path("nodes").isArray()) {
                throw new IllegalArgumentException("order " + orderId + ": lineItems.nodes is missing");
            }
            connection.path("nodes").forEach(lines::add);
            JsonNode pageInfo = connection.path("pageInfo");
            if (!pageInfo.path("hasNextPage").asBoolean(false)) {
                break;
            }
            connection = moreLines(gid, text(pageInfo, "endCursor", "order " + orderId + " lineItems.pageInfo"));
        }
        List<OrderEvent> events = new ArrayList<>();
        for (JsonNode line : lines) {
            String lineGid = line.path("id").asText("");
            String lineId = ShopifyIds.numeric(lineGid, "LineItem").orElseThrow(() -> new IllegalArgumentException(
                    "order " + orderId + ": lineItems id is not a LineItem gid: \"" + lineGid + "\""));
            long quantity = number(line, "quantity", orderId, lineId);
            long current = number(line, "currentQuantity", orderId, lineId);
            String itemKey = itemKey(line, orderId, lineId);
            // Ordered by Shopify's updatedAt: an edit or a refund with restock lowers currentQuantity
            // and the ledger's line revision returns exactly the difference.
            events.add(ShopifyStatuses.toEvent(channelId, new ShopifyStatuses.Line(orderId, lineId, itemKey, quantity,
                    current, cancelled, mallStatus, occurredAt), EventOrigin.POLL).withRevision(updatedAt)
                    // Order.name ("#1001"): what the seller knows the order by, for the console only
                    .withOrderName(order.path("name").asText("")));
        }
        return events;
    }

    /** An order with more lines than one page holds: fetch the rest. */
    private JsonNode moreLines(String orderGid, String after) {
        ObjectNode variables = graphql.json().createObjectNode();
        variables.put("id", orderGid);
        variables.put("first", ShopifyApi.LINES_FOLLOW_UP_PAGE);
        variables.put("after", after);
        JsonNode order = graphql.execute(ShopifyApi.OP_ORDER_LINES, ShopifyApi.ORDER_LINES, variables,
                ShopifyApi.ORDER_LINES_COST).path("order");
        return order.path("lineItems");
    }

    /**
     * {@code <inventoryItem>@<location>}; a line with no variant (custom item, deleted product) has
     * no inventory item and is keyed {@code sku:<sku>} (or {@code line:<id>} without a SKU), so it
     * reaches the ledger as an unmapped listing and is reported rather than lost.
     */
    private String itemKey(JsonNode line, String orderId, String lineId) {
        JsonNode inventoryItem = line.path("variant").path("inventoryItem").path("id");
        if (inventoryItem.isTextual()) {
            String itemId = ShopifyIds.numeric(inventoryItem.asText(), "InventoryItem").orElseThrow(() ->
                    new IllegalArgumentException("order " + orderId + " line " + lineId
                            + ": variant.inventoryItem.id is not an InventoryItem gid"));
            return new ShopifyItemKey(itemId, locationId).key();
        }
        return fallbackKey(line.path("sku").asText(""), lineId);
    }

    static String fallbackKey(String sku, String lineId) {
        return sku == null || sku.isBlank() ? "line:" + lineId : "sku:" + sku.strip();
    }

    private static long number(JsonNode node, String field, String orderId, String lineId) {
        JsonNode value = node.path(field);
        if (!value.canConvertToLong()) {
            throw new IllegalArgumentException("order " + orderId + " line " + lineId + ": " + field
                    + " is missing or not a number");
        }
        return value.asLong();
    }

    private static Instant instant(JsonNode node, String field, String orderId) {
        String text = node.path(field).asText("");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("order " + orderId + ": " + field + " is not an ISO-8601 time (\""
                    + text + "\")");
        }
    }

    private static String text(JsonNode node, String field, String where) {
        String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException(where + "." + field + " is missing");
        }
        return value;
    }
}
