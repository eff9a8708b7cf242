package dev.zaiko.sim.mercari;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.GraphQlAnswers;
import dev.zaiko.sim.GraphQlSchema;
import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;
import dev.zaiko.sim.WebhookSender;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mercari Shops Shops API subset: {@code POST /v1/graphql}. Every request document is validated
 * against {@value #SCHEMA} (our SDL from Mercari's docs, each field marked confirmed or not) with
 * graphql-java, so a field, argument or input field Mercari does not have is refused with 400
 * {@code GRAPHQL_VALIDATION_FAILED}; valid operations are recognised by {@code operationName}
 * ({@code orders}, {@code order}, {@code productVariant}, {@code updateProductVariants}). Orders have
 * no quantity field: an order of n units lists the variant n times. Bearer token and
 * {@code User-Agent: <name>/<version>} are checked; a caller marked unregistered gets Mercari's bare 404.
 * Variants carry fields besides stock (name, price, janCode) so tests can see that a stock write leaves
 * them alone. Buying and cancelling push a webhook to the configured endPoint.
 */
public final class MercariSimulator extends MallSimulator {
    public static final String GRAPHQL_PATH = "/v1/graphql";
    public static final String SCHEMA = "/dev/zaiko/sim/mercari/mercari-shops.graphql";
    /** The documented webhook topics (sandbox SDL, enum WebhookTopic). */
    public static final String TOPIC_CREATED = "ORDER_CREATED";
    public static final String TOPIC_PAID = "ORDER_PAID";
    public static final String TOPIC_CANCELED = "ORDER_CANCELED";
    /** Confirmed: stockQuantity must be 0..9999. */
    public static final long MAX_STOCK = 9_999;
    private static final GraphQlSchema SCHEMA_CHECK = GraphQlSchema.load(SCHEMA);

    private final String token;
    private final Map<String, Variant> variants = new ConcurrentHashMap<>();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<String> pushedBodies = new CopyOnWriteArrayList<>();
    private final WebhookSender webhooks = new WebhookSender();
    private volatile boolean callerRegistered = true;
    private volatile URI webhookEndPoint;

    /** A variant's non-stock fields; the shown stock lives in the base class. */
    public record Variant(String id, String productId, String skuCode, String name, long price, String janCode) {
    }

    private static final class Order {
        final String id;
        final Instant createdAt;
        final List<String> units; // one skuCode per unit: Mercari's order products carry no quantity
        volatile String status;
        volatile Instant updatedAt;
        /** A fault switch's malformed order: how its node is broken (null: it is not). */
        volatile String malformed;

        Order(String id, Instant createdAt, List<String> units, String status) {
            this.id = id;
            this.createdAt = createdAt;
            this.units = new CopyOnWriteArrayList<>(units);
            this.status = status;
            this.updatedAt = createdAt;
        }
    }

    public MercariSimulator(Clock clock, String token) {
        super(clock);
        this.token = token;
        route("POST", GRAPHQL_PATH, this::graphql);
        start();
    }

    @Override
    public String mallName() {
        return "mercari";
    }

    // ------------------------------------------------------------------ seller/shopper side

    @Override
    public void putItem(String itemKey, long quantity) {
        putVariant(itemKey, quantity, "商品 " + itemKey, 1200, "4900000000000");
    }

    public void putVariant(String skuCode, long quantity, String name, long price, String janCode) {
        int n = sequence.incrementAndGet();
        variants.put(skuCode, new Variant("var_" + n, "prd_" + n, skuCode, name, price, janCode));
        super.putItem(skuCode, quantity);
    }

    public Variant variant(String skuCode) {
        return variants.get(skuCode);
    }

    /** Calls from this test are treated as coming from an IP the shop never registered. */
    public void callerRegistered(boolean registered) {
        callerRegistered = registered;
    }

    /** Where createWebhook pointed (the URL includes the channel's secret token). */
    public void webhookEndPoint(URI endPoint) {
        webhookEndPoint = endPoint;
    }

    public List<String> pushedBodies() {
        return List.copyOf(pushedBodies);
    }

    @Override
    public BuyResult buy(String itemKey, int quantity) {
        return buy(itemKey, quantity, "WAITING_FOR_SHIPPING");
    }

    public BuyResult buy(String itemKey, int quantity, String status) {
        if (!variants.containsKey(itemKey) || !takeShown(itemKey, quantity)) {
            return BuyResult.refused();
        }
        String id = "ot_" + String.format("%05d", sequence.incrementAndGet());
        orders.put(id, new Order(id, clock.instant(), java.util.Collections.nCopies(quantity, itemKey), status));
        push(TOPIC_CREATED, id);
        if (!"WAITING_FOR_PAYMENT".equals(status)) {
            push(TOPIC_PAID, id);
        }
        return new BuyResult(true, id);
    }

    @Override
    public void cancel(String orderId) {
        Order order = order(orderId);
        if (!"CANCELED".equals(order.status)) {
            setStatus(orderId, "CANCELED");
            for (String unit : order.units) {
                giveBackShown(unit, 1);
            }
            push(TOPIC_CANCELED, orderId);
        }
    }

    public void ship(String orderId) {
        setStatus(orderId, "COMPLETED");
    }

    /** Moves an order to any status, as the mall's own workflow would (no stock effect); updatedAt moves too. */
    public void setStatus(String orderId, String status) {
        Order order = order(orderId);
        order.status = status;
        order.updatedAt = clock.instant();
    }

    /**
     * The fault switch's edit: the order lists the variant {@code quantity} times (Mercari's order
     * products carry no quantity, so a line's units are its repeated entries); a cut puts the units
     * back on the variant's stock, a rise takes them. {@code updatedAt} moves, so a poll by
     * {@code updatedDateGte} sees it. No webhook: the documented topics are ORDER_CREATED, ORDER_PAID
     * and ORDER_CANCELED only. UNCONFIRMED: Mercari Shops documents no order edit at all; this is the
     * nearest shape its order model can carry.
     */
    @Override
    protected synchronized void editLine(String orderId, String itemKey, int quantity) {
        Order order = order(orderId);
        long current = order.units.stream().filter(itemKey::equals).count();
        if (current == 0) {
            throw new IllegalArgumentException("Mercari order " + orderId + " has no line for " + itemKey);
        }
        long delta = quantity - current;
        if (delta > 0 && !takeShown(itemKey, delta)) {
            throw new IllegalArgumentException("Mercari shows too few of " + itemKey + " to raise the line to " + quantity);
        }
        if (delta < 0) {
            for (long i = 0; i < -delta; i++) {
                order.units.remove(itemKey);
            }
            giveBackShown(itemKey, -delta);
        }
        for (long i = 0; i < delta; i++) {
            order.units.add(itemKey);
        }
        if (delta != 0) {
            order.updatedAt = clock.instant();
        }
    }

    /**
     * An order the adapter must refuse, placed now among the others (no webhook): {@code missingField}
     * (a product whose variant has no {@code skuCode}). {@code unknownStatus} and {@code zeroQuantity}
     * are refused (501): the adapter deliberately keeps an unknown status as IGNORE and re-checks the
     * order (not a reject), and Mercari's order products have no quantity field to be 0.
     */
    @Override
    protected synchronized String addMalformedOrder(String reason) {
        if (!reason.equals("missingField")) {
            throw new UnsupportedOperationException("mercari: " + reason + " cannot be expressed ("
                    + (reason.equals("zeroQuantity") ? "order products carry no quantity field"
                    : "the adapter keeps an unknown status as IGNORE and re-checks it, it does not refuse it")
                    + "); use missingField");
        }
        String skuCode = variants.keySet().stream().sorted().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("mercari: put a variant first"));
        String id = "ot_" + String.format("%05d", sequence.incrementAndGet());
        Order order = new Order(id, clock.instant(), List.of(skuCode), "WAITING_FOR_SHIPPING");
        order.malformed = reason;
        orders.put(id, order);
        return id;
    }

    public String status(String orderId) {
        return order(orderId).status;
    }

    private Order order(String orderId) {
        Order order = orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("no order " + orderId);
        }
        return order;
    }

    private void push(String topic, String orderId) {
        URI target = webhookEndPoint;
        if (target == null) {
            return;
        }
        ObjectNode body = json.createObjectNode().put("topic", topic);
        body.putObject("data").put("id", orderId);
        String text = body.toString();
        pushedBodies.add(text);
        webhooks.post(target, text, Map.of());
    }

    // ------------------------------------------------------------------ API

    private SimResponse graphql(SimRequest request) {
        if (!callerRegistered) {
            return SimResponse.empty(404);
        }
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.equals("Bearer " + token)) {
            return authError(request);
        }
        String userAgent = request.header("User-Agent");
        if (userAgent == null || !userAgent.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            return error(403, "FORBIDDEN", "User-Agent must be <API_CLIENT_NAME>/<VERSION>");
        }
        return GraphQlAnswers.dispatch(json, request, SCHEMA_CHECK, (operation, variables) -> switch (operation) {
            case "orders" -> orders(variables);
            case "order" -> order(variables);
            case "productVariant" -> productVariant(variables);
            case "updateProductVariants" -> updateProductVariants(variables);
            default -> error(400, "GRAPHQL_VALIDATION_FAILED", "operation not in the simulator: " + operation);
        });
    }

    private static Instant instant(JsonNode variables, String name, Instant fallback) {
        return variables.hasNonNull(name) ? Instant.parse(variables.get(name).asText()) : fallback;
    }

    private SimResponse orders(JsonNode variables) {
        int first = variables.path("first").asInt(100);
        if (first < 1 || first > 100) {
            return error(200, "BAD_USER_INPUT", "first must be between 1 and 100");
        }
        Instant orderedGte = instant(variables, "orderedDateGte", Instant.MIN);
        Instant orderedLt = instant(variables, "orderedDateLt", Instant.MAX);
        Instant updatedGte = instant(variables, "updatedDateGte", Instant.MIN);
        Instant updatedLt = instant(variables, "updatedDateLt", Instant.MAX);
        List<Order> matching = orders.values().stream()
                .filter(o -> !o.createdAt.isBefore(orderedGte) && o.createdAt.isBefore(orderedLt))
                .filter(o -> !o.updatedAt.isBefore(updatedGte) && o.updatedAt.isBefore(updatedLt))
                .sorted(Comparator.comparing((Order o) -> o.createdAt).thenComparing(o -> o.id))
                .toList();
        int start = 0;
        if (variables.hasNonNull("after")) {
            Optional<Integer> decoded = decodeCursor(variables.get("after").asText());
            if (decoded.isEmpty()) {
                return error(200, "BAD_USER_INPUT", "invalid cursor");
            }
            start = decoded.get() + 1;
        }
        ObjectNode root = json.createObjectNode();
        ObjectNode connection = root.putObject("data").putObject("orders");
        ArrayNode edges = connection.putArray("edges");
        int end = Math.min(matching.size(), start + first);
        for (int i = start; i < end; i++) {
            edges.addObject().set("node", node(matching.get(i)));
        }
        ObjectNode pageInfo = connection.putObject("pageInfo");
        pageInfo.put("hasNextPage", end < matching.size());
        if (end > start) {
            pageInfo.put("endCursor", cursor(end - 1));
        } else {
            pageInfo.putNull("endCursor");
        }
        return SimResponse.json(200, root.toString());
    }

    private SimResponse order(JsonNode variables) {
        Order order = orders.get(variables.path("id").asText(""));
        if (order == null) {
            return SimResponse.json(200, notFound("order", "order not found").toString());
        }
        ObjectNode root = json.createObjectNode();
        root.putObject("data").set("order", node(order));
        return SimResponse.json(200, root.toString());
    }

    private SimResponse productVariant(JsonNode variables) {
        String skuCode = variables.path("by").path("skuCode").asText("");
        Variant variant = variants.get(skuCode);
        if (variant == null) {
            return SimResponse.json(200, notFound("productVariant", "productVariant not found").toString());
        }
        ObjectNode root = json.createObjectNode();
        root.putObject("data").set("productVariant", variantNode(variant));
        return SimResponse.json(200, root.toString());
    }

    /** {@code inputs: [{by: {skuCode}, input: {stockQuantity}}]}; the shape itself is checked by the schema. */
    private SimResponse updateProductVariants(JsonNode variables) {
        JsonNode items = variables.path("inputs");
        if (!items.isArray() || items.isEmpty()) {
            return error(200, "BAD_USER_INPUT", "inputs must not be empty");
        }
        if (items.size() > 20) {
            return error(200, "BAD_USER_INPUT", "inputs accepts at most 20 items (simulated limit)");
        }
        ObjectNode root = json.createObjectNode();
        ArrayNode updated = root.putObject("data").putObject("updateProductVariants").putArray("productVariants");
        ArrayNode errors = json.createArrayNode();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String skuCode = item.path("by").path("skuCode").asText("");
            JsonNode quantity = item.path("input").get("stockQuantity");
            if (!variants.containsKey(skuCode)) {
                errors.add(itemError(i, skuCode, "NOT_FOUND", "productVariant not found: " + skuCode));
            } else if (faults().isRejected(skuCode)) {
                errors.add(itemError(i, skuCode, "INVALID_ARGUMENT", "this variant cannot be updated (simulated)"));
            } else if (quantity == null || !quantity.canConvertToLong() || quantity.asLong() < 0
                    || quantity.asLong() > MAX_STOCK) {
                errors.add(itemError(i, skuCode, "PRODUCT_VARIANT_STOCK_OUT_OF_RANGE",
                        "The quantity of the stock must be between 0 and 9999"));
            } else {
                setShown(skuCode, quantity.asLong());
                updated.add(variantNode(variants.get(skuCode)));
            }
        }
        if (!errors.isEmpty()) {
            root.set("errors", errors);
        }
        return SimResponse.json(200, root.toString());
    }

    private ObjectNode node(Order order) {
        ObjectNode node = json.createObjectNode();
        node.put("id", order.id);
        node.put("status", order.status);
        node.put("createdAt", order.createdAt.toString());
        node.put("updatedAt", order.updatedAt.toString());
        ArrayNode products = node.putArray("products");
        for (String unit : order.units) {
            Variant variant = variants.get(unit);
            ObjectNode product = products.addObject();
            product.put("productId", variant.productId());
            product.put("name", variant.name());
            product.put("price", variant.price());
            ObjectNode v = product.putObject("variant");
            v.put("id", variant.id());
            if (!"missingField".equals(order.malformed)) {
                v.put("skuCode", variant.skuCode());
            }
            v.put("janCode", variant.janCode());
            v.put("name", variant.name());
        }
        return node;
    }

    private ObjectNode variantNode(Variant variant) {
        ObjectNode node = json.createObjectNode();
        node.put("id", variant.id());
        node.put("skuCode", variant.skuCode());
        node.put("stockQuantity", shownQuantity(variant.skuCode()).orElse(0));
        node.put("name", variant.name());
        node.put("price", variant.price());
        node.put("janCode", variant.janCode());
        return node;
    }

    private ObjectNode itemError(int index, String skuCode, String code, String message) {
        ObjectNode error = json.createObjectNode();
        error.put("message", message);
        ArrayNode path = error.putArray("path");
        // UNCONFIRMED shape: Mercari documents no per-item error; index and skuCode are our guess
        path.add("updateProductVariants").add(index);
        error.putObject("extensions").put("code", code).put("skuCode", skuCode);
        return error;
    }

    private ObjectNode notFound(String field, String message) {
        ObjectNode root = json.createObjectNode();
        root.putObject("data").putNull(field);
        ObjectNode error = root.putArray("errors").addObject();
        error.put("message", message);
        error.putArray("path").add(field);
        error.putObject("extensions").put("code", "NOT_FOUND");
        return root;
    }

    private static String cursor(int index) {
        return Base64.getEncoder().encodeToString(("cursor:" + index).getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Integer> decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            return text.startsWith("cursor:") ? Optional.of(Integer.parseInt(text.substring(7))) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private SimResponse error(int status, String code, String message) {
        return GraphQlAnswers.error(json, status, code, message);
    }

    // ------------------------------------------------------------------ faults in Mercari's shape

    @Override
    protected SimResponse authError(SimRequest request) {
        return error(401, "UNAUTHENTICATED", "invalid personal access token");
    }

    @Override
    protected SimResponse rateLimited(SimRequest request, Duration retryAfter) {
        return GraphQlAnswers.rateLimited(json, "TOO_MANY_REQUESTS",
                "rate limit exceeded: cost points for this hour are used up", retryAfter);
    }

    @Override
    protected SimResponse maintenanceError(SimRequest request) {
        return error(503, "SERVICE_UNAVAILABLE", "メンテナンス中です (maintenance, simulated)");
    }

    @Override
    protected SimResponse serverError(SimRequest request) {
        return error(500, "INTERNAL", "internal error (simulated)");
    }
}
