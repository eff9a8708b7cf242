package dev.zaiko.sim.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Amazon SP-API (JP) as the adapter uses it: the LWA token endpoint, Orders API 2026-01-01
 * {@code searchOrders} with pagination tokens, Listings Items 2021-08-01 get/patch (holding each
 * listing's {@code fulfillment_availability} with lead time and restock date, with real
 * {@code merge} vs {@code replace} semantics), Feeds 2021-06-30 (createFeedDocument, upload to a
 * "pre-signed" URL, createFeed, getFeed, getFeedDocument with a GZIP processing report), and FBA
 * Inventory {@code getInventorySummaries}, and Fulfillment Outbound 2020-07-01 (MCF) create, get
 * and cancel. Errors come in SP-API's own shapes: 403 Unauthorized,
 * 429 QuotaExceeded, 503 ServiceUnavailable, 400 InvalidInput, INVALID submissions with issues.
 *
 * <p>Shoppers: {@link #buy} (MFN, UNSHIPPED), {@link #buyFba} (AFN), {@link #cancel},
 * {@link #ship}, {@link #requestCancellationByBuyer}, {@link #setFulfillmentStatus}. With
 * {@link #publishOrderChangesTo} set, each change also goes to an SQS queue as an ORDER_CHANGE
 * notification, as Amazon delivers them.
 *
 * <p>This class is the router and the public face (shoppers, test controls, SP-API's fault
 * shapes); each SP-API section is a class of its own, as {@code channel/amazon} is split:
 * {@link LwaAuthApi}, {@link OrdersApi}, {@link ListingsItemsApi}, {@link FeedsApi},
 * {@link FbaInventoryApi}, {@link FulfillmentOutboundApi}, {@link NotificationsApi}, over the
 * seller's state in {@link SpApiState}.
 */
public final class AmazonSimulator extends MallSimulator {
    public static final String CLIENT_ID = "amzn1.application-oa2-client.simulator";
    public static final String CLIENT_SECRET = "simulator-client-secret";
    public static final String REFRESH_TOKEN = "Atzr|simulator-refresh-token";
    public static final String SELLER_ID = "A2SIMSELLERJP01";
    public static final String MARKETPLACE_ID = "A1VC38T7YXB528";
    /** searchOrders answers "before" must be at least this far in the past. */
    public static final Duration ORDERS_LATENCY = Duration.ofMinutes(2);

    static final List<String> FULFILLMENT_STATUSES = List.of("PENDING_AVAILABILITY", "PENDING", "UNSHIPPED",
            "PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED", "UNFULFILLABLE");
    static final Map<String, String> NOTIFICATION_STATUS = Map.of(
            "PENDING_AVAILABILITY", "PendingAvailability", "PENDING", "Pending", "UNSHIPPED", "Unshipped",
            "PARTIALLY_SHIPPED", "PartiallyShipped", "SHIPPED", "Shipped", "CANCELLED", "Canceled",
            "UNFULFILLABLE", "Unfulfillable");
    static final Set<String> PATCH_OPS = Set.of("add", "replace", "merge", "delete");

    /**
     * A multi-channel fulfilment order as Amazon holds it. Creating one takes its units out of the
     * SKU's fulfillable count at once (Received: validated against sellable inventory and reserved);
     * cancelling it while Received/Planning gives them back.
     */
    public record McfOrder(String sellerFulfillmentOrderId, String displayableOrderId, String sellerSku,
                           int quantity, String fulfillmentAction, String shippingSpeedCategory,
                           String destinationName, String status, String requestBody) {
    }

    private final SpApiState state = new SpApiState();
    private final LwaAuthApi auth = new LwaAuthApi(this, state);
    private final OrdersApi orders = new OrdersApi(this, state);
    private final ListingsItemsApi listings = new ListingsItemsApi(this, state);
    private final FeedsApi feeds = new FeedsApi(this, state);
    private final FbaInventoryApi fbaInventory = new FbaInventoryApi(this, state);
    private final FulfillmentOutboundApi fulfillmentOutbound = new FulfillmentOutboundApi(this, state);
    private final NotificationsApi notifications = new NotificationsApi(this, state);

    public AmazonSimulator() {
        this(Clock.systemUTC());
    }

    public AmazonSimulator(Clock clock) {
        super(clock);
        unfaultedRoute("POST", "/auth/o2/token", auth::lwaToken);
        route("GET", "/orders/2026-01-01/orders", auth.authorised(orders::searchOrders));
        route("GET", "/listings/2021-08-01/items/", auth.authorised(listings::getListingsItem));
        route("PATCH", "/listings/2021-08-01/items/", auth.authorised(listings::patchListingsItem));
        route("POST", "/feeds/2021-06-30/documents", auth.authorised(feeds::createFeedDocument));
        route("GET", "/feeds/2021-06-30/documents/", auth.authorised(feeds::getFeedDocument));
        route("POST", "/feeds/2021-06-30/feeds", auth.authorised(feeds::createFeed));
        route("GET", "/feeds/2021-06-30/feeds/", auth.authorised(feeds::getFeed));
        // The pre-signed S3 URLs: no SP-API token, no SP-API faults.
        unfaultedRoute("PUT", "/sim-s3/feed-documents/", feeds::uploadDocument);
        unfaultedRoute("GET", "/sim-s3/feed-documents/", feeds::downloadDocument);
        route("GET", "/fba/inventory/v1/summaries", auth.authorised(fbaInventory::getInventorySummaries));
        route("POST", "/fba/outbound/2020-07-01/fulfillmentOrders",
                auth.authorised(fulfillmentOutbound::createFulfillmentOrder));
        route("GET", "/fba/outbound/2020-07-01/fulfillmentOrders/",
                auth.authorised(fulfillmentOutbound::getFulfillmentOrder));
        route("PUT", "/fba/outbound/2020-07-01/fulfillmentOrders/",
                auth.authorised(fulfillmentOutbound::cancelFulfillmentOrder));
        start();
    }

    @Override
    public String mallName() {
        return "amazon";
    }

    // ================================================================== test and demo controls

    /** A seller-fulfilled listing with its quantity; no lead time or restock date set. */
    @Override
    public void putItem(String sku, long quantity) {
        putListing(sku, quantity, null, null);
    }

    /** A seller-fulfilled listing with the fields a quantity update must not touch. */
    public void putListing(String sku, long quantity, Integer leadTimeToShipMaxDays, String restockDate) {
        SpApiState.ListingTerms terms = new SpApiState.ListingTerms();
        terms.leadTimeDays = leadTimeToShipMaxDays;
        terms.restockDate = restockDate;
        state.listings.put(sku, terms);
        super.putItem(sku, quantity);
    }

    /** The listing's title and JAN (an EAN-13 in {@code externally_assigned_product_identifier}), as Seller Central holds them. */
    public void putListingDetails(String sku, String itemName, String jan) {
        SpApiState.ListingTerms terms = state.listings.get(sku);
        if (terms == null) {
            throw new IllegalArgumentException("no listing " + sku + ": putItem first");
        }
        terms.itemName = itemName;
        terms.ean = jan;
    }

    /**
     * From now on getListingsItem for {@code sku} answers {@code recorded} (a real answer, e.g. the
     * sandbox one in listingsItems_2021-08-01.json) with its {@code sku} set and only the sections
     * the request's {@code includedData} names, as Amazon filters them.
     */
    public void putRecordedListing(String sku, com.fasterxml.jackson.databind.JsonNode recorded) {
        if (!recorded.isObject()) {
            throw new IllegalArgumentException("a getListingsItem answer is a JSON object");
        }
        state.recordedListings.put(sku, (ObjectNode) recorded.deepCopy());
    }

    public OptionalInt leadTimeToShipMaxDays(String sku) {
        SpApiState.ListingTerms terms = state.listings.get(sku);
        return terms == null || terms.leadTimeDays == null ? OptionalInt.empty() : OptionalInt.of(terms.leadTimeDays);
    }

    public Optional<String> restockDate(String sku) {
        SpApiState.ListingTerms terms = state.listings.get(sku);
        return terms == null ? Optional.empty() : Optional.ofNullable(terms.restockDate);
    }

    /** Units in Amazon's fulfilment centres (FBA), separate from the seller's own displayed stock. */
    public void putFbaItem(String sku, long fulfillable) {
        synchronized (state) {
            int n = state.fba.size() + 1;
            state.fba.put(sku, new SpApiState.FbaItem(String.format("B0SIM%05d", n), String.format("X0SIM%05d", n), fulfillable,
                    clock.instant()));
        }
    }

    public long fbaFulfillable(String sku) {
        synchronized (state) {
            SpApiState.FbaItem item = state.fba.get(sku);
            return item == null ? 0 : item.fulfillable;
        }
    }

    /** Amazon's count changes (a restock received, a removal, damage found): notifies when subscribed. */
    public void setFbaFulfillable(String sku, long fulfillable) {
        synchronized (state) {
            SpApiState.FbaItem item = state.fba.get(sku);
            if (item == null) {
                throw new IllegalArgumentException("no FBA item " + sku + " in the Amazon simulator");
            }
            item.fulfillable = fulfillable;
            item.updated = clock.instant();
        }
        notifications.notifyFbaChange(sku);
    }

    /**
     * From now on every change of an FBA count is also sent to this queue as an
     * FBA_INVENTORY_AVAILABILITY_CHANGES notification, as Amazon delivers them.
     */
    public void publishFbaInventoryChangesTo(SqsClient client, String url) {
        state.fbaSqs = client;
        state.fbaQueueUrl = url;
    }

    public List<McfOrder> fulfillmentOrders() {
        synchronized (state) {
            return List.copyOf(state.mcfOrders.values());
        }
    }

    public void fbaPageSize(int size) {
        state.fbaPageSize = size;
    }

    /** Feeds stay IN_QUEUE/IN_PROGRESS for this many getFeed calls before they are processed. */
    public void feedPollsBeforeDone(int polls) {
        state.feedPollsBeforeDone = polls;
    }

    /** Every access token issued so far stops working (as after an hour, or a revocation). */
    public void expireAccessTokens() {
        state.accessTokens.replaceAll((token, until) -> Instant.MIN);
    }

    /** The seller revoked the app: LWA answers invalid_grant. */
    public void revokeRefreshToken(boolean revoked) {
        state.refreshTokenRevoked = revoked;
    }

    /** From now on every order change is also sent to this queue as an ORDER_CHANGE notification. */
    public void publishOrderChangesTo(SqsClient client, String url) {
        state.sqs = client;
        state.queueUrl = url;
    }

    @Override
    public BuyResult buy(String sku, int quantity) {
        SpApiState.SimOrder order;
        synchronized (state) {
            if (quantity < 1 || !takeShown(sku, quantity)) {
                return BuyResult.refused();
            }
            order = orders.newOrder("MERCHANT", sku, quantity);
        }
        notifications.notifyChange(order, "OrderStatusChange", "NewOrder");
        return new BuyResult(true, order.orderId);
    }

    /** An order fulfilled by Amazon from the FBA pool (AFN); the seller's own stock is untouched. */
    public BuyResult buyFba(String sku, int quantity) {
        SpApiState.SimOrder order;
        synchronized (state) {
            SpApiState.FbaItem item = state.fba.get(sku);
            if (quantity < 1 || item == null || item.fulfillable < quantity) {
                return BuyResult.refused();
            }
            item.fulfillable -= quantity;
            item.updated = clock.instant();
            order = orders.newOrder("AMAZON", sku, quantity);
        }
        notifications.notifyChange(order, "OrderStatusChange", "NewOrder");
        notifications.notifyFbaChange(sku);
        return new BuyResult(true, order.orderId);
    }

    @Override
    public void cancel(String orderId) {
        SpApiState.SimOrder order;
        synchronized (state) {
            order = orders.order(orderId);
            if (order.status.equals("CANCELLED")) {
                return;
            }
            for (SpApiState.SimItem item : order.items) {
                long unshipped = item.quantity - item.shipped - item.cancelled;
                if (order.fulfilledBy.equals("MERCHANT")) {
                    giveBackShown(item.sku, unshipped);
                } else if (state.fba.containsKey(item.sku)) {
                    state.fba.get(item.sku).fulfillable += unshipped;
                    state.fba.get(item.sku).updated = clock.instant();
                }
            }
            order.status = "CANCELLED";
            order.updated = clock.instant();
        }
        notifications.notifyChange(order, "OrderStatusChange", "OrderCanceled");
        if (order.fulfilledBy.equals("AMAZON")) {
            order.items.forEach(item -> notifications.notifyFbaChange(item.sku));
        }
    }

    public void ship(String orderId) {
        SpApiState.SimOrder order;
        synchronized (state) {
            order = orders.order(orderId);
            order.items.forEach(item -> item.shipped = item.quantity - item.cancelled);
            order.status = "SHIPPED";
            order.updated = clock.instant();
        }
        notifications.notifyChange(order, "OrderStatusChange", "OrderShipped");
    }

    /** Any v2026 fulfillment status, for walking an order through Amazon's states. */
    public void setFulfillmentStatus(String orderId, String status) {
        if (!FULFILLMENT_STATUSES.contains(status)) {
            throw new IllegalArgumentException("not an Orders API 2026-01-01 fulfillment status: " + status);
        }
        SpApiState.SimOrder order;
        synchronized (state) {
            order = orders.order(orderId);
            order.status = status;
            order.updated = clock.instant();
        }
        notifications.notifyChange(order, "OrderStatusChange", "StatusChanged");
    }

    /**
     * The order is served without {@code fulfillment.fulfillmentStatus} (which orders_2026-01-01.json
     * requires): a malformed answer, for testing that one such order does not take its page down.
     */
    public void dropFulfillmentStatus(String orderId) {
        synchronized (state) {
            SpApiState.SimOrder order = orders.order(orderId);
            order.status = null;
            order.updated = clock.instant();
        }
    }

    /**
     * The seller cancels units of one line (Seller Central's partial cancellation): the line keeps
     * {@code quantityOrdered}, its {@code quantityUnfulfilled} drops by the units cancelled and
     * {@code cancellation.cancellationExecution} is set; {@code lastUpdatedTime} moves and an
     * ORDER_CHANGE goes out. Amazon can only cancel units: a rise is refused (501). Unconfirmed: that
     * cancelled units leave both fulfillment counts, and what the notification's {@code Quantity} then
     * says (we send the units still on the order).
     */
    @Override
    protected void editLine(String orderId, String itemKey, int quantity) {
        SpApiState.SimOrder order;
        synchronized (state) {
            order = orders.order(orderId);
            SpApiState.SimItem item = order.items.stream().filter(i -> i.sku.equals(itemKey)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Amazon order " + orderId + " has no line for "
                            + itemKey));
            int current = item.quantity - item.cancelled;
            if (quantity > current) {
                throw new UnsupportedOperationException("amazon: a line can only lose units (a partial cancellation);"
                        + " order " + orderId + " " + itemKey + " holds " + current + ", cannot become " + quantity);
            }
            if (quantity < item.shipped) {
                throw new IllegalArgumentException("Amazon order " + orderId + " " + itemKey + " has " + item.shipped
                        + " units shipped: they cannot be cancelled");
            }
            if (quantity == current) {
                return;
            }
            item.cancelled += current - quantity;
            if (order.fulfilledBy.equals("MERCHANT")) {
                giveBackShown(item.sku, current - quantity);
            }
            order.updated = clock.instant();
        }
        notifications.notifyChange(order, "OrderStatusChange", "PartialCancel");
    }

    /**
     * An order the adapter must refuse, placed now among the others: {@code unknownStatus} (a
     * {@code fulfillment.fulfillmentStatus} outside the model's list) or {@code missingField} (an
     * order item without its required {@code orderItemId}). {@code zeroQuantity} is refused (501): a
     * live line of 0 units holds nothing for the adapter (not malformed data), and a cancelled line
     * reports 0 units as Amazon really does. No ORDER_CHANGE is sent for it.
     */
    @Override
    protected String addMalformedOrder(String reason) {
        if (reason.equals("zeroQuantity")) {
            throw new UnsupportedOperationException("amazon: zeroQuantity is not malformed for Amazon (a 0-unit line"
                    + " holds nothing, a cancelled line reports 0); use unknownStatus or missingField");
        }
        synchronized (state) {
            SpApiState.SimOrder order = orders.newOrder("MERCHANT", "poison-sku", 1);
            order.malformed = reason;
            if (reason.equals("unknownStatus")) {
                order.status = "SIM_UNKNOWN_STATUS";
            }
            return order.orderId;
        }
    }

    /** The buyer asks to cancel; the order stays as it is until the seller acts. */
    public void requestCancellationByBuyer(String orderId) {
        SpApiState.SimOrder order;
        synchronized (state) {
            order = orders.order(orderId);
            order.items.forEach(item -> item.buyerCancel = true);
            order.updated = clock.instant();
        }
        notifications.notifyChange(order, "BuyerRequestedChange", "Buyer Requested Cancel");
    }

    public String orderStatus(String orderId) {
        synchronized (state) {
            return orders.order(orderId).status;
        }
    }

    // ================================================================== faults in SP-API's shapes

    @Override
    protected SimResponse authError(SimRequest request) {
        return SpApiSection.error(403, "Unauthorized", "Access to requested resource is denied.",
                "The access token you provided is revoked, malformed or invalid.");
    }

    @Override
    protected SimResponse rateLimited(SimRequest request, Duration retryAfter) {
        // SP-API sends no Retry-After (and no rate header) on a 429; clients back off by the usage plan.
        return SpApiSection.error(429, "QuotaExceeded", "You exceeded your quota for the requested resource.", "");
    }

    @Override
    protected SimResponse maintenanceError(SimRequest request) {
        return SpApiSection.error(503, "ServiceUnavailable", "Service temporarily unavailable. Please try again later.", "");
    }

    @Override
    protected SimResponse serverError(SimRequest request) {
        return SpApiSection.error(500, "InternalFailure", "We encountered an internal error. Please try again.", "");
    }

    /** How many access tokens LWA has handed out. */
    public int tokensIssued() {
        return state.tokenCounter.get();
    }

    // ================================================================== for the sections (same package)

    Clock clock() {
        return clock;
    }

    com.fasterxml.jackson.databind.ObjectMapper json() {
        return json;
    }

    SimResponse authErrorFor(SimRequest request) {
        return authError(request);
    }

    boolean takeShownUnits(String sku, long quantity) {
        return takeShown(sku, quantity);
    }

    void giveBackShownUnits(String sku, long quantity) {
        giveBackShown(sku, quantity);
    }

    void setShownUnits(String sku, long quantity) {
        setShown(sku, quantity);
    }

    NotificationsApi notifications() {
        return notifications;
    }

    ListingsItemsApi listingsApi() {
        return listings;
    }
}
