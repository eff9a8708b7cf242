package dev.zaiko.sim.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of Shopify's Admin API that zaiko uses, stateful:
 * <ul>
 *   <li>{@code POST /admin/oauth/access_token}: client-credentials grant (form or JSON), tokens that
 *       expire after {@link #tokenLifetime} on this simulator's clock; long-lived custom-app tokens;</li>
 *   <li>{@code POST /admin/api/<version>/graphql.json} for 2026-01 and 2026-04 (the versions whose
 *       real schema is in shared/fixtures/shopify): every document is parsed and validated by
 *       graphql-java against that version's schema ({@link ShopifySchema}), so a field, argument or
 *       type the real API lacks gets Shopify's GraphQL error; then the operations are recognised by
 *       {@code operationName} (orders, order line items, inventorySetQuantities, inventory levels,
 *       variant -> inventory item) and answered from their {@code variables}. Without the fixtures
 *       folder validation is off and {@link #schemaValidation()} says why;</li>
 *   <li>cost-based throttling: a leaky bucket of points, {@code extensions.cost} on every answer,
 *       THROTTLED (HTTP 200) when a request does not fit, MAX_COST_EXCEEDED above 1000 points;</li>
 *   <li>{@code inventorySetQuantities}: compare-and-set on {@code changeFromQuantity} (mandatory key,
 *       null opts out), the {@code @idempotent} directive required (2026-04+), all-or-nothing when an
 *       entry has a userError;</li>
 *   <li>webhooks: {@link #buy} and {@link #cancel} POST REST-shaped {@code orders/create} /
 *       {@code orders/cancelled} bodies, signed like Shopify, when {@link #webhooks} is configured.</li>
 * </ul>
 * Item keys are {@code <inventoryItemId>@<locationId>} (numbers); each inventory item gets a
 * variant id and a SKU of its own.
 */
public final class ShopifySimulator extends MallSimulator {
    /** The version the adapter pins; 2026-01 is served too, with its own schema and rules. */
    public static final String API_VERSION = "2026-04";
    public static final String GRAPHQL_PATH = graphqlPath(API_VERSION);
    /** From this version on, inventorySetQuantities without {@code @idempotent(key:)} is refused. */
    static final String IDEMPOTENCY_REQUIRED_FROM = "2026-04";
    public static final String TOKEN_PATH = "/admin/oauth/access_token";
    public static final String SHOP_DOMAIN = "zaiko-demo.myshopify.com";
    private static final int SINGLE_QUERY_MAX_COST = 1000;
    private static final Pattern OPERATION = Pattern.compile("(?:query|mutation)\\s+(\\w+)");
    private static final Pattern IDEMPOTENT = Pattern.compile("@idempotent\\s*\\(\\s*key:\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern UPDATED_AT = Pattern.compile("updated_at:(>=|<=|>|<)'([^']+)'");
    private static final Pattern GID = Pattern.compile("gid://shopify/(\\w+)/(\\d+)");
    private static final DateTimeFormatter REST_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")
            .withZone(ZoneOffset.ofHours(-5));

    private final Map<String, Instant> issuedTokens = new ConcurrentHashMap<>();
    private final Set<String> customAppTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> missingScopes = ConcurrentHashMap.newKeySet();
    private final Map<String, String> variantByItem = new ConcurrentHashMap<>();
    private final Map<String, String> itemByVariant = new ConcurrentHashMap<>();
    /** Inventory item -> {sku, barcode, title} as the merchant typed them (catalogue listing). */
    private final Map<String, String[]> variantDetails = new ConcurrentHashMap<>();
    private final Map<String, SimOrder> orders = new LinkedHashMap<>();
    private final Map<String, String[]> idempotency = new ConcurrentHashMap<>();
    private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(5_100_000_000L);
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger throttleNext = new AtomicInteger();
    /** inventorySetQuantities answers still to be replaced by an idempotency userError, and its code. */
    private final AtomicInteger idempotencyErrorsLeft = new AtomicInteger();
    private volatile String idempotencyErrorCode = "IDEMPOTENCY_CONCURRENT_REQUEST";
    private final HttpClient webhookClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private volatile String clientId;
    private volatile String clientSecret;
    private volatile Duration tokenLifetime = Duration.ofSeconds(86_399);
    private volatile URI webhookUrl;
    private volatile String webhookSecret;

    // the cost bucket (real time, as Shopify's is)
    private double bucketMax = 2000;
    private double restoreRate = 100;
    private double bucketAvailable = 2000;
    private long bucketAt = System.nanoTime();

    private static final class SimOrder {
        final String id;
        final String name;
        final Instant createdAt;
        Instant updatedAt;
        Instant cancelledAt;
        /** A fault switch's malformed order: how its answers are broken (null: it is not). */
        String malformed;
        final List<SimLine> lines = new ArrayList<>();

        SimOrder(String id, String name, Instant createdAt) {
            this.id = id;
            this.name = name;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }
    }

    private static final class SimLine {
        final String id;
        final String itemKey;
        /** "The number of units ordered, including refunded and removed units" (LineItem.quantity). */
        int quantity;
        /** "The number of units ordered, excluding refunded and removed units" (LineItem.currentQuantity). */
        int currentQuantity;

        SimLine(String id, String itemKey, int quantity) {
            this.id = id;
            this.itemKey = itemKey;
            this.quantity = quantity;
            this.currentQuantity = quantity;
        }
    }

    /** A webhook the simulator sent, and what the receiver answered (-1: not reachable). */
    public record WebhookDelivery(String topic, String webhookId, String body, int status) {
    }

    public ShopifySimulator() {
        this(Clock.systemUTC());
    }

    public ShopifySimulator(Clock clock) {
        super(clock);
        unfaultedRoute("POST", TOKEN_PATH, this::token);
        for (String version : ShopifySchema.FILES.keySet()) {
            route("POST", graphqlPath(version), request -> graphql(request, version));
        }
        // Parsing the 3.5 MB schema takes seconds (once per JVM): do it now rather than inside the
        // first request, whose caller would time out waiting.
        ShopifySchema.of(API_VERSION);
        start();
    }

    public static String graphqlPath(String version) {
        return "/admin/api/" + version + "/graphql.json";
    }

    /** "on [2026-01, 2026-04]", or "off: ..." saying why documents are not validated (no shared/fixtures folder). */
    public String schemaValidation() {
        java.util.List<String> missing = ShopifySchema.FILES.values().stream()
                .filter(file -> dev.zaiko.sim.FixtureLocator.find(file).isEmpty()).toList();
        return missing.isEmpty() ? "on " + new java.util.TreeSet<>(ShopifySchema.FILES.keySet())
                : "off: " + missing + " not found (set -D" + dev.zaiko.sim.FixtureLocator.PROPERTY
                + " or " + dev.zaiko.sim.FixtureLocator.ENV + " to the shared/fixtures folder)";
    }

    @Override
    public String mallName() {
        return "shopify";
    }

    // ------------------------------------------------------------------ configuration

    /** A Dev Dashboard app installed on the store: these credentials get tokens. */
    public ShopifySimulator clientCredentials(String id, String secret) {
        this.clientId = id;
        this.clientSecret = secret;
        return this;
    }

    /** A legacy custom-app Admin API token, which never expires. */
    public ShopifySimulator customAppToken(String token) {
        customAppTokens.add(token);
        return this;
    }

    public ShopifySimulator tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    /** Every client-credentials token issued so far stops working (401), as after 24 h. */
    public void expireIssuedTokens() {
        issuedTokens.replaceAll((token, expiry) -> Instant.EPOCH);
    }

    /** The app lacks this scope (e.g. "write_inventory"): operations needing it answer 403. */
    public ShopifySimulator withoutScope(String scope) {
        missingScopes.add(scope);
        return this;
    }

    /** Orders webhooks go to this URL, signed with this secret (the app's client secret). */
    public ShopifySimulator webhooks(URI url, String secret) {
        this.webhookUrl = url;
        this.webhookSecret = secret;
        return this;
    }

    /** The cost bucket: size in points and points restored per second. */
    public synchronized ShopifySimulator costLimits(double maximumAvailable, double restorePerSecond) {
        bucketMax = maximumAvailable;
        restoreRate = restorePerSecond;
        bucketAvailable = maximumAvailable;
        bucketAt = System.nanoTime();
        return this;
    }

    /** Empties the cost bucket, as a burst of other calls would: the next request is THROTTLED. */
    public synchronized void drainCostBucket() {
        bucketAvailable = 0;
        bucketAt = System.nanoTime();
    }

    /**
     * The next {@code requests} GraphQL requests find the cost bucket empty (a burst of other calls
     * just drained it) and are answered THROTTLED; it then refills at the restore rate.
     */
    public ShopifySimulator throttleNext(int requests) {
        throttleNext.set(requests);
        return this;
    }

    /** How many requests were answered THROTTLED by the cost bucket. */
    public int throttledAnswers() {
        return throttled.get();
    }

    public List<WebhookDelivery> webhookDeliveries() {
        return List.copyOf(deliveries);
    }

    /** The variant Shopify has for an inventory item (one each here). */
    public String variantOf(String itemKey) {
        String item = itemKey.substring(0, itemKey.indexOf('@'));
        return variantByItem.computeIfAbsent(item, i -> {
            String variant = String.valueOf(40_000_000_000L + Long.parseLong(i) % 1_000_000_000L);
            itemByVariant.put(variant, i);
            return variant;
        });
    }

    @Override
    public void putItem(String itemKey, long quantity) {
        if (!itemKey.matches("\\d+@\\d+")) {
            throw new IllegalArgumentException("Shopify item keys are <inventoryItemId>@<locationId>: " + itemKey);
        }
        variantOf(itemKey);
        super.putItem(itemKey, quantity);
    }

    /** The variant's SKU, barcode (JAN) and title as the merchant set them in Shopify's admin; null leaves a field empty. */
    public void putVariantDetails(String itemKey, String sku, String barcode, String title) {
        variantOf(itemKey);
        variantDetails.put(itemKey.substring(0, itemKey.indexOf('@')), new String[]{sku, barcode, title});
    }

    /**
     * The next {@code count} inventorySetQuantities calls answer a general userError {@code code}
     * (IDEMPOTENCY_CONCURRENT_REQUEST or IDEMPOTENCY_KEY_PARAMETER_MISMATCH, 2026-04) and write nothing.
     */
    public void idempotencyErrorNext(String code, int count) {
        idempotencyErrorCode = code;
        idempotencyErrorsLeft.set(count);
    }

    /** Operation names of the GraphQL calls received, in order. */
    public List<String> operations() {
        List<String> names = new ArrayList<>();
        calls().stream().filter(c -> c.path().startsWith("/admin/api/") && c.path().endsWith("/graphql.json"))
                .forEach(c -> names.add(operationName(c.body())));
        return names;
    }

    // ------------------------------------------------------------------ shoppers

    @Override
    public BuyResult buy(String itemKey, int quantity) {
        if (quantity < 1 || !hasItem(itemKey) || !takeShown(itemKey, quantity)) {
            return BuyResult.refused();
        }
        SimOrder order;
        synchronized (orders) {
            String id = String.valueOf(ids.incrementAndGet());
            order = new SimOrder(id, "#" + (1000 + orders.size() + 1), now());
            order.lines.add(new SimLine(String.valueOf(ids.incrementAndGet()), itemKey, quantity));
            orders.put(id, order);
        }
        sendWebhook("orders/create", order);
        return new BuyResult(true, order.id);
    }

    /** A shopper buys several items in one order (for orders with more lines than one page). */
    public BuyResult buyMany(Map<String, Integer> quantities) {
        for (Map.Entry<String, Integer> entry : quantities.entrySet()) {
            if (!hasItem(entry.getKey()) || shownQuantity(entry.getKey()).orElse(0) < entry.getValue()) {
                return BuyResult.refused();
            }
        }
        SimOrder order;
        synchronized (orders) {
            String id = String.valueOf(ids.incrementAndGet());
            order = new SimOrder(id, "#" + (1000 + orders.size() + 1), now());
            quantities.forEach((key, qty) -> {
                takeShown(key, qty);
                order.lines.add(new SimLine(String.valueOf(ids.incrementAndGet()), key, qty));
            });
            orders.put(id, order);
        }
        sendWebhook("orders/create", order);
        return new BuyResult(true, order.id);
    }

    @Override
    public void cancel(String orderId) {
        SimOrder order;
        synchronized (orders) {
            order = requireOrder(orderId);
            if (order.cancelledAt != null) {
                return;
            }
            order.cancelledAt = now();
            order.updatedAt = order.cancelledAt;
            for (SimLine line : order.lines) {
                giveBackShown(line.itemKey, line.currentQuantity); // "restock items" ticked
            }
        }
        sendWebhook("orders/cancelled", order);
    }

    /** An order edit: the line's current quantity becomes {@code newQuantity} (0 removes it). */
    public void editLine(String orderId, int lineIndex, int newQuantity) {
        SimOrder order;
        synchronized (orders) {
            order = requireOrder(orderId);
            SimLine line = order.lines.get(lineIndex);
            if (newQuantity < 0 || newQuantity > line.quantity) {
                throw new IllegalArgumentException("an edit can only lower a line's quantity");
            }
            giveBackShown(line.itemKey, line.currentQuantity - newQuantity);
            line.currentQuantity = newQuantity;
            order.updatedAt = now();
        }
        sendWebhook("orders/updated", order);
    }

    /**
     * The fault switch's edit (orderEditBegin / orderEditSetQuantity / orderEditCommit): the line's
     * {@code currentQuantity} becomes {@code quantity}. A cut is restocked ({@code restock: true});
     * a rise takes the units from the shown stock and raises {@code quantity} and
     * {@code currentQuantity} together on the same line (UNCONFIRMED: Shopify's docs say the edit can
     * increase a quantity, not how the committed line then reads). {@code updatedAt} moves, and with
     * webhooks configured both {@code orders/edited} (only the deltas, as Shopify sends it) and
     * {@code orders/updated} (the whole order) go out: Shopify sends orders/updated on every change,
     * an edit included (community.shopify.com, Shopify staff answer on orders/edited vs updated).
     */
    @Override
    protected void editLine(String orderId, String itemKey, int quantity) {
        SimOrder order;
        String edited;
        synchronized (orders) {
            order = requireOrder(orderId);
            SimLine line = order.lines.stream().filter(l -> l.itemKey.equals(itemKey)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Shopify order " + orderId + " has no line for "
                            + itemKey));
            if (order.cancelledAt != null) {
                throw new IllegalArgumentException("Shopify order " + orderId + " is cancelled: it cannot be edited");
            }
            int delta = quantity - line.currentQuantity;
            if (delta == 0) {
                return;
            }
            if (delta > 0) {
                if (!takeShown(itemKey, delta)) {
                    throw new IllegalArgumentException("Shopify shows too few of " + itemKey + " to raise the line to "
                            + quantity);
                }
                line.quantity += delta;
            } else {
                giveBackShown(itemKey, -delta); // restock: true
            }
            line.currentQuantity = quantity;
            order.updatedAt = now();
            edited = orderEdited(order, line, delta).toString();
        }
        sendWebhook("orders/edited", edited);
        sendWebhook("orders/updated", order);
    }

    /**
     * A refund of {@code units} of one line (refundCreate with a refund line item): its
     * {@code currentQuantity} drops by them ("excluding refunded and removed units"); with
     * {@code restock} (restockType CANCEL, the line is unfulfilled) they go back on the shown stock.
     * {@code updatedAt} moves; with webhooks configured {@code refunds/create} (a minimal refund body:
     * id, order_id, created_at, restock, refund_line_items) and {@code orders/updated} go out.
     */
    public void refundLine(String orderId, String itemKey, int units, boolean restock) {
        SimOrder order;
        String refund;
        synchronized (orders) {
            order = requireOrder(orderId);
            SimLine line = order.lines.stream().filter(l -> l.itemKey.equals(itemKey)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Shopify order " + orderId + " has no line for "
                            + itemKey));
            if (units < 1 || units > line.currentQuantity) {
                throw new IllegalArgumentException("a refund takes 1.." + line.currentQuantity + " units of that line");
            }
            line.currentQuantity -= units;
            if (restock) {
                giveBackShown(itemKey, units);
            }
            order.updatedAt = now();
            ObjectNode body = json.createObjectNode();
            body.put("id", ids.incrementAndGet());
            body.put("order_id", Long.parseLong(order.id));
            body.put("created_at", REST_TIME.format(order.updatedAt));
            body.put("restock", restock);
            ObjectNode refundLine = body.putArray("refund_line_items").addObject();
            refundLine.put("id", ids.incrementAndGet());
            refundLine.put("line_item_id", Long.parseLong(line.id));
            refundLine.put("quantity", units);
            refundLine.put("restock_type", restock ? "cancel" : "no_restock");
            refundLine.put("location_id", Long.parseLong(itemKey.substring(itemKey.indexOf('@') + 1)));
            refund = body.toString();
        }
        sendWebhook("refunds/create", refund);
        sendWebhook("orders/updated", order);
    }

    /** The orders/edited body: {@code order_edit} with the line deltas only (no item keys, no totals). */
    private ObjectNode orderEdited(SimOrder order, SimLine line, int delta) {
        ObjectNode root = json.createObjectNode();
        ObjectNode edit = root.putObject("order_edit");
        edit.put("id", ids.incrementAndGet());
        edit.putNull("app_id");
        edit.put("created_at", REST_TIME.format(order.updatedAt));
        edit.put("committed_at", REST_TIME.format(order.updatedAt));
        edit.put("notify_customer", false);
        edit.put("order_id", Long.parseLong(order.id));
        edit.put("staff_note", "");
        edit.putNull("user_id");
        ObjectNode items = edit.putObject("line_items");
        ArrayNode additions = items.putArray("additions");
        ArrayNode removals = items.putArray("removals");
        (delta > 0 ? additions : removals).addObject().put("id", Long.parseLong(line.id)).put("delta", Math.abs(delta));
        return root;
    }

    /**
     * An order its adapter must refuse, placed now among the others (no webhook is sent for it):
     * {@code missingField} (a line without {@code currentQuantity}) or {@code zeroQuantity} (a line of
     * 0 units that was never removed by an edit: quantity 0, currentQuantity 0). {@code unknownStatus}
     * is refused (501): a Shopify order has no status field the adapter maps; only cancelledAt and
     * currentQuantity decide, and the financial/fulfilment statuses are kept as text.
     */
    @Override
    protected String addMalformedOrder(String reason) {
        if (reason.equals("unknownStatus")) {
            throw new UnsupportedOperationException("shopify: unknownStatus cannot be expressed (a Shopify order has no"
                    + " status the adapter maps: cancelledAt and currentQuantity decide); use missingField or zeroQuantity");
        }
        synchronized (orders) {
            // on a listing that exists, so the poison order adds no variant to the catalogue
            String itemKey = shownQuantities().keySet().stream().sorted().findFirst().orElse("999000001@1");
            String id = String.valueOf(ids.incrementAndGet());
            SimOrder order = new SimOrder(id, "#" + (1000 + orders.size() + 1), now());
            order.malformed = reason;
            SimLine line = new SimLine(String.valueOf(ids.incrementAndGet()), itemKey, 1);
            if (reason.equals("zeroQuantity")) {
                line.quantity = 0;
                line.currentQuantity = 0;
            }
            order.lines.add(line);
            orders.put(id, order);
            return id;
        }
    }

    public List<String> lineIds(String orderId) {
        synchronized (orders) {
            return requireOrder(orderId).lines.stream().map(l -> l.id).toList();
        }
    }

    /** The REST-shaped JSON of an order, exactly as its webhooks carry it. */
    public String orderJson(String orderId) {
        synchronized (orders) {
            return restOrder(requireOrder(orderId)).toString();
        }
    }

    private SimOrder requireOrder(String orderId) {
        SimOrder order = orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("no order " + orderId + " in the Shopify simulator");
        }
        return order;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    // ------------------------------------------------------------------ webhooks

    private void sendWebhook(String topic, SimOrder order) {
        if (webhookUrl == null || webhookSecret == null) {
            return;
        }
        String body;
        synchronized (orders) {
            body = restOrder(order).toString();
        }
        sendWebhook(topic, body);
    }

    private void sendWebhook(String topic, String body) {
        URI url = webhookUrl;
        String secret = webhookSecret;
        if (url == null || secret == null) {
            return;
        }
        String webhookId = UUID.randomUUID().toString();
        int status;
        try {
            HttpResponse<Void> response = webhookClient.send(HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header("X-Shopify-Topic", topic)
                    .header("X-Shopify-Hmac-Sha256", hmac(secret, body.getBytes(StandardCharsets.UTF_8)))
                    .header("X-Shopify-Shop-Domain", SHOP_DOMAIN)
                    .header("X-Shopify-Webhook-Id", webhookId)
                    .header("X-Shopify-Event-Id", UUID.randomUUID().toString())
                    .header("X-Shopify-Triggered-At", clock.instant().toString())
                    .header("X-Shopify-API-Version", API_VERSION)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        deliveries.add(new WebhookDelivery(topic, webhookId, body, status));
    }

    /** base64(HMAC-SHA256(body, secret)), as Shopify signs webhooks. */
    public static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode restOrder(SimOrder order) {
        ObjectNode node = json.createObjectNode();
        node.put("id", Long.parseLong(order.id));
        node.put("admin_graphql_api_id", "gid://shopify/Order/" + order.id);
        node.put("name", order.name);
        node.put("created_at", REST_TIME.format(order.createdAt));
        node.put("updated_at", REST_TIME.format(order.updatedAt));
        if (order.cancelledAt == null) {
            node.putNull("cancelled_at");
            node.putNull("cancel_reason");
        } else {
            node.put("cancelled_at", REST_TIME.format(order.cancelledAt));
            node.put("cancel_reason", "customer");
        }
        node.put("financial_status", order.cancelledAt == null ? "paid" : "refunded");
        node.putNull("fulfillment_status");
        node.put("currency", "JPY");
        node.putNull("location_id");
        ArrayNode lines = node.putArray("line_items");
        for (SimLine line : order.lines) {
            String item = line.itemKey.substring(0, line.itemKey.indexOf('@'));
            ObjectNode l = lines.addObject();
            l.put("id", Long.parseLong(line.id));
            l.put("admin_graphql_api_id", "gid://shopify/LineItem/" + line.id);
            l.put("current_quantity", line.currentQuantity);
            l.put("fulfillable_quantity", order.cancelledAt == null ? line.currentQuantity : 0);
            l.put("fulfillment_service", "manual");
            l.putNull("fulfillment_status");
            l.put("product_exists", true);
            l.put("quantity", line.quantity);
            l.put("sku", "SIM-" + item);
            l.put("variant_id", Long.parseLong(variantOf(line.itemKey)));
            l.put("variant_inventory_management", "shopify");
        }
        return node;
    }

    // ------------------------------------------------------------------ token endpoint

    private SimResponse token(SimRequest request) {
        Map<String, String> params;
        String contentType = String.valueOf(request.header("Content-Type"));
        if (contentType.contains("json")) {
            params = new HashMap<>();
            try {
                json.readTree(request.body()).fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            } catch (IOException e) {
                return SimResponse.json(400, "{\"error\":\"invalid_request\"}");
            }
        } else {
            params = request.form();
        }
        if (!"client_credentials".equals(params.get("grant_type"))) {
            return SimResponse.json(400, "{\"error\":\"unsupported_grant_type\"}");
        }
        if (clientId == null || !clientId.equals(params.get("client_id")) || !clientSecret.equals(params.get("client_secret"))) {
            return SimResponse.json(400, "{\"error\":\"invalid_client\",\"error_description\":"
                    + "\"Client authentication failed due to unknown client, no client authentication included, "
                    + "or unsupported authentication method.\"}");
        }
        String token = "shpat_" + UUID.randomUUID().toString().replace("-", "");
        issuedTokens.put(token, clock.instant().plus(tokenLifetime));
        return SimResponse.json(200, "{\"access_token\":\"" + token + "\",\"scope\":"
                + "\"read_orders,read_inventory,write_inventory,read_products\",\"expires_in\":"
                + tokenLifetime.toSeconds() + "}");
    }

    private boolean authorised(SimRequest request) {
        String token = request.header("X-Shopify-Access-Token");
        if (token == null) {
            return false;
        }
        if (customAppTokens.contains(token)) {
            return true;
        }
        Instant expiry = issuedTokens.get(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    // ------------------------------------------------------------------ faults in Shopify's shape

    @Override
    protected SimResponse authError(SimRequest request) {
        return SimResponse.json(401, "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or "
                + "wrong password)\"}");
    }

    @Override
    protected SimResponse rateLimited(SimRequest request, Duration retryAfter) {
        String seconds = String.format(Locale.ROOT, "%.3f", retryAfter.toMillis() / 1000.0);
        return SimResponse.json(429, "{\"errors\":\"Exceeded 2 calls per second for api client. Reduce request "
                + "rates to resume uninterrupted service.\"}").withHeader("Retry-After", seconds);
    }

    @Override
    protected SimResponse maintenanceError(SimRequest request) {
        return SimResponse.json(503, "{\"errors\":\"Service Unavailable\"}");
    }

    // ------------------------------------------------------------------ GraphQL

    private SimResponse graphql(SimRequest request, String version) {
        if (!authorised(request)) {
            return authError(request);
        }
        JsonNode body;
        try {
            body = json.readTree(request.body());
        } catch (IOException e) {
            return SimResponse.json(400, "{\"errors\":\"Invalid JSON in request body\"}");
        }
        String document = body.path("query").asText("");
        Optional<ShopifySchema> schema = ShopifySchema.of(version);
        if (schema.isPresent()) {
            List<ObjectNode> invalid = schema.get().validate(document, json);
            if (!invalid.isEmpty()) {
                // Shopify answers a document its schema refuses with HTTP 200 and errors[], no data.
                ObjectNode root = json.createObjectNode();
                invalid.forEach(root.putArray("errors")::add);
                return SimResponse.json(200, root.toString());
            }
        }
        String operation = body.path("operationName").asText("");
        if (operation.isEmpty()) {
            operation = operationName(request.bodyText());
        }
        JsonNode variables = body.path("variables");
        String scope = scopeOf(operation);
        if (scope != null && missingScopes.contains(scope)) {
            return SimResponse.json(403, "{\"errors\":\"[API] This action requires merchant approval for "
                    + scope + " scope.\"}");
        }
        int requested = requestedCost(operation, variables);
        if (requested > SINGLE_QUERY_MAX_COST) {
            return SimResponse.json(200, errorBody("Query cost is " + requested + ", which exceeds the single query "
                    + "max cost limit (" + SINGLE_QUERY_MAX_COST + ").", "MAX_COST_EXCEEDED", requested, null));
        }
        if (throttleNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            drainCostBucket();
        }
        if (!takeCost(requested)) {
            throttled.incrementAndGet();
            return SimResponse.json(200, errorBody("Throttled", "THROTTLED", requested, null));
        }
        ObjectNode data = json.createObjectNode();
        int actual;
        switch (operation) {
            case "ZaikoOrders" -> actual = orders(variables, data);
            case "ZaikoOrderLines" -> actual = orderLines(variables, data);
            case "ZaikoSetAvailable" -> {
                Matcher key = IDEMPOTENT.matcher(document);
                boolean hasKey = key.find();
                boolean from202604 = version.compareTo(IDEMPOTENCY_REQUIRED_FROM) >= 0;
                if (!hasKey && from202604) {
                    refund(requested);
                    return SimResponse.json(200, errorBody("The @idempotent directive is required for this mutation "
                            + "but was not provided.", "BAD_REQUEST", requested, null));
                }
                Optional<String> invalid = from202604 ? missingChangeFrom(variables) : Optional.empty();
                if (invalid.isPresent()) {
                    refund(requested);
                    return SimResponse.json(200, errorBody(invalid.get(), "INVALID_FIELD_ARGUMENTS", requested, null));
                }
                // before 2026-04 the key is optional: a request without one is simply not deduplicated
                actual = setQuantities(hasKey ? key.group(1) : UUID.randomUUID().toString(), variables, data);
            }
            case "ZaikoInventoryLevels" -> actual = inventoryLevels(variables, data);
            case "ZaikoVariantInventoryItems" -> actual = variantItems(variables, data);
            case "ZaikoCatalog" -> actual = catalog(variables, data);
            default -> {
                refund(requested);
                return SimResponse.json(200, errorBody("the Shopify simulator does not know operation '" + operation
                        + "'", "UNKNOWN_OPERATION", requested, null));
            }
        }
        refund(requested - actual);
        ObjectNode root = json.createObjectNode();
        root.set("data", data);
        root.set("extensions", extensions(requested, actual));
        return SimResponse.json(200, root.toString());
    }

    private static String operationName(String text) {
        try {
            Matcher named = Pattern.compile("\"operationName\"\\s*:\\s*\"(\\w+)\"").matcher(text);
            if (named.find()) {
                return named.group(1);
            }
            Matcher m = OPERATION.matcher(text);
            return m.find() ? m.group(1) : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String scopeOf(String operation) {
        return switch (operation) {
            case "ZaikoOrders", "ZaikoOrderLines" -> "read_orders";
            case "ZaikoSetAvailable" -> "write_inventory";
            case "ZaikoInventoryLevels" -> "read_inventory";
            case "ZaikoVariantInventoryItems", "ZaikoCatalog" -> "read_products";
            default -> null;
        };
    }

    /** Shopify's static estimate: a connection costs 2 + first x its node; objects 1, scalars 0. */
    private static int requestedCost(String operation, JsonNode variables) {
        return switch (operation) {
            case "ZaikoOrders" -> 2 + variables.path("first").asInt(0) * (3 + variables.path("lines").asInt(0) * 3);
            case "ZaikoOrderLines" -> 3 + variables.path("first").asInt(0) * 3;
            case "ZaikoSetAvailable" -> 10;
            case "ZaikoInventoryLevels", "ZaikoVariantInventoryItems" -> 2 + variables.path("ids").size() * 3;
            case "ZaikoCatalog" -> 2 + variables.path("first").asInt(0) * 2;
            default -> 1;
        };
    }

    private synchronized boolean takeCost(int cost) {
        refill();
        if (bucketAvailable < cost) {
            return false;
        }
        bucketAvailable -= cost;
        return true;
    }

    private synchronized void refund(int points) {
        refill();
        bucketAvailable = Math.min(bucketMax, bucketAvailable + Math.max(0, points));
    }

    private void refill() {
        long now = System.nanoTime();
        bucketAvailable = Math.min(bucketMax, bucketAvailable + (now - bucketAt) / 1e9 * restoreRate);
        bucketAt = now;
    }

    private synchronized ObjectNode extensions(int requested, Integer actual) {
        refill();
        ObjectNode extensions = json.createObjectNode();
        ObjectNode cost = extensions.putObject("cost");
        cost.put("requestedQueryCost", requested);
        if (actual == null) {
            cost.putNull("actualQueryCost");
        } else {
            cost.put("actualQueryCost", actual);
        }
        ObjectNode status = cost.putObject("throttleStatus");
        status.put("maximumAvailable", bucketMax);
        status.put("currentlyAvailable", Math.floor(bucketAvailable));
        status.put("restoreRate", restoreRate);
        return extensions;
    }

    private String errorBody(String message, String code, int requested, Integer actual) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putArray("errors").addObject();
        error.put("message", message);
        ObjectNode ext = error.putObject("extensions");
        ext.put("code", code);
        if (code.equals("THROTTLED")) {
            ext.put("documentation", "https://shopify.dev/api/usage/rate-limits");
        }
        root.set("extensions", extensions(requested, actual));
        return root.toString();
    }

    // --- orders

    private record Cursor(Instant updatedAt, long id) {
    }

    private static String cursor(Instant updatedAt, String id) {
        String raw = "{\"last_id\":" + id + ",\"last_value\":\"" + updatedAt + "\"}";
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private Cursor decode(String cursor) {
        try {
            JsonNode node = json.readTree(Base64.getDecoder().decode(cursor));
            return new Cursor(Instant.parse(node.path("last_value").asText()), node.path("last_id").asLong());
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid cursor");
        }
    }

    private int orders(JsonNode variables, ObjectNode data) {
        int first = Math.min(250, variables.path("first").asInt(50));
        int linesFirst = variables.path("lines").asInt(10);
        String search = variables.path("query").asText("");
        Optional<Cursor> after = variables.path("after").isTextual()
                ? Optional.of(decode(variables.path("after").asText())) : Optional.empty();
        List<SimOrder> matching = new ArrayList<>();
        synchronized (orders) {
            for (SimOrder order : orders.values()) {
                if (matches(search, order.updatedAt)) {
                    matching.add(order);
                }
            }
            matching.sort(Comparator.comparing((SimOrder o) -> o.updatedAt).thenComparingLong(o -> Long.parseLong(o.id)));
            List<SimOrder> page = new ArrayList<>();
            for (SimOrder order : matching) {
                if (after.isPresent() && !isAfter(order, after.get())) {
                    continue;
                }
                page.add(order);
            }
            boolean hasNext = page.size() > first;
            page = page.subList(0, Math.min(first, page.size()));
            ObjectNode connection = data.putObject("orders");
            ObjectNode pageInfo = connection.putObject("pageInfo");
            pageInfo.put("hasNextPage", hasNext);
            if (page.isEmpty()) {
                pageInfo.putNull("endCursor");
            } else {
                SimOrder last = page.get(page.size() - 1);
                pageInfo.put("endCursor", cursor(last.updatedAt, last.id));
            }
            ArrayNode nodes = connection.putArray("nodes");
            int cost = 2;
            for (SimOrder order : page) {
                ObjectNode node = nodes.addObject();
                node.put("id", "gid://shopify/Order/" + order.id);
                node.put("name", order.name);
                node.put("updatedAt", order.updatedAt.toString());
                if (order.cancelledAt == null) {
                    node.putNull("cancelledAt");
                } else {
                    node.put("cancelledAt", order.cancelledAt.toString());
                }
                node.put("displayFinancialStatus", order.cancelledAt == null ? "PAID" : "REFUNDED");
                node.put("displayFulfillmentStatus", "UNFULFILLED");
                cost += 3 + lineConnection(order, linesFirst, 0, node.putObject("lineItems")) * 3;
            }
            return cost;
        }
    }

    private static boolean isAfter(SimOrder order, Cursor cursor) {
        int byTime = order.updatedAt.compareTo(cursor.updatedAt());
        return byTime > 0 || (byTime == 0 && Long.parseLong(order.id) > cursor.id());
    }

    private static boolean matches(String search, Instant updatedAt) {
        Matcher m = UPDATED_AT.matcher(search);
        while (m.find()) {
            Instant bound = Instant.parse(m.group(2));
            int c = updatedAt.compareTo(bound);
            boolean ok = switch (m.group(1)) {
                case ">=" -> c >= 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                default -> c < 0;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Writes a lineItems connection from {@code start}; returns the number of lines written. */
    private int lineConnection(SimOrder order, int first, int start, ObjectNode connection) {
        int end = Math.min(order.lines.size(), start + first);
        ObjectNode pageInfo = connection.putObject("pageInfo");
        pageInfo.put("hasNextPage", end < order.lines.size());
        pageInfo.put("endCursor", Base64.getEncoder().encodeToString(("line:" + end).getBytes(StandardCharsets.UTF_8)));
        ArrayNode nodes = connection.putArray("nodes");
        for (SimLine line : order.lines.subList(start, end)) {
            String item = line.itemKey.substring(0, line.itemKey.indexOf('@'));
            ObjectNode node = nodes.addObject();
            node.put("id", "gid://shopify/LineItem/" + line.id);
            node.put("sku", "SIM-" + item);
            node.put("quantity", line.quantity);
            if (!"missingField".equals(order.malformed)) {
                node.put("currentQuantity", line.currentQuantity);
            }
            ObjectNode variant = node.putObject("variant");
            variant.put("id", "gid://shopify/ProductVariant/" + variantOf(line.itemKey));
            variant.putObject("inventoryItem").put("id", "gid://shopify/InventoryItem/" + item);
        }
        return end - start;
    }

    private int orderLines(JsonNode variables, ObjectNode data) {
        Matcher gid = GID.matcher(variables.path("id").asText(""));
        synchronized (orders) {
            SimOrder order = gid.matches() ? orders.get(gid.group(2)) : null;
            if (order == null) {
                data.putNull("order");
                return 1;
            }
            int start = 0;
            if (variables.path("after").isTextual()) {
                String raw = new String(Base64.getDecoder().decode(variables.path("after").asText()), StandardCharsets.UTF_8);
                start = Integer.parseInt(raw.substring("line:".length()));
            }
            int written = lineConnection(order, variables.path("first").asInt(10), start,
                    data.putObject("order").putObject("lineItems"));
            return 3 + written * 3;
        }
    }

    // --- inventory

    private Optional<String> missingChangeFrom(JsonNode variables) {
        JsonNode quantities = variables.path("input").path("quantities");
        for (int i = 0; i < quantities.size(); i++) {
            if (!quantities.get(i).has("changeFromQuantity")) {
                return Optional.of("InventoryQuantityInput must include the following argument: changeFromQuantity.");
            }
        }
        return Optional.empty();
    }

    private synchronized int setQuantities(String idempotencyKey, JsonNode variables, ObjectNode data) {
        if (idempotencyErrorsLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            ObjectNode payload = data.putObject("inventorySetQuantities");
            payload.putNull("inventoryAdjustmentGroup");
            ObjectNode error = payload.putArray("userErrors").addObject();
            error.put("code", idempotencyErrorCode);
            error.putNull("field");
            error.put("message", idempotencyErrorCode.equals("IDEMPOTENCY_CONCURRENT_REQUEST")
                    ? "This request is currently in progress, please try again."
                    : "The same idempotency key cannot be used with different operation parameters.");
            return 10;
        }
        String fingerprint = variables.toString();
        String[] previous = idempotency.get(idempotencyKey);
        if (previous != null) {
            ObjectNode payload = data.putObject("inventorySetQuantities");
            if (previous[0].equals(fingerprint)) {
                try {
                    data.set("inventorySetQuantities", json.readTree(previous[1]));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                payload.putNull("inventoryAdjustmentGroup");
                ObjectNode error = payload.putArray("userErrors").addObject();
                error.put("code", "IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
                error.putNull("field");
                error.put("message", "The same idempotency key cannot be used with different operation parameters.");
            }
            return 10;
        }
        JsonNode input = variables.path("input");
        ObjectNode payload = data.putObject("inventorySetQuantities");
        ArrayNode errors = json.createArrayNode();
        if (!"available".equals(input.path("name").asText()) && !"on_hand".equals(input.path("name").asText())) {
            userError(errors, "INVALID_NAME", "The quantity name must be either 'available' or 'on_hand'.", "input", "name");
        }
        if (input.path("reason").asText("").isBlank()) {
            userError(errors, "INVALID_REASON", "The specified reason is invalid.", "input", "reason");
        }
        JsonNode quantities = input.path("quantities");
        if (quantities.size() > 250) {
            userError(errors, "INVALID_QUANTITY_TOO_HIGH", "Input arrays are limited to 250 items.", "input", "quantities");
        }
        Map<String, Long> writes = new LinkedHashMap<>();
        for (int i = 0; i < quantities.size(); i++) {
            JsonNode entry = quantities.get(i);
            String index = String.valueOf(i);
            Matcher item = GID.matcher(entry.path("inventoryItemId").asText(""));
            Matcher location = GID.matcher(entry.path("locationId").asText(""));
            if (!item.matches() || !item.group(1).equals("InventoryItem") || !variantByItem.containsKey(item.group(2))) {
                userError(errors, "INVALID_INVENTORY_ITEM", "The specified inventory item could not be found.",
                        "input", "quantities", index, "inventoryItemId");
                continue;
            }
            if (!location.matches() || !location.group(1).equals("Location")) {
                userError(errors, "INVALID_LOCATION", "The specified location could not be found.",
                        "input", "quantities", index, "locationId");
                continue;
            }
            String key = item.group(2) + "@" + location.group(2);
            if (!hasItem(key) || faults().isRejected(key)) {
                userError(errors, "ITEM_NOT_STOCKED_AT_LOCATION", "The inventory item is not stocked at the location.",
                        "input", "quantities", index, "locationId");
                continue;
            }
            long quantity = entry.path("quantity").asLong();
            if (quantity < 0) {
                userError(errors, "INVALID_QUANTITY_NEGATIVE", "The quantity can't be negative.",
                        "input", "quantities", index, "quantity");
                continue;
            }
            if (quantity > 1_000_000_000L) {
                userError(errors, "INVALID_QUANTITY_TOO_HIGH", "The quantity can't be higher than 1,000,000,000.",
                        "input", "quantities", index, "quantity");
                continue;
            }
            JsonNode changeFrom = entry.path("changeFromQuantity");
            if (!changeFrom.isNull() && changeFrom.asLong() != shownQuantity(key).orElse(0)) {
                userError(errors, "CHANGE_FROM_QUANTITY_STALE", "The changeFromQuantity value does not match "
                        + "persisted value.", "input", "quantities", index, "changeFromQuantity");
                continue;
            }
            if (writes.put(key, quantity) != null) {
                userError(errors, "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", "The combination of inventoryItemId "
                        + "and locationId must be unique.", "input", "quantities", index);
            }
        }
        if (errors.isEmpty()) {
            writes.forEach(this::setShown);
            payload.putObject("inventoryAdjustmentGroup").put("id",
                    "gid://shopify/InventoryAdjustmentGroup/" + ids.incrementAndGet());
        } else {
            payload.putNull("inventoryAdjustmentGroup"); // all or nothing
        }
        payload.set("userErrors", errors);
        idempotency.put(idempotencyKey, new String[] {fingerprint, payload.toString()});
        return 10;
    }

    private static void userError(ArrayNode errors, String code, String message, String... field) {
        ObjectNode error = errors.addObject();
        error.put("code", code);
        ArrayNode path = error.putArray("field");
        for (String part : field) {
            path.add(part);
        }
        error.put("message", message);
    }

    private int inventoryLevels(JsonNode variables, ObjectNode data) {
        Matcher location = GID.matcher(variables.path("locationId").asText(""));
        String locationId = location.matches() ? location.group(2) : "";
        ArrayNode nodes = data.putArray("nodes");
        int cost = 2;
        for (JsonNode id : variables.path("ids")) {
            Matcher item = GID.matcher(id.asText(""));
            if (!item.matches() || !item.group(1).equals("InventoryItem") || !variantByItem.containsKey(item.group(2))) {
                nodes.addNull();
                continue;
            }
            cost += 3;
            ObjectNode node = nodes.addObject();
            node.put("id", id.asText());
            String key = item.group(2) + "@" + locationId;
            if (!hasItem(key)) {
                node.putNull("inventoryLevel");
                continue;
            }
            ObjectNode quantity = node.putObject("inventoryLevel").putArray("quantities").addObject();
            quantity.put("name", "available");
            quantity.put("quantity", shownQuantity(key).orElse(0));
        }
        return cost;
    }

    private int variantItems(JsonNode variables, ObjectNode data) {
        ArrayNode nodes = data.putArray("nodes");
        int cost = 2;
        for (JsonNode id : variables.path("ids")) {
            Matcher variant = GID.matcher(id.asText(""));
            String item = variant.matches() && variant.group(1).equals("ProductVariant")
                    ? itemByVariant.get(variant.group(2)) : null;
            if (item == null) {
                nodes.addNull();
                continue;
            }
            cost += 2;
            ObjectNode node = nodes.addObject();
            node.put("id", id.asText());
            node.putObject("inventoryItem").put("id", "gid://shopify/InventoryItem/" + item);
        }
        return cost;
    }

    /** {@code productVariants(first:, after:)}: every variant, ordered by id, with sku, barcode and inventory item. */
    private int catalog(JsonNode variables, ObjectNode data) {
        int first = Math.min(250, Math.max(1, variables.path("first").asInt(50)));
        long after = variables.path("after").isTextual()
                ? Long.parseLong(new String(Base64.getDecoder().decode(variables.path("after").asText()),
                StandardCharsets.UTF_8).substring("variant:".length())) : -1;
        List<Map.Entry<String, String>> variants = itemByVariant.entrySet().stream()
                .filter(e -> Long.parseLong(e.getKey()) > after)
                .sorted(Comparator.comparingLong(e -> Long.parseLong(e.getKey()))).toList();
        List<Map.Entry<String, String>> page = variants.subList(0, Math.min(first, variants.size()));
        ObjectNode connection = data.putObject("productVariants");
        ObjectNode pageInfo = connection.putObject("pageInfo");
        pageInfo.put("hasNextPage", variants.size() > page.size());
        if (page.isEmpty()) {
            pageInfo.putNull("endCursor");
        } else {
            pageInfo.put("endCursor", Base64.getEncoder().encodeToString(("variant:" + page.get(page.size() - 1).getKey())
                    .getBytes(StandardCharsets.UTF_8)));
        }
        ArrayNode nodes = connection.putArray("nodes");
        for (Map.Entry<String, String> variant : page) {
            String[] details = variantDetails.getOrDefault(variant.getValue(),
                    new String[]{"SIM-" + variant.getValue(), null, null});
            ObjectNode node = nodes.addObject();
            node.put("id", "gid://shopify/ProductVariant/" + variant.getKey());
            node.put("sku", details[0] == null ? "" : details[0]);
            if (details[1] == null) {
                node.putNull("barcode");
            } else {
                node.put("barcode", details[1]);
            }
            node.put("displayName", details[2] == null ? "Simulated item " + variant.getValue() : details[2]);
            node.putObject("inventoryItem").put("id", "gid://shopify/InventoryItem/" + variant.getValue());
        }
        return 2 + page.size() * 2;
    }
}
