package dev.zaiko.sim.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * Amazon SP-API (JP) as the adapter uses it: the LWA token endpoint, Orders API 2026-01-01
 * {@code searchOrders} with pagination tokens, Listings Items 2021-08-01 get/patch (holding each
 * listing's {@code fulfillment_availability} with lead time and restock date, with real
 * {@code merge} vs {@code replace} semantics), Feeds 2021-06-30 (createFeedDocument, upload to a
 * "pre-signed" URL, createFeed, getFeed, getFeedDocument with a GZIP processing report), and FBA
 * Inventory {@code getInventorySummaries}. Errors come in SP-API's own shapes: 403 Unauthorized,
 * 429 QuotaExceeded, 503 ServiceUnavailable, 400 InvalidInput, INVALID submissions with issues.
 *
 * <p>Shoppers: {@link #buy} (MFN, UNSHIPPED), {@link #buyFba} (AFN), {@link #cancel},
 * {@link #ship}, {@link #requestCancellationByBuyer}, {@link #setFulfillmentStatus}. With
 * {@link #publishOrderChangesTo} set, each change also goes to an SQS queue as an ORDER_CHANGE
 * notification, as Amazon delivers them.
 */
public final class AmazonSimulator extends MallSimulator {
    public static final String CLIENT_ID = "amzn1.application-oa2-client.simulator";
    public static final String CLIENT_SECRET = "simulator-client-secret";
    public static final String REFRESH_TOKEN = "Atzr|simulator-refresh-token";
    public static final String SELLER_ID = "A2SIMSELLERJP01";
    public static final String MARKETPLACE_ID = "A1VC38T7YXB528";
    /** searchOrders answers "before" must be at least this far in the past. */
    public static final Duration ORDERS_LATENCY = Duration.ofMinutes(2);

    private static final List<String> FULFILLMENT_STATUSES = List.of("PENDING_AVAILABILITY", "PENDING", "UNSHIPPED",
            "PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED", "UNFULFILLABLE");
    private static final Map<String, String> NOTIFICATION_STATUS = Map.of(
            "PENDING_AVAILABILITY", "PendingAvailability", "PENDING", "Pending", "UNSHIPPED", "Unshipped",
            "PARTIALLY_SHIPPED", "PartiallyShipped", "SHIPPED", "Shipped", "CANCELLED", "Canceled",
            "UNFULFILLABLE", "Unfulfillable");
    private static final Set<String> PATCH_OPS = Set.of("add", "replace", "merge", "delete");

    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final AtomicInteger tokenCounter = new AtomicInteger();
    private volatile boolean refreshTokenRevoked;
    private final Map<String, ListingTerms> listings = new ConcurrentHashMap<>();
    private final Map<String, SimOrder> orders = new LinkedHashMap<>();
    private final AtomicInteger orderCounter = new AtomicInteger();
    private final Map<String, Cursor> searchCursors = new ConcurrentHashMap<>();
    private final Map<String, FbaItem> fba = new LinkedHashMap<>();
    private final Map<String, Cursor> fbaCursors = new ConcurrentHashMap<>();
    private volatile int fbaPageSize = 50;
    private final Map<String, Document> documents = new ConcurrentHashMap<>();
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final AtomicInteger feedCounter = new AtomicInteger();
    private volatile int feedPollsBeforeDone;
    private volatile SqsClient sqs;
    private volatile String queueUrl;

    /** Lead time and restock date: the listing fields a quantity update must leave alone. */
    private static final class ListingTerms {
        String productType = "PRODUCT";
        String itemName;
        String ean;
        Integer leadTimeDays;
        String restockDate;
    }

    private static final class SimItem {
        final String orderItemId;
        final String sku;
        final int quantity;
        int shipped;
        boolean buyerCancel;

        SimItem(String orderItemId, String sku, int quantity) {
            this.orderItemId = orderItemId;
            this.sku = sku;
            this.quantity = quantity;
        }
    }

    private static final class SimOrder {
        final String orderId;
        final Instant created;
        final String fulfilledBy;
        final List<SimItem> items = new ArrayList<>();
        Instant updated;
        String status;

        SimOrder(String orderId, Instant created, String fulfilledBy, String status) {
            this.orderId = orderId;
            this.created = created;
            this.updated = created;
            this.fulfilledBy = fulfilledBy;
            this.status = status;
        }
    }

    private record Cursor(String signature, List<String> keys, int offset) {
    }

    private static final class FbaItem {
        final String asin;
        final String fnSku;
        long fulfillable;
        Instant updated;

        FbaItem(String asin, String fnSku, long fulfillable, Instant updated) {
            this.asin = asin;
            this.fnSku = fnSku;
            this.fulfillable = fulfillable;
            this.updated = updated;
        }
    }

    private static final class Document {
        final String contentType;
        final boolean gzip;
        volatile byte[] content;

        Document(String contentType, boolean gzip, byte[] content) {
            this.contentType = contentType;
            this.gzip = gzip;
            this.content = content;
        }
    }

    private static final class Feed {
        final String feedId;
        final String feedType;
        final String inputDocumentId;
        final Instant created;
        String status = "IN_QUEUE";
        int pollsLeft;
        Instant started;
        Instant ended;
        String resultDocumentId;

        Feed(String feedId, String feedType, String inputDocumentId, Instant created, int pollsLeft) {
            this.feedId = feedId;
            this.feedType = feedType;
            this.inputDocumentId = inputDocumentId;
            this.created = created;
            this.pollsLeft = pollsLeft;
        }
    }

    public AmazonSimulator() {
        this(Clock.systemUTC());
    }

    public AmazonSimulator(Clock clock) {
        super(clock);
        unfaultedRoute("POST", "/auth/o2/token", this::lwaToken);
        route("GET", "/orders/2026-01-01/orders", authorised(this::searchOrders));
        route("GET", "/listings/2021-08-01/items/", authorised(this::getListingsItem));
        route("PATCH", "/listings/2021-08-01/items/", authorised(this::patchListingsItem));
        route("POST", "/feeds/2021-06-30/documents", authorised(this::createFeedDocument));
        route("GET", "/feeds/2021-06-30/documents/", authorised(this::getFeedDocument));
        route("POST", "/feeds/2021-06-30/feeds", authorised(this::createFeed));
        route("GET", "/feeds/2021-06-30/feeds/", authorised(this::getFeed));
        // The pre-signed S3 URLs: no SP-API token, no SP-API faults.
        unfaultedRoute("PUT", "/sim-s3/feed-documents/", this::uploadDocument);
        unfaultedRoute("GET", "/sim-s3/feed-documents/", this::downloadDocument);
        route("GET", "/fba/inventory/v1/summaries", authorised(this::getInventorySummaries));
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
        ListingTerms terms = new ListingTerms();
        terms.leadTimeDays = leadTimeToShipMaxDays;
        terms.restockDate = restockDate;
        listings.put(sku, terms);
        super.putItem(sku, quantity);
    }

    /** The listing's title and JAN (an EAN-13 in {@code externally_assigned_product_identifier}), as Seller Central holds them. */
    public void putListingDetails(String sku, String itemName, String jan) {
        ListingTerms terms = listings.get(sku);
        if (terms == null) {
            throw new IllegalArgumentException("no listing " + sku + ": putItem first");
        }
        terms.itemName = itemName;
        terms.ean = jan;
    }

    public OptionalInt leadTimeToShipMaxDays(String sku) {
        ListingTerms terms = listings.get(sku);
        return terms == null || terms.leadTimeDays == null ? OptionalInt.empty() : OptionalInt.of(terms.leadTimeDays);
    }

    public Optional<String> restockDate(String sku) {
        ListingTerms terms = listings.get(sku);
        return terms == null ? Optional.empty() : Optional.ofNullable(terms.restockDate);
    }

    /** Units in Amazon's fulfilment centres (FBA), separate from the seller's own displayed stock. */
    public synchronized void putFbaItem(String sku, long fulfillable) {
        int n = fba.size() + 1;
        fba.put(sku, new FbaItem(String.format("B0SIM%05d", n), String.format("X0SIM%05d", n), fulfillable,
                clock.instant()));
    }

    public synchronized long fbaFulfillable(String sku) {
        FbaItem item = fba.get(sku);
        return item == null ? 0 : item.fulfillable;
    }

    public void fbaPageSize(int size) {
        fbaPageSize = size;
    }

    /** Feeds stay IN_QUEUE/IN_PROGRESS for this many getFeed calls before they are processed. */
    public void feedPollsBeforeDone(int polls) {
        feedPollsBeforeDone = polls;
    }

    /** Every access token issued so far stops working (as after an hour, or a revocation). */
    public void expireAccessTokens() {
        accessTokens.replaceAll((token, until) -> Instant.MIN);
    }

    /** The seller revoked the app: LWA answers invalid_grant. */
    public void revokeRefreshToken(boolean revoked) {
        refreshTokenRevoked = revoked;
    }

    /** From now on every order change is also sent to this queue as an ORDER_CHANGE notification. */
    public void publishOrderChangesTo(SqsClient client, String url) {
        this.sqs = client;
        this.queueUrl = url;
    }

    @Override
    public BuyResult buy(String sku, int quantity) {
        SimOrder order;
        synchronized (this) {
            if (quantity < 1 || !takeShown(sku, quantity)) {
                return BuyResult.refused();
            }
            order = newOrder("MERCHANT", sku, quantity);
        }
        notifyChange(order, "OrderStatusChange", "NewOrder");
        return new BuyResult(true, order.orderId);
    }

    /** An order fulfilled by Amazon from the FBA pool (AFN); the seller's own stock is untouched. */
    public BuyResult buyFba(String sku, int quantity) {
        SimOrder order;
        synchronized (this) {
            FbaItem item = fba.get(sku);
            if (quantity < 1 || item == null || item.fulfillable < quantity) {
                return BuyResult.refused();
            }
            item.fulfillable -= quantity;
            item.updated = clock.instant();
            order = newOrder("AMAZON", sku, quantity);
        }
        notifyChange(order, "OrderStatusChange", "NewOrder");
        return new BuyResult(true, order.orderId);
    }

    @Override
    public void cancel(String orderId) {
        SimOrder order;
        synchronized (this) {
            order = order(orderId);
            if (order.status.equals("CANCELLED")) {
                return;
            }
            for (SimItem item : order.items) {
                long unshipped = item.quantity - item.shipped;
                if (order.fulfilledBy.equals("MERCHANT")) {
                    giveBackShown(item.sku, unshipped);
                } else if (fba.containsKey(item.sku)) {
                    fba.get(item.sku).fulfillable += unshipped;
                }
            }
            order.status = "CANCELLED";
            order.updated = clock.instant();
        }
        notifyChange(order, "OrderStatusChange", "OrderCanceled");
    }

    public void ship(String orderId) {
        SimOrder order;
        synchronized (this) {
            order = order(orderId);
            order.items.forEach(item -> item.shipped = item.quantity);
            order.status = "SHIPPED";
            order.updated = clock.instant();
        }
        notifyChange(order, "OrderStatusChange", "OrderShipped");
    }

    /** Any v2026 fulfillment status, for walking an order through Amazon's states. */
    public void setFulfillmentStatus(String orderId, String status) {
        if (!FULFILLMENT_STATUSES.contains(status)) {
            throw new IllegalArgumentException("not an Orders API 2026-01-01 fulfillment status: " + status);
        }
        SimOrder order;
        synchronized (this) {
            order = order(orderId);
            order.status = status;
            order.updated = clock.instant();
        }
        notifyChange(order, "OrderStatusChange", "StatusChanged");
    }

    /** The buyer asks to cancel; the order stays as it is until the seller acts. */
    public void requestCancellationByBuyer(String orderId) {
        SimOrder order;
        synchronized (this) {
            order = order(orderId);
            order.items.forEach(item -> item.buyerCancel = true);
            order.updated = clock.instant();
        }
        notifyChange(order, "BuyerRequestedChange", "Buyer Requested Cancel");
    }

    public synchronized String orderStatus(String orderId) {
        return order(orderId).status;
    }

    private SimOrder newOrder(String fulfilledBy, String sku, int quantity) {
        int n = orderCounter.incrementAndGet();
        String orderId = String.format("503-%07d-%07d", n, (n * 7919L) % 10_000_000L);
        SimOrder order = new SimOrder(orderId, clock.instant(), fulfilledBy, "UNSHIPPED");
        order.items.add(new SimItem(String.format("%014d", 50_300_000_000_000L + n), sku, quantity));
        orders.put(orderId, order);
        return order;
    }

    private SimOrder order(String orderId) {
        SimOrder order = orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("no order " + orderId + " in the Amazon simulator");
        }
        return order;
    }

    // ================================================================== faults in SP-API's shapes

    private static String errorList(String code, String message, String details) {
        return "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'")
                + "\",\"details\":\"" + details.replace("\"", "'") + "\"}]}";
    }

    private static SimResponse error(int status, String code, String message, String details) {
        return SimResponse.json(status, errorList(code, message, details))
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    private static SimResponse invalidInput(String details) {
        return error(400, "InvalidInput", "Invalid Input", details);
    }

    @Override
    protected SimResponse authError(SimRequest request) {
        return error(403, "Unauthorized", "Access to requested resource is denied.",
                "The access token you provided is revoked, malformed or invalid.");
    }

    @Override
    protected SimResponse rateLimited(SimRequest request, Duration retryAfter) {
        // SP-API sends no Retry-After (and no rate header) on a 429; clients back off by the usage plan.
        return error(429, "QuotaExceeded", "You exceeded your quota for the requested resource.", "");
    }

    @Override
    protected SimResponse maintenanceError(SimRequest request) {
        return error(503, "ServiceUnavailable", "Service temporarily unavailable. Please try again later.", "");
    }

    @Override
    protected SimResponse serverError(SimRequest request) {
        return error(500, "InternalFailure", "We encountered an internal error. Please try again.", "");
    }

    private Function<SimRequest, SimResponse> authorised(Function<SimRequest, SimResponse> handler) {
        return request -> {
            String token = request.header("x-amz-access-token");
            if (token == null || token.isBlank()) {
                return error(403, "MissingAuthenticationToken", "Access to requested resource is denied.",
                        "The request does not carry an x-amz-access-token header.");
            }
            Instant until = accessTokens.get(token);
            if (until == null) {
                return authError(request);
            }
            if (!clock.instant().isBefore(until)) {
                return error(403, "Unauthorized", "Access to requested resource is denied.",
                        "The access token you provided has expired.");
            }
            return handler.apply(request);
        };
    }

    // ================================================================== Login with Amazon

    private SimResponse lwaToken(SimRequest request) {
        Map<String, String> form = request.form();
        if (!"refresh_token".equals(form.get("grant_type"))) {
            return SimResponse.json(400, "{\"error\":\"unsupported_grant_type\","
                    + "\"error_description\":\"The authorization grant type is not supported by the authorization server\"}");
        }
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            return SimResponse.json(401, "{\"error\":\"invalid_client\","
                    + "\"error_description\":\"Client authentication failed\"}");
        }
        if (refreshTokenRevoked || !REFRESH_TOKEN.equals(form.get("refresh_token"))) {
            return SimResponse.json(400, "{\"error\":\"invalid_grant\","
                    + "\"error_description\":\"The request has an invalid grant parameter : refresh_token\"}");
        }
        String token = "Atza|simulator-" + tokenCounter.incrementAndGet();
        accessTokens.put(token, clock.instant().plusSeconds(3600));
        ObjectNode body = json.createObjectNode();
        body.put("access_token", token);
        body.put("refresh_token", REFRESH_TOKEN);
        body.put("token_type", "bearer");
        body.put("expires_in", 3600);
        return SimResponse.json(200, body.toString());
    }

    /** How many access tokens LWA has handed out. */
    public int tokensIssued() {
        return tokenCounter.get();
    }

    // ================================================================== Orders API 2026-01-01

    private SimResponse searchOrders(SimRequest request) {
        Map<String, String> q = request.query();
        boolean byCreated = q.containsKey("createdAfter");
        boolean byUpdated = q.containsKey("lastUpdatedAfter");
        if (byCreated == byUpdated) {
            return invalidInput("Exactly one of createdAfter and lastUpdatedAfter must be provided.");
        }
        Instant after;
        Optional<Instant> before;
        try {
            after = Instant.parse(q.get(byCreated ? "createdAfter" : "lastUpdatedAfter"));
            String beforeName = byCreated ? "createdBefore" : "lastUpdatedBefore";
            before = q.containsKey(beforeName) ? Optional.of(Instant.parse(q.get(beforeName))) : Optional.empty();
        } catch (DateTimeParseException e) {
            return invalidInput("Dates must be ISO 8601: " + e.getParsedString());
        }
        Instant latest = clock.instant().minus(ORDERS_LATENCY);
        if (before.isPresent() && (before.get().isAfter(latest) || before.get().isBefore(after))) {
            return invalidInput("The before date must be at least two minutes before the request and not before the after date.");
        }
        int pageSize;
        try {
            pageSize = Integer.parseInt(q.getOrDefault("maxResultsPerPage", "100"));
        } catch (NumberFormatException e) {
            return invalidInput("maxResultsPerPage must be a number");
        }
        if (pageSize < 1 || pageSize > 100) {
            return invalidInput("maxResultsPerPage must be between 1 and 100.");
        }
        Set<String> included = Set.of(q.getOrDefault("includedData", "").split(","));
        String signature = signature(q, Set.of("paginationToken", "maxResultsPerPage", "includedData"));
        Cursor cursor;
        String token = q.get("paginationToken");
        if (token != null) {
            cursor = searchCursors.get(token);
            if (cursor == null || !cursor.signature().equals(signature)) {
                return invalidInput("The paginationToken is invalid or does not match the other parameters.");
            }
        } else {
            List<String> matching = new ArrayList<>();
            Instant until = before.orElse(latest);
            boolean marketplaceOk = !q.containsKey("marketplaceIds")
                    || Arrays.asList(q.get("marketplaceIds").split(",")).contains(MARKETPLACE_ID);
            synchronized (this) {
                orders.values().stream()
                        .filter(o -> marketplaceOk)
                        .filter(o -> {
                            Instant t = byCreated ? o.created : o.updated;
                            return !t.isBefore(after) && !t.isAfter(until);
                        })
                        .filter(o -> !q.containsKey("fulfillmentStatuses")
                                || Arrays.asList(q.get("fulfillmentStatuses").split(",")).contains(o.status))
                        .filter(o -> !q.containsKey("fulfilledBy")
                                || Arrays.asList(q.get("fulfilledBy").split(",")).contains(o.fulfilledBy))
                        .sorted((a, b) -> a.updated.equals(b.updated) ? a.orderId.compareTo(b.orderId)
                                : a.updated.compareTo(b.updated))
                        .forEach(o -> matching.add(o.orderId));
            }
            cursor = new Cursor(signature, List.copyOf(matching), 0);
        }
        List<String> page = cursor.keys().subList(cursor.offset(),
                Math.min(cursor.keys().size(), cursor.offset() + pageSize));
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("orders");
        synchronized (this) {
            page.forEach(id -> list.add(orderJson(orders.get(id), included.contains("FULFILLMENT"))));
        }
        int nextOffset = cursor.offset() + page.size();
        if (nextOffset < cursor.keys().size()) {
            String next = UUID.randomUUID().toString().replace("-", "");
            searchCursors.put(next, new Cursor(signature, cursor.keys(), nextOffset));
            body.putObject("pagination").put("nextToken", next);
        }
        if (byUpdated) {
            body.put("lastUpdatedBefore", before.orElse(latest).toString());
        } else {
            body.put("createdBefore", before.orElse(latest).toString());
        }
        return ok(body, "0.0056");
    }

    private ObjectNode orderJson(SimOrder order, boolean withFulfillment) {
        ObjectNode o = json.createObjectNode();
        o.put("orderId", order.orderId);
        o.put("createdTime", order.created.toString());
        o.put("lastUpdatedTime", order.updated.toString());
        ObjectNode channel = o.putObject("salesChannel");
        channel.put("channelName", "AMAZON");
        channel.put("marketplaceId", MARKETPLACE_ID);
        channel.put("marketplaceName", "Amazon.co.jp");
        if (withFulfillment) {
            ObjectNode fulfillment = o.putObject("fulfillment");
            fulfillment.put("fulfillmentStatus", order.status);
            fulfillment.put("fulfilledBy", order.fulfilledBy);
            fulfillment.put("fulfillmentServiceLevel", "STANDARD");
        }
        ArrayNode items = o.putArray("orderItems");
        for (SimItem item : order.items) {
            ObjectNode i = items.addObject();
            i.put("orderItemId", item.orderItemId);
            i.put("quantityOrdered", item.quantity);
            ObjectNode product = i.putObject("product");
            product.put("sellerSku", item.sku);
            if (withFulfillment) {
                ObjectNode f = i.putObject("fulfillment");
                f.put("quantityFulfilled", item.shipped);
                f.put("quantityUnfulfilled", item.quantity - item.shipped);
            }
            if (item.buyerCancel) {
                ObjectNode request = i.putObject("cancellation").putObject("cancellationRequest");
                request.put("requester", "BUYER");
                request.put("cancelReason", "Changed mind about purchase");
            }
        }
        return o;
    }

    private static String signature(Map<String, String> query, Set<String> excluded) {
        StringBuilder s = new StringBuilder();
        query.entrySet().stream().filter(e -> !excluded.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> s.append(e.getKey()).append('=').append(e.getValue()).append('&'));
        return s.toString();
    }

    private SimResponse ok(JsonNode body, String rate) {
        return SimResponse.json(200, body.toString())
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withHeader("x-amzn-RateLimit-Limit", rate);
    }

    // ================================================================== Listings Items 2021-08-01

    /** {@code /listings/2021-08-01/items/{sellerId}/{sku}}: the seller id has no '/', a SKU may. */
    private Optional<String[]> sellerAndSku(SimRequest request) {
        String rest = request.path().substring("/listings/2021-08-01/items/".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new String[]{rest.substring(0, slash), rest.substring(slash + 1)});
    }

    private SimResponse getListingsItem(SimRequest request) {
        String rest = request.path().substring("/listings/2021-08-01/items/".length());
        if (!rest.isEmpty() && (rest.indexOf('/') < 0 || rest.indexOf('/') == rest.length() - 1)) {
            return searchListingsItems(request, rest.replace("/", ""));
        }
        Optional<String[]> ids = sellerAndSku(request);
        Map<String, String> q = request.query();
        if (ids.isEmpty() || !q.containsKey("marketplaceIds")) {
            return invalidInput("sellerId, sku and marketplaceIds are required.");
        }
        if (!SELLER_ID.equals(ids.get()[0])) {
            return error(403, "Unauthorized", "Access to requested resource is denied.",
                    "The seller id does not match the authorisation.");
        }
        String sku = ids.get()[1];
        Set<String> included = Set.of(q.getOrDefault("includedData", "summaries").split(","));
        ObjectNode body = json.createObjectNode();
        body.put("sku", sku);
        synchronized (this) {
            boolean mfn = listings.containsKey(sku) && hasItem(sku);
            FbaItem fbaItem = fba.get(sku);
            if (!mfn && fbaItem == null) {
                return error(404, "NOT_FOUND", "SKU '" + sku + "' not found in marketplace " + MARKETPLACE_ID, "");
            }
            if (included.contains("summaries")) {
                ObjectNode summary = body.putArray("summaries").addObject();
                summary.put("marketplaceId", MARKETPLACE_ID);
                summary.put("productType", mfn ? listings.get(sku).productType : "PRODUCT");
                summary.put("conditionType", "new_new");
                summary.putArray("status").add("BUYABLE").add("DISCOVERABLE");
                summary.put("itemName", mfn && listings.get(sku).itemName != null ? listings.get(sku).itemName
                        : "Simulated item " + sku);
            }
            if (included.contains("attributes") && mfn) {
                ListingTerms terms = listings.get(sku);
                ObjectNode availability = body.putObject("attributes").putArray("fulfillment_availability").addObject();
                availability.put("fulfillment_channel_code", "DEFAULT");
                availability.put("quantity", shownQuantity(sku).orElse(0));
                if (terms.leadTimeDays != null) {
                    availability.put("lead_time_to_ship_max_days", terms.leadTimeDays);
                }
                if (terms.restockDate != null) {
                    availability.put("restock_date", terms.restockDate);
                }
            }
            if (included.contains("fulfillmentAvailability")) {
                ArrayNode availability = body.putArray("fulfillmentAvailability");
                if (mfn) {
                    availability.addObject().put("fulfillmentChannelCode", "DEFAULT")
                            .put("quantity", shownQuantity(sku).orElse(0));
                }
                if (fbaItem != null) {
                    availability.addObject().put("fulfillmentChannelCode", "AMAZON_JP")
                            .put("quantity", fbaItem.fulfillable);
                }
            }
        }
        return ok(body, "5.0");
    }

    /**
     * {@code searchListingsItems}: the seller's MFN listings, ordered by SKU, {@code pageSize} (1-20,
     * default 10) per page with a {@code pageToken}; summaries, attributes (JAN as
     * {@code externally_assigned_product_identifier}) and fulfillmentAvailability as asked.
     */
    private SimResponse searchListingsItems(SimRequest request, String sellerId) {
        Map<String, String> q = request.query();
        if (!q.containsKey("marketplaceIds")) {
            return invalidInput("marketplaceIds is required.");
        }
        if (!SELLER_ID.equals(sellerId)) {
            return error(403, "Unauthorized", "Access to requested resource is denied.",
                    "The seller id does not match the authorisation.");
        }
        int pageSize;
        try {
            pageSize = Integer.parseInt(q.getOrDefault("pageSize", "10"));
        } catch (NumberFormatException e) {
            return invalidInput("pageSize must be an integer.");
        }
        if (pageSize < 1 || pageSize > 20) {
            return invalidInput("pageSize must be between 1 and 20.");
        }
        Set<String> included = Set.of(q.getOrDefault("includedData", "summaries").split(","));
        List<String> skus;
        synchronized (this) {
            skus = listings.keySet().stream().filter(this::hasItem).sorted().toList();
        }
        int offset = 0;
        if (q.containsKey("pageToken")) {
            String token = new String(java.util.Base64.getUrlDecoder().decode(q.get("pageToken")), StandardCharsets.UTF_8);
            if (!token.startsWith("after:")) {
                return invalidInput("The pageToken is invalid.");
            }
            String after = token.substring("after:".length());
            offset = (int) skus.stream().filter(sku -> sku.compareTo(after) <= 0).count();
        }
        List<String> page = skus.subList(offset, Math.min(skus.size(), offset + pageSize));
        ObjectNode body = json.createObjectNode();
        body.put("numberOfResults", skus.size());
        if (offset + page.size() < skus.size()) {
            body.putObject("pagination").put("nextToken", java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("after:" + page.get(page.size() - 1)).getBytes(StandardCharsets.UTF_8)));
        }
        ArrayNode items = body.putArray("items");
        synchronized (this) {
            for (String sku : page) {
                ListingTerms terms = listings.get(sku);
                ObjectNode item = items.addObject();
                item.put("sku", sku);
                if (included.contains("summaries")) {
                    ObjectNode summary = item.putArray("summaries").addObject();
                    summary.put("marketplaceId", MARKETPLACE_ID);
                    summary.put("productType", terms.productType);
                    summary.put("conditionType", "new_new");
                    summary.putArray("status").add("BUYABLE").add("DISCOVERABLE");
                    summary.put("itemName", terms.itemName != null ? terms.itemName : "Simulated item " + sku);
                }
                if (included.contains("attributes") && terms.ean != null) {
                    item.putObject("attributes").putArray("externally_assigned_product_identifier").addObject()
                            .put("type", "ean").put("value", terms.ean).put("marketplace_id", MARKETPLACE_ID);
                }
                if (included.contains("fulfillmentAvailability")) {
                    item.putArray("fulfillmentAvailability").addObject().put("fulfillmentChannelCode", "DEFAULT")
                            .put("quantity", shownQuantity(sku).orElse(0));
                }
            }
        }
        return ok(body, "5.0");
    }

    private SimResponse patchListingsItem(SimRequest request) {
        Optional<String[]> ids = sellerAndSku(request);
        if (ids.isEmpty() || !request.query().containsKey("marketplaceIds")) {
            return invalidInput("sellerId, sku and marketplaceIds are required.");
        }
        if (!SELLER_ID.equals(ids.get()[0])) {
            return error(403, "Unauthorized", "Access to requested resource is denied.",
                    "The seller id does not match the authorisation.");
        }
        JsonNode body;
        try {
            body = json.readTree(request.bodyText());
        } catch (IOException e) {
            return invalidInput("The request body is not valid JSON.");
        }
        if (body == null || !body.path("productType").isTextual() || !body.path("patches").isArray()
                || body.path("patches").isEmpty()) {
            return invalidInput("productType and a non-empty patches array are required.");
        }
        String sku = ids.get()[1];
        List<ObjectNode> issues = applyPatches(sku, body.path("patches"));
        ObjectNode answer = json.createObjectNode();
        answer.put("sku", sku);
        answer.put("status", issues.isEmpty() ? "ACCEPTED" : "INVALID");
        answer.put("submissionId", UUID.randomUUID().toString());
        ArrayNode list = answer.putArray("issues");
        issues.forEach(list::add);
        return ok(answer, "5.0");
    }

    /** Applies JSON patches to a listing's fulfillment_availability; the ERROR issues, or none. */
    private List<ObjectNode> applyPatches(String sku, JsonNode patches) {
        List<ObjectNode> issues = new ArrayList<>();
        if (faults().isRejected(sku)) {
            ObjectNode issue = issue("90000900", "The attributes are invalid.");
            issue.putArray("attributeNames").add("fulfillment_availability");
            issue.putArray("categories").add("INVALID_ATTRIBUTE");
            issues.add(issue);
            return issues;
        }
        synchronized (this) {
            ListingTerms terms = listings.get(sku);
            if (terms == null || !hasItem(sku)) {
                // Simulator's own code: the public models do not show what Amazon says here.
                issues.add(issue("SIM_NO_LISTING", "SKU '" + sku + "' has no seller-fulfilled listing in "
                        + MARKETPLACE_ID + "."));
                return issues;
            }
            for (JsonNode patch : patches) {
                String op = patch.path("op").asText("");
                if (!PATCH_OPS.contains(op) || !patch.path("path").isTextual()) {
                    issues.add(issue("4000001", "Patch operation '" + op + "' or its path is invalid."));
                    continue;
                }
                if (!"/attributes/fulfillment_availability".equals(patch.path("path").asText())) {
                    continue; // other attributes are accepted and not modelled
                }
                for (JsonNode value : patch.path("value")) {
                    String channel = value.path("fulfillment_channel_code").asText("");
                    if (channel.isBlank()) {
                        issues.add(issue("4000001", "fulfillment_channel_code is required."));
                        continue;
                    }
                    if (!channel.equals("DEFAULT")) {
                        issues.add(issue("4000001", "Fulfillment channel " + channel
                                + " is Amazon's (FBA); its quantity cannot be set."));
                        continue;
                    }
                    JsonNode quantity = value.path("quantity");
                    if (value.has("quantity") && (!quantity.canConvertToLong() || quantity.asLong() < 0
                            || !quantity.isIntegralNumber())) {
                        issues.add(issue("4000001", "quantity must be a whole number of 0 or more."));
                        continue;
                    }
                    if (op.equals("merge")) {
                        // merge: only the fields sent change; the rest of the entry stays.
                        if (value.has("quantity")) {
                            setShown(sku, quantity.asLong());
                        }
                        if (value.has("lead_time_to_ship_max_days")) {
                            terms.leadTimeDays = value.path("lead_time_to_ship_max_days").asInt();
                        }
                        if (value.has("restock_date")) {
                            terms.restockDate = value.path("restock_date").asText();
                        }
                    } else if (op.equals("delete")) {
                        setShown(sku, 0);
                        terms.leadTimeDays = null;
                        terms.restockDate = null;
                    } else {
                        // add/replace: the entry becomes exactly what was sent.
                        setShown(sku, value.has("quantity") ? quantity.asLong() : 0);
                        terms.leadTimeDays = value.has("lead_time_to_ship_max_days")
                                ? value.path("lead_time_to_ship_max_days").asInt() : null;
                        terms.restockDate = value.has("restock_date") ? value.path("restock_date").asText() : null;
                    }
                }
            }
        }
        return issues;
    }

    private ObjectNode issue(String code, String message) {
        ObjectNode issue = json.createObjectNode();
        issue.put("code", code);
        issue.put("message", message);
        issue.put("severity", "ERROR");
        return issue;
    }

    // ================================================================== Feeds 2021-06-30

    private SimResponse createFeedDocument(SimRequest request) {
        JsonNode body;
        try {
            body = json.readTree(request.bodyText());
        } catch (IOException e) {
            return invalidInput("The request body is not valid JSON.");
        }
        String contentType = body == null ? "" : body.path("contentType").asText("");
        if (contentType.isBlank()) {
            return invalidInput("contentType is required.");
        }
        String id = "amzn1.tortuga.4.fe.sim-" + UUID.randomUUID();
        documents.put(id, new Document(contentType, false, null));
        ObjectNode answer = json.createObjectNode();
        answer.put("feedDocumentId", id);
        answer.put("url", baseUrl() + "/sim-s3/feed-documents/" + id);
        return SimResponse.json(201, answer.toString()).withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    private SimResponse uploadDocument(SimRequest request) {
        String id = request.path().substring("/sim-s3/feed-documents/".length());
        Document document = documents.get(id);
        if (document == null) {
            return SimResponse.xml(404, "<Error><Code>NoSuchKey</Code></Error>");
        }
        // A pre-signed URL is signed for the declared Content-Type; any other one is refused.
        if (!document.contentType.equalsIgnoreCase(String.valueOf(request.header("Content-Type")))) {
            return SimResponse.xml(403, "<Error><Code>SignatureDoesNotMatch</Code></Error>");
        }
        document.content = request.body();
        return SimResponse.empty(200);
    }

    private SimResponse downloadDocument(SimRequest request) {
        Document document = documents.get(request.path().substring("/sim-s3/feed-documents/".length()));
        if (document == null || document.content == null) {
            return SimResponse.xml(404, "<Error><Code>NoSuchKey</Code></Error>");
        }
        return new SimResponse(200, document.gzip ? "application/octet-stream" : document.contentType,
                document.content, Map.of());
    }

    private SimResponse getFeedDocument(SimRequest request) {
        String id = request.path().substring("/feeds/2021-06-30/documents/".length());
        Document document = documents.get(id);
        if (document == null) {
            return error(404, "NotFound", "The feed document " + id + " does not exist.", "");
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("feedDocumentId", id);
        answer.put("url", baseUrl() + "/sim-s3/feed-documents/" + id);
        if (document.gzip) {
            answer.put("compressionAlgorithm", "GZIP");
        }
        return ok(answer, "0.0222");
    }

    private SimResponse createFeed(SimRequest request) {
        JsonNode body;
        try {
            body = json.readTree(request.bodyText());
        } catch (IOException e) {
            return invalidInput("The request body is not valid JSON.");
        }
        if (body == null || !"JSON_LISTINGS_FEED".equals(body.path("feedType").asText())) {
            return invalidInput("The simulator takes feedType JSON_LISTINGS_FEED only.");
        }
        boolean marketplaceOk = false;
        for (JsonNode id : body.path("marketplaceIds")) {
            marketplaceOk |= MARKETPLACE_ID.equals(id.asText());
        }
        String input = body.path("inputFeedDocumentId").asText("");
        Document document = documents.get(input);
        if (!marketplaceOk || document == null || document.content == null) {
            return invalidInput("marketplaceIds must include " + MARKETPLACE_ID
                    + " and inputFeedDocumentId must name an uploaded document.");
        }
        String feedId = String.valueOf(50_000_000_000L + feedCounter.incrementAndGet());
        Feed feed = new Feed(feedId, "JSON_LISTINGS_FEED", input, clock.instant(), feedPollsBeforeDone);
        feeds.put(feedId, feed);
        if (feed.pollsLeft == 0) {
            process(feed);
        }
        return SimResponse.json(202, json.createObjectNode().put("feedId", feedId).toString())
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    private SimResponse getFeed(SimRequest request) {
        String id = request.path().substring("/feeds/2021-06-30/feeds/".length());
        Feed feed = feeds.get(id);
        if (feed == null) {
            return error(404, "NotFound", "The feed " + id + " does not exist.", "");
        }
        synchronized (feed) {
            if (feed.status.startsWith("IN_")) {
                if (feed.pollsLeft > 0) {
                    feed.pollsLeft--;
                    feed.status = "IN_PROGRESS";
                    feed.started = feed.started == null ? clock.instant() : feed.started;
                } else {
                    process(feed);
                }
            }
            ObjectNode answer = json.createObjectNode();
            answer.put("feedId", feed.feedId);
            answer.put("feedType", feed.feedType);
            answer.putArray("marketplaceIds").add(MARKETPLACE_ID);
            answer.put("createdTime", feed.created.toString());
            answer.put("processingStatus", feed.status);
            if (feed.started != null) {
                answer.put("processingStartTime", feed.started.toString());
            }
            if (feed.ended != null) {
                answer.put("processingEndTime", feed.ended.toString());
            }
            if (feed.resultDocumentId != null) {
                answer.put("resultFeedDocumentId", feed.resultDocumentId);
            }
            return ok(answer, "2.0");
        }
    }

    /** Runs a JSON_LISTINGS_FEED: each PATCH message like patchListingsItem, issues into a v2 processing report. */
    private void process(Feed feed) {
        synchronized (feed) {
            if (!feed.status.startsWith("IN_")) {
                return;
            }
            feed.started = feed.started == null ? clock.instant() : feed.started;
            ObjectNode report = json.createObjectNode();
            ObjectNode header = report.putObject("header");
            header.put("sellerId", SELLER_ID);
            header.put("version", "2.0");
            header.put("feedId", feed.feedId);
            ArrayNode issues = report.putArray("issues");
            int processed = 0;
            int invalid = 0;
            JsonNode document;
            try {
                document = json.readTree(documents.get(feed.inputDocumentId).content);
            } catch (IOException e) {
                document = null;
            }
            if (document == null || !document.path("messages").isArray()
                    || !SELLER_ID.equals(document.path("header").path("sellerId").asText())
                    || !"2.0".equals(document.path("header").path("version").asText())) {
                issues.add(issue("4000000", "The feed is not a valid JSON_LISTINGS_FEED v2.0 document for this seller."));
                feed.status = "FATAL";
            } else {
                for (JsonNode message : document.path("messages")) {
                    processed++;
                    List<ObjectNode> found = new ArrayList<>();
                    String sku = message.path("sku").asText("");
                    if (!"PATCH".equals(message.path("operationType").asText())
                            || !message.path("productType").isTextual() || !message.path("patches").isArray()) {
                        found.add(issue("4000001", "The simulator takes PATCH messages with productType and patches."));
                    } else {
                        found.addAll(applyPatches(sku, message.path("patches")));
                    }
                    for (ObjectNode issue : found) {
                        issue.put("messageId", message.path("messageId").asInt());
                        issue.put("sku", sku);
                        issues.add(issue);
                    }
                    invalid += found.isEmpty() ? 0 : 1;
                }
                feed.status = "DONE";
            }
            ObjectNode summary = report.putObject("summary");
            summary.put("errors", issues.size());
            summary.put("warnings", 0);
            summary.put("messagesProcessed", processed);
            summary.put("messagesAccepted", processed - invalid);
            summary.put("messagesInvalid", invalid);
            String reportId = "amzn1.tortuga.4.fe.sim-report-" + UUID.randomUUID();
            documents.put(reportId, new Document("application/json", true,
                    gzip(report.toString().getBytes(StandardCharsets.UTF_8))));
            feed.resultDocumentId = reportId;
            feed.ended = clock.instant();
        }
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    // ================================================================== FBA Inventory v1

    private SimResponse getInventorySummaries(SimRequest request) {
        Map<String, String> q = request.query();
        if (!"Marketplace".equals(q.get("granularityType")) || !MARKETPLACE_ID.equals(q.get("granularityId"))
                || !Arrays.asList(q.getOrDefault("marketplaceIds", "").split(",")).contains(MARKETPLACE_ID)) {
            return invalidInput("granularityType=Marketplace, granularityId and marketplaceIds are required.");
        }
        String signature = signature(q, Set.of("nextToken"));
        Cursor cursor;
        if (q.containsKey("nextToken")) {
            cursor = fbaCursors.remove(q.get("nextToken"));
            if (cursor == null || !cursor.signature().equals(signature)) {
                return invalidInput("The nextToken is invalid or has expired.");
            }
        } else {
            synchronized (this) {
                cursor = new Cursor(signature, List.copyOf(fba.keySet()), 0);
            }
        }
        boolean details = "true".equals(q.get("details"));
        List<String> page = cursor.keys().subList(cursor.offset(),
                Math.min(cursor.keys().size(), cursor.offset() + fbaPageSize));
        ObjectNode body = json.createObjectNode();
        ObjectNode payload = body.putObject("payload");
        payload.putObject("granularity").put("granularityType", "Marketplace").put("granularityId", MARKETPLACE_ID);
        ArrayNode list = payload.putArray("inventorySummaries");
        synchronized (this) {
            for (String sku : page) {
                FbaItem item = fba.get(sku);
                ObjectNode summary = list.addObject();
                summary.put("asin", item.asin);
                summary.put("fnSku", item.fnSku);
                summary.put("sellerSku", sku);
                summary.put("condition", "NewItem");
                summary.put("lastUpdatedTime", item.updated.toString());
                summary.put("productName", "Simulated item " + sku);
                summary.put("totalQuantity", item.fulfillable);
                if (details) {
                    ObjectNode d = summary.putObject("inventoryDetails");
                    d.put("fulfillableQuantity", item.fulfillable);
                    d.put("inboundWorkingQuantity", 0);
                    d.put("inboundShippedQuantity", 0);
                    d.put("inboundReceivingQuantity", 0);
                    d.putObject("reservedQuantity").put("totalReservedQuantity", 0)
                            .put("pendingCustomerOrderQuantity", 0).put("pendingTransshipmentQuantity", 0)
                            .put("fcProcessingQuantity", 0);
                }
            }
        }
        int nextOffset = cursor.offset() + page.size();
        if (nextOffset < cursor.keys().size()) {
            String next = UUID.randomUUID().toString();
            fbaCursors.put(next, new Cursor(signature, cursor.keys(), nextOffset));
            body.putObject("pagination").put("nextToken", next);
        }
        return ok(body, "2.0");
    }

    // ================================================================== ORDER_CHANGE to SQS

    private void notifyChange(SimOrder order, String changeType, String reason) {
        SqsClient client = sqs;
        String url = queueUrl;
        if (client == null || url == null) {
            return;
        }
        String body;
        synchronized (this) {
            body = orderChange(order, changeType, reason).toString();
        }
        client.sendMessage(b -> b.queueUrl(url).messageBody(body));
    }

    private ObjectNode orderChange(SimOrder order, String changeType, String reason) {
        Instant now = clock.instant();
        ObjectNode root = json.createObjectNode();
        root.put("NotificationVersion", "1.0");
        root.put("NotificationType", "ORDER_CHANGE");
        root.put("PayloadVersion", "1.0");
        root.put("EventTime", now.toString());
        ObjectNode change = root.putObject("Payload").putObject("OrderChangeNotification");
        change.put("NotificationLevel", "OrderLevel");
        change.put("SellerId", SELLER_ID);
        change.put("AmazonOrderId", order.orderId);
        change.put("OrderChangeType", changeType);
        change.putObject("OrderChangeTrigger").put("TimeOfOrderChange", order.updated.toString())
                .put("ChangeReason", reason);
        ObjectNode summary = change.putObject("Summary");
        summary.put("MarketplaceId", MARKETPLACE_ID);
        summary.put("OrderStatus", NOTIFICATION_STATUS.get(order.status));
        summary.put("PurchaseDate", order.created.toString());
        summary.put("DestinationPostalCode", "150-0002");
        summary.put("FulfillmentType", order.fulfilledBy.equals("AMAZON") ? "AFN" : "MFN");
        summary.put("OrderType", "StandardOrder");
        int shipped = 0;
        int unshipped = 0;
        ArrayNode items = summary.putArray("OrderItems");
        for (SimItem item : order.items) {
            shipped += item.shipped;
            unshipped += item.quantity - item.shipped;
            ObjectNode i = items.addObject();
            i.put("OrderItemId", item.orderItemId);
            i.put("SellerSKU", item.sku);
            i.putNull("SupplySourceId");
            i.put("OrderItemStatus", item.shipped == item.quantity ? "Shipped" : "Unshipped");
            i.put("Quantity", item.quantity);
            i.put("QuantityShipped", item.shipped);
            i.put("IsBuyerRequestedCancel", item.buyerCancel);
        }
        summary.put("NumberOfItemsShipped", shipped);
        summary.put("NumberOfItemsUnshipped", unshipped);
        ObjectNode metadata = root.putObject("NotificationMetadata");
        metadata.put("ApplicationId", CLIENT_ID);
        metadata.put("SubscriptionId", "subscription-simulator");
        metadata.put("PublishTime", now.toString());
        metadata.put("NotificationId", UUID.randomUUID().toString());
        return root;
    }
}
