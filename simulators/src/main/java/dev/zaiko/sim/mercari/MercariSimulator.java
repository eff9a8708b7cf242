package dev.zaiko.sim.mercari;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.GraphQlAnswers;
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
 * Mercari Shops Shops API subset: {@code POST /v1/graphql}, operations recognised by
 * {@code operationName} ({@code orderTransactions}, {@code orderTransaction}, {@code productVariant},
 * {@code updateProductVariants}), reading {@code variables}. Bearer token and
 * {@code User-Agent: <name>/<version>} are checked; a caller marked unregistered gets Mercari's bare 404.
 * Variants carry fields besides stock (name, price, janCode) so tests can see that a stock write leaves
 * them alone. Buying and cancelling push a webhook to the configured endPoint.
 */
public final class MercariSimulator extends MallSimulator {
    public static final String GRAPHQL_PATH = "/v1/graphql";
    /** Mercari documents ORDER_CREATED; the cancel topic is our assumption. */
    public static final String TOPIC_CREATED = "ORDER_CREATED";
    public static final String TOPIC_CANCELED = "ORDER_CANCELED";

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
        final List<String[]> lines; // {skuCode, quantity}
        volatile String status;

        Order(String id, Instant createdAt, List<String[]> lines, String status) {
            this.id = id;
            this.createdAt = createdAt;
            this.lines = lines;
            this.status = status;
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
        orders.put(id, new Order(id, clock.instant(), List.<String[]>of(new String[]{itemKey, Integer.toString(quantity)}), status));
        push(TOPIC_CREATED, id);
        return new BuyResult(true, id);
    }

    @Override
    public void cancel(String orderId) {
        Order order = order(orderId);
        if (!"CANCELED".equals(order.status)) {
            order.status = "CANCELED";
            for (String[] line : order.lines) {
                giveBackShown(line[0], Long.parseLong(line[1]));
            }
            push(TOPIC_CANCELED, orderId);
        }
    }

    public void ship(String orderId) {
        order(orderId).status = "COMPLETED";
    }

    /** Moves an order to any status, as the mall's own workflow would (no stock effect). */
    public void setStatus(String orderId, String status) {
        order(orderId).status = status;
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
        return GraphQlAnswers.dispatch(json, request, (operation, variables) -> switch (operation) {
            case "orderTransactions" -> orderTransactions(variables);
            case "orderTransaction" -> orderTransaction(variables);
            case "productVariant" -> productVariant(variables);
            case "updateProductVariants" -> updateProductVariants(variables);
            default -> error(400, "GRAPHQL_VALIDATION_FAILED", "operation not in the simulator: " + operation);
        });
    }

    private SimResponse orderTransactions(JsonNode variables) {
        int first = variables.path("first").asInt(20);
        if (first < 1 || first > 100) {
            return error(200, "BAD_USER_INPUT", "first must be between 1 and 100");
        }
        Instant gte = variables.hasNonNull("orderedDateGte") ? Instant.parse(variables.get("orderedDateGte").asText()) : Instant.MIN;
        Instant lt = variables.hasNonNull("orderedDateLt") ? Instant.parse(variables.get("orderedDateLt").asText()) : Instant.MAX;
        List<String> statuses = new ArrayList<>();
        variables.path("statuses").forEach(s -> statuses.add(s.asText()));
        List<Order> matching = orders.values().stream()
                .filter(o -> !o.createdAt.isBefore(gte) && o.createdAt.isBefore(lt))
                .filter(o -> statuses.isEmpty() || statuses.contains(o.status))
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
        ObjectNode connection = root.putObject("data").putObject("orderTransactions");
        ArrayNode edges = connection.putArray("edges");
        int end = Math.min(matching.size(), start + first);
        for (int i = start; i < end; i++) {
            ObjectNode edge = edges.addObject();
            edge.set("node", node(matching.get(i)));
            edge.put("cursor", cursor(i));
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

    private SimResponse orderTransaction(JsonNode variables) {
        Order order = orders.get(variables.path("id").asText(""));
        if (order == null) {
            ObjectNode root = notFound("orderTransaction", "order transaction not found");
            return SimResponse.json(200, root.toString());
        }
        ObjectNode root = json.createObjectNode();
        root.putObject("data").set("orderTransaction", node(order));
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

    private SimResponse updateProductVariants(JsonNode variables) {
        JsonNode items = variables.path("input").path("variants");
        if (!items.isArray() || items.isEmpty()) {
            return error(200, "BAD_USER_INPUT", "input.variants is required");
        }
        if (items.size() > 20) {
            return error(200, "BAD_USER_INPUT", "input.variants accepts at most 20 items");
        }
        ObjectNode root = json.createObjectNode();
        ArrayNode updated = root.putObject("data").putObject("updateProductVariants").putArray("productVariants");
        ArrayNode errors = json.createArrayNode();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String skuCode = item.path("by").path("skuCode").asText("");
            JsonNode quantity = item.get("stockQuantity");
            if (!variants.containsKey(skuCode)) {
                errors.add(itemError(i, skuCode, "NOT_FOUND", "productVariant not found: " + skuCode));
            } else if (faults().isRejected(skuCode)) {
                errors.add(itemError(i, skuCode, "INVALID_ARGUMENT", "this variant cannot be updated (simulated)"));
            } else if (quantity == null || !quantity.canConvertToLong() || quantity.asLong() < 0
                    || quantity.asLong() > 99_999) {
                errors.add(itemError(i, skuCode, "INVALID_ARGUMENT", "stockQuantity must be 0..99999"));
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
        ArrayNode products = node.putArray("products");
        for (String[] line : order.lines) {
            Variant variant = variants.get(line[0]);
            ObjectNode product = products.addObject();
            product.put("productId", variant.productId());
            product.put("purchasedQuantity", Integer.parseInt(line[1]));
            product.put("unshippedCanceledQuantity", "CANCELED".equals(order.status) ? Integer.parseInt(line[1]) : 0);
            product.put("shippedCanceledQuantity", 0);
            product.put("unitPrice", variant.price());
            ObjectNode v = product.putObject("variant");
            v.put("id", variant.id());
            v.put("skuCode", variant.skuCode());
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
        path.add("updateProductVariants").add("variants").add(index);
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
