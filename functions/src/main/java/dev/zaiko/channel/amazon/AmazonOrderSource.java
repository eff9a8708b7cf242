package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.FetchedOrder;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.PushStatus;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Orders API 2026-01-01 {@code searchOrders} by {@code lastUpdatedAfter}, line items inline, so one
 * call per page and no per-order item calls. The operation allows one call per ~3 minutes
 * sustained (burst 20); see {@link AmazonAdapterFactory#DEFAULT_POLL_INTERVAL}.
 */
public final class AmazonOrderSource implements OrderSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Listing key prefixes of lines that came without a seller SKU; see {@link #itemKey}. */
    static final String UNMAPPED_ASIN_PREFIX = "asin:";
    static final String UNMAPPED_LINE_PREFIX = "line:";

    private final String channelId;
    private final String marketplaceId;
    private final int pageSize;
    private final SpApiClient client;
    private final SpApiClient.Operation searchOrders;
    private final Clock clock;

    AmazonOrderSource(String channelId, String marketplaceId, int pageSize, SpApiClient client, Clock clock) {
        if (pageSize < 1 || pageSize > AmazonApi.MAX_RESULTS_PER_PAGE) {
            throw new IllegalArgumentException("maxResultsPerPage must be 1.." + AmazonApi.MAX_RESULTS_PER_PAGE);
        }
        this.channelId = channelId;
        this.marketplaceId = marketplaceId;
        this.pageSize = pageSize;
        this.client = client;
        this.searchOrders = client.operation("searchOrders", AmazonApi.SEARCH_ORDERS_RATE, AmazonApi.SEARCH_ORDERS_BURST);
        this.clock = clock;
    }

    @Override
    public OrderPage fetchChanged(Instant from, Instant to, Optional<String> pageToken) {
        // Amazon wants every parameter again with the paginationToken, unchanged.
        StringBuilder query = new StringBuilder(AmazonApi.SEARCH_ORDERS_PATH)
                .append("?lastUpdatedAfter=").append(iso(from));
        Instant latestAllowed = clock.instant().minus(AmazonApi.ORDERS_LATEST_BEFORE_NOW);
        Instant before = ceilingSecond(to);
        if (!before.isAfter(latestAllowed)) {
            query.append("&lastUpdatedBefore=").append(before);
        }
        query.append("&marketplaceIds=").append(encode(marketplaceId))
                .append("&includedData=FULFILLMENT")
                .append("&maxResultsPerPage=").append(pageSize);
        pageToken.ifPresent(token -> query.append("&paginationToken=").append(encode(token)));
        HttpResponse<String> response;
        try {
            response = client.get(searchOrders, query.toString());
        } catch (SpApiException e) {
            if (e.kind() == PushStatus.REJECTED) {
                // A 400 here is our request or an expired paginationToken; the poller retries the
                // window, and the mall's code says which.
                throw new ChannelException(PushStatus.RETRY, e.mallCode(), e.getMessage(), Optional.empty());
            }
            throw e;
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ChannelException(PushStatus.RETRY, "MALFORMED", "searchOrders answered non-JSON: "
                    + e.getMessage(), Optional.empty());
        }
        if (!root.path("orders").isArray()) {
            throw new IllegalArgumentException("searchOrders answer has no 'orders' array");
        }
        // Order by order: one Amazon refuses to make sense of is quarantined, the rest go on.
        Instant now = clock.instant();
        List<FetchedOrder> fetched = new ArrayList<>();
        for (JsonNode order : root.path("orders")) {
            fetched.add(FetchedOrder.parse(channelId, order.path("orderId").asText(""), order::toString, now,
                    () -> eventsOfOrder(channelId, order, EventOrigin.POLL)));
        }
        Optional<String> next = Optional.ofNullable(root.path("pagination").path("nextToken").textValue())
                .filter(t -> !t.isBlank());
        return OrderPage.of(fetched, next);
    }

    /**
     * The order lines of a searchOrders answer ({@code {"orders":[...]}}) or a getOrder answer
     * ({@code {"order":{...}}}), normalised. Needs {@code includedData=FULFILLMENT}.
     *
     * @throws IllegalArgumentException naming the field and the order when Amazon's answer is malformed
     */
    public static List<OrderEvent> eventsIn(String channelId, JsonNode response, EventOrigin origin) {
        List<JsonNode> orders = new ArrayList<>();
        if (response.path("orders").isArray()) {
            response.path("orders").forEach(orders::add);
        } else if (response.path("order").isObject()) {
            orders.add(response.path("order"));
        } else {
            throw new IllegalArgumentException("searchOrders answer has no 'orders' array");
        }
        List<OrderEvent> events = new ArrayList<>();
        for (JsonNode order : orders) {
            events.addAll(eventsOfOrder(channelId, order, origin));
        }
        return events;
    }

    /**
     * The lines of one order. A line's quantity is what is still to ship or shipped
     * ({@code quantityFulfilled + quantityUnfulfilled} when Amazon gives both, else
     * {@code quantityOrdered}): after a partial cancellation that is less than ordered, and the
     * ledger's line revision returns the difference (ordered by {@code lastUpdatedTime}). A line of a
     * live order cancelled entirely (both 0) is a CANCEL of that line. Unconfirmed: that cancelled
     * units leave both fulfillment counts is our reading of the 2026-01-01 model's descriptions.
     */
    static List<OrderEvent> eventsOfOrder(String channelId, JsonNode order, EventOrigin origin) {
        List<OrderEvent> events = new ArrayList<>();
        {
            String orderId = text(order, "orderId", "?");
            String status = text(order.path("fulfillment"), "fulfillment.fulfillmentStatus", orderId);
            String fulfilledBy = fulfilledBy(order.path("fulfillment"), orderId);
            OrderAction action = AmazonStatuses.forOrder(fulfilledBy, status).orElseThrow(() ->
                    new IllegalArgumentException("order " + orderId + ": unknown fulfillment.fulfillmentStatus '"
                            + status + "' / fulfilledBy '" + fulfilledBy + "'"));
            Instant updated = instant(order, "lastUpdatedTime", orderId);
            JsonNode items = order.path("orderItems");
            if (!items.isArray()) {
                throw new IllegalArgumentException("order " + orderId + ": 'orderItems' is missing");
            }
            for (JsonNode item : items) {
                String lineId = text(item, "orderItemId", orderId);
                String sku = itemKey(item.path("product"), lineId);
                if (!item.path("quantityOrdered").canConvertToInt() || item.path("quantityOrdered").asInt() < 0) {
                    throw new IllegalArgumentException("order " + orderId + ": orderItems[" + lineId
                            + "].quantityOrdered is missing or negative");
                }
                int quantity = item.path("quantityOrdered").asInt();
                OrderAction lineAction = action;
                JsonNode shipping = item.path("fulfillment");
                if (action == OrderAction.RESERVE && shipping.path("quantityFulfilled").canConvertToInt()
                        && shipping.path("quantityUnfulfilled").canConvertToInt()) {
                    int current = shipping.path("quantityFulfilled").asInt() + shipping.path("quantityUnfulfilled").asInt();
                    if (current <= 0 && quantity > 0) {
                        lineAction = OrderAction.CANCEL;
                    } else if (current < quantity) {
                        quantity = current;
                    }
                }
                Optional<OrderEvent> event = event(channelId, orderId, lineId, sku, quantity, lineAction, status,
                        updated, origin);
                event.ifPresent(events::add);
            }
        }
        return events;
    }

    /**
     * {@code fulfillment.fulfilledBy} is optional in orders_2026-01-01.json ({@code OrderFulfillment}
     * requires only {@code fulfillmentStatus}). Without it the order counts as MERCHANT-fulfilled:
     * <ul>
     *   <li>a wrongly reserved FBA line only makes our shelf show less than it has (the seller loses a
     *       sale, never oversells), while a wrongly ignored MFN line would oversell;</li>
     *   <li>the ORDER_CHANGE notification for the same order carries {@code FulfillmentType}
     *       (AFN/MFN) and arrives as well, so real evidence still wins;</li>
     *   <li>searchOrders has no other field that says who ships ({@code salesChannel} names the
     *       marketplace, {@code fulfillmentOrders} are External Fulfillment shipments).</li>
     * </ul>
     * A value we do not know is still refused (the caller names it), since it is Amazon saying
     * something we have not understood rather than saying nothing.
     */
    static String fulfilledBy(JsonNode fulfillment, String orderId) {
        JsonNode value = fulfillment.path("fulfilledBy");
        if (value.isMissingNode() || value.isNull()) {
            return AmazonApi.FULFILLED_BY_MERCHANT;
        }
        return text(fulfillment, "fulfillment.fulfilledBy", orderId);
    }

    /**
     * The listing key of a line: the seller SKU. {@code product.sellerSku} is optional in the model
     * ({@code ItemProduct} requires nothing); a line without it cannot be mapped to our listings, so
     * it is keyed {@code asin:<ASIN>} (else {@code line:<orderItemId>}) and reaches the ledger as an
     * UNMAPPED line: reported, reservable once the seller links that key, and never stopping the rest
     * of the page (the same fallback the Shopify source uses for lines without a variant).
     */
    static String itemKey(JsonNode product, String lineId) {
        String sku = product.path("sellerSku").asText("");
        if (!sku.isBlank()) {
            return sku;
        }
        String asin = product.path("asin").asText("");
        return asin.isBlank() ? UNMAPPED_LINE_PREFIX + lineId : UNMAPPED_ASIN_PREFIX + asin.strip();
    }

    /**
     * A cancelled line may come back with quantity 0. The ledger restores what the line took, never
     * the event's number, so a cancel still goes out (as 1); a reservation of 0 holds nothing.
     */
    static Optional<OrderEvent> event(String channelId, String orderId, String lineId, String sku, int quantity,
                                      OrderAction action, String mallStatus, Instant at, EventOrigin origin) {
        if (quantity == 0 && action == OrderAction.RESERVE) {
            return Optional.empty();
        }
        int normalised = Math.max(quantity, 1);
        try {
            return Optional.of(new OrderEvent(channelId, orderId, lineId, sku, normalised, action, mallStatus, at,
                    origin));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("order " + orderId + " line " + lineId + ": " + e.getMessage(), e);
        }
    }

    static String text(JsonNode node, String field, String orderId) {
        String name = field.substring(field.lastIndexOf('.') + 1);
        JsonNode value = node.path(name);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("order " + orderId + ": '" + field + "' is missing or not text");
        }
        return value.asText();
    }

    static Instant instant(JsonNode node, String field, String orderId) {
        String value = text(node, field, orderId);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("order " + orderId + ": '" + field + "' is not an ISO-8601 instant: "
                    + value);
        }
    }

    /** Whole seconds, rounded down: the window only ever widens. */
    private static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Whole seconds, rounded up, for the (inclusive) upper bound: the window only ever widens. */
    private static Instant ceilingSecond(Instant instant) {
        Instant seconds = instant.truncatedTo(ChronoUnit.SECONDS);
        return seconds.equals(instant) ? seconds : seconds.plusSeconds(1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
