package dev.zaiko.sim.makeshop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.GraphQlAnswers;
import dev.zaiko.sim.GraphQlSchema;
import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;
import dev.zaiko.sim.WebhookSender;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * makeshop next-generation GraphQL API subset: {@code POST /v1/graphql}. Every request document is
 * validated with graphql-java against {@value #SCHEMA} (our SDL, each field marked confirmed or not;
 * the stock operations are all unconfirmed), then operations are recognised by
 * {@code operationName} ({@code searchOrder}, {@code updateProductQuantity},
 * {@code updateVariationQuantity}, {@code searchProductQuantity}), reading {@code variables.input}.
 * Checks {@code authorization: Bearer}, {@code x-api-key} and an {@code x-timestamp} at most one hour
 * old. Item keys are {@code systemCode} or {@code systemCode:variationCustomCode}. Order changes push an
 * order update notice signed with HMAC-SHA256 over {@code <timestamp>.<body>} (the adapter's assumption).
 */
public final class MakeshopSimulator extends MallSimulator {
    public static final String GRAPHQL_PATH = "/v1/graphql";
    public static final String SCHEMA = "/dev/zaiko/sim/makeshop/makeshop.graphql";
    private static final GraphQlSchema SCHEMA_CHECK = GraphQlSchema.load(SCHEMA);
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final String token;
    private final String apiKey;
    private final Map<String, Product> products = new ConcurrentHashMap<>();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger(1000);
    private final WebhookSender webhooks = new WebhookSender();
    private final List<String> pushedBodies = new CopyOnWriteArrayList<>();
    private volatile URI webhookUrl;
    private volatile String webhookSecret;

    /** Fields a stock write must not touch. */
    public record Product(String itemKey, String name, long price, int lowStockAlert) {
    }

    private static final class Order {
        final String systemOrderNumber;
        final String displayOrderNumber;
        final LocalDateTime orderDate;
        final String itemKey;
        volatile int amount;
        volatile String deliveryStatus = "N";
        /** A fault switch's malformed order: how its node is broken (null: it is not). */
        volatile String malformed;

        Order(String systemOrderNumber, String displayOrderNumber, LocalDateTime orderDate, String itemKey, int amount) {
            this.systemOrderNumber = systemOrderNumber;
            this.displayOrderNumber = displayOrderNumber;
            this.orderDate = orderDate;
            this.itemKey = itemKey;
            this.amount = amount;
        }
    }

    public MakeshopSimulator(Clock clock, String token, String apiKey) {
        super(clock);
        this.token = token;
        this.apiKey = apiKey;
        route("POST", GRAPHQL_PATH, this::graphql);
        start();
    }

    @Override
    public String mallName() {
        return "makeshop";
    }

    // ------------------------------------------------------------------ seller/shopper side

    @Override
    public void putItem(String itemKey, long quantity) {
        putProduct(itemKey, quantity, "商品 " + itemKey, 1980, 3);
    }

    public void putProduct(String itemKey, long quantity, String name, long price, int lowStockAlert) {
        products.put(itemKey, new Product(itemKey, name, price, lowStockAlert));
        super.putItem(itemKey, quantity);
    }

    public Product product(String itemKey) {
        return products.get(itemKey);
    }

    /** Where the order update notice goes, and the HMAC key it is signed with. */
    public void webhook(URI url, String secret) {
        this.webhookUrl = url;
        this.webhookSecret = secret;
    }

    public List<String> pushedBodies() {
        return List.copyOf(pushedBodies);
    }

    @Override
    public BuyResult buy(String itemKey, int quantity) {
        return buyAt(itemKey, quantity, clock.instant());
    }

    /** A purchase stamped with a given order date (makeshop order dates have one-second resolution). */
    public BuyResult buyAt(String itemKey, int quantity, Instant orderedAt) {
        if (!products.containsKey(itemKey) || !takeShown(itemKey, quantity)) {
            return BuyResult.refused();
        }
        int n = sequence.incrementAndGet();
        Order order = new Order("SO" + n, "D" + n, LocalDateTime.ofInstant(orderedAt, JST).withNano(0), itemKey, quantity);
        orders.put(order.systemOrderNumber, order);
        push(order);
        return new BuyResult(true, order.systemOrderNumber);
    }

    @Override
    public void cancel(String orderId) {
        Order order = order(orderId);
        if (!"C".equals(order.deliveryStatus)) {
            order.deliveryStatus = "C";
            giveBackShown(order.itemKey, order.amount);
            push(order);
        }
    }

    public void ship(String orderId) {
        setDeliveryStatus(orderId, "Y");
    }

    public void setDeliveryStatus(String orderId, String status) {
        Order order = order(orderId);
        order.deliveryStatus = status;
        push(order);
    }

    /**
     * The fault switch's edit: the basket line's {@code amount} (its quantity) becomes
     * {@code quantity}; a cut puts the units back on the product, a rise takes them; the order update
     * notice goes out when one is configured (it covers new and updated orders). searchOrder carries no
     * update time: the adapter sees the change when its re-check reads the order again. UNCONFIRMED:
     * makeshop documents no order edit through the API; this is the nearest shape its order carries.
     */
    @Override
    protected synchronized void editLine(String orderId, String itemKey, int quantity) {
        Order order = order(orderId);
        if (!order.itemKey.equals(itemKey)) {
            throw new IllegalArgumentException("makeshop order " + orderId + " is for " + order.itemKey + ", not "
                    + itemKey);
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("makeshop: a line of 0 units is a cancel; cancel the order instead");
        }
        int delta = quantity - order.amount;
        if (delta > 0 && !takeShown(itemKey, delta)) {
            throw new IllegalArgumentException("makeshop shows too few of " + itemKey + " to raise the line to "
                    + quantity);
        }
        if (delta < 0) {
            giveBackShown(itemKey, -delta);
        }
        order.amount = quantity;
        push(order);
    }

    /**
     * An order the adapter must refuse, placed now among the others (deliveryStatus N, on an existing
     * product, taking no stock, no notice sent): {@code missingField} (a basket line without
     * {@code productCode}) or {@code zeroQuantity} ({@code amount} 0). {@code unknownStatus} is
     * refused (501): the adapter keeps an unknown deliveryStatus as IGNORE by design, not a reject.
     */
    @Override
    protected synchronized String addMalformedOrder(String reason) {
        if (reason.equals("unknownStatus")) {
            throw new UnsupportedOperationException("makeshop: unknownStatus cannot be expressed (the adapter keeps an"
                    + " unknown deliveryStatus as IGNORE, it does not refuse it); use missingField or zeroQuantity");
        }
        String itemKey = products.keySet().stream().sorted().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("makeshop: put a product first"));
        int n = sequence.incrementAndGet();
        Order order = new Order("SO" + n, "D" + n, LocalDateTime.ofInstant(clock.instant(), JST).withNano(0), itemKey,
                reason.equals("zeroQuantity") ? 0 : 1);
        order.malformed = reason;
        orders.put(order.systemOrderNumber, order);
        return order.systemOrderNumber;
    }

    private Order order(String orderId) {
        Order order = orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("no order " + orderId);
        }
        return order;
    }

    private void push(Order order) {
        URI target = webhookUrl;
        if (target == null) {
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.put("event", "order_update");
        body.put("shopId", "sim-shop");
        body.putArray("orders").add(node(order));
        String text = body.toString();
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        pushedBodies.add(text);
        String signature;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            signature = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + text).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            return; // the simulator only records the attempt
        }
        webhooks.post(target, text, Map.of("x-makeshop-signature", signature,
                "x-makeshop-request-timestamp", timestamp));
    }

    // ------------------------------------------------------------------ API

    private SimResponse graphql(SimRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null || !authorization.equals("Bearer " + token) || !apiKey.equals(request.header("x-api-key"))) {
            return authError(request);
        }
        String timestamp = request.header("x-timestamp");
        if (timestamp == null || !timestamp.matches("\\d{1,12}")
                || Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp)) > 3600) {
            return error(401, "UNAUTHENTICATED", "x-timestamp is missing or older than 1 hour");
        }
        return GraphQlAnswers.dispatch(json, request, SCHEMA_CHECK, (operation, variables) -> {
            JsonNode input = variables.path("input");
            return switch (operation) {
                case "searchOrder" -> searchOrder(input);
                case "updateProductQuantity" -> updateQuantity("updateProductQuantity", input.path("products"), false);
                case "updateVariationQuantity" -> updateQuantity("updateVariationQuantity", input.path("variations"), true);
                case "searchProductQuantity" -> searchProductQuantity(input);
                default -> error(400, "GRAPHQL_VALIDATION_FAILED", "operation not in the simulator");
            };
        });
    }

    private SimResponse searchOrder(JsonNode input) {
        int page = input.path("page").asInt(1);
        int limit = input.path("limit").asInt(100);
        if (limit < 1 || limit > 1000 || page < 1) {
            return error(200, "BAD_USER_INPUT", "limit must be 1..1000 and page >= 1");
        }
        LocalDateTime start;
        LocalDateTime end;
        try {
            start = LocalDateTime.parse(input.path("startOrderDate").asText(""), COMPACT);
            end = LocalDateTime.parse(input.path("endOrderDate").asText(""), COMPACT);
        } catch (RuntimeException e) {
            return error(200, "BAD_USER_INPUT", "startOrderDate/endOrderDate must be yyyyMMddHHmmss");
        }
        List<Order> matching = orders.values().stream()
                .filter(o -> !o.orderDate.isBefore(start) && !o.orderDate.isAfter(end))
                .sorted(Comparator.comparing((Order o) -> o.orderDate).thenComparing(o -> o.systemOrderNumber))
                .toList();
        ObjectNode root = json.createObjectNode();
        ObjectNode result = root.putObject("data").putObject("searchOrder");
        result.put("searchedCount", matching.size());
        ArrayNode list = result.putArray("orders");
        int from = (page - 1) * limit;
        for (int i = from; i < Math.min(matching.size(), from + limit); i++) {
            list.add(node(matching.get(i)));
        }
        return SimResponse.json(200, root.toString());
    }

    private SimResponse updateQuantity(String operation, JsonNode items, boolean variations) {
        if (!items.isArray() || items.isEmpty() || items.size() > 100) {
            return error(200, "BAD_USER_INPUT", "1..100 items required");
        }
        ObjectNode root = json.createObjectNode();
        ArrayNode results = root.putObject("data").putObject(operation).putArray("results");
        for (JsonNode item : items) {
            String systemCode = item.path("systemCode").asText("");
            String variation = item.path("variationCustomCode").asText("");
            String key = variations ? systemCode + ":" + variation : systemCode;
            ObjectNode result = results.addObject();
            result.put("systemCode", systemCode);
            if (variations) {
                result.put("variationCustomCode", variation);
            }
            JsonNode quantity = item.get("quantity");
            if (!products.containsKey(key)) {
                result.put("status", "ERROR").put("errorCode", "E_NOT_FOUND").put("errorMessage", "商品が存在しません: " + key);
            } else if (faults().isRejected(key)) {
                result.put("status", "ERROR").put("errorCode", "E_INVALID_PRODUCT")
                        .put("errorMessage", "在庫を更新できない商品です (simulated)");
            } else if (quantity == null || !quantity.canConvertToLong() || quantity.asLong() < 0) {
                result.put("status", "ERROR").put("errorCode", "E_INVALID_QUANTITY").put("errorMessage", "在庫数が不正です");
            } else {
                setShown(key, quantity.asLong());
                result.put("status", "SUCCESS").putNull("errorCode").putNull("errorMessage");
            }
        }
        return SimResponse.json(200, root.toString());
    }

    private SimResponse searchProductQuantity(JsonNode input) {
        List<String> codes = new ArrayList<>();
        input.path("systemCodes").forEach(c -> codes.add(c.asText()));
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putObject("data").putObject("searchProductQuantity").putArray("products");
        for (String code : codes) {
            boolean simple = products.containsKey(code);
            List<String> variationKeys = products.keySet().stream().filter(k -> k.startsWith(code + ":")).sorted().toList();
            if (!simple && variationKeys.isEmpty()) {
                continue;
            }
            ObjectNode product = list.addObject();
            product.put("systemCode", code);
            if (simple) {
                product.put("quantity", shownQuantity(code).orElse(0));
            } else {
                product.putNull("quantity");
            }
            ArrayNode variations = product.putArray("variations");
            for (String key : variationKeys) {
                variations.addObject().put("variationCustomCode", key.substring(code.length() + 1))
                        .put("quantity", shownQuantity(key).orElse(0));
            }
        }
        return SimResponse.json(200, root.toString());
    }

    private ObjectNode node(Order order) {
        ObjectNode node = json.createObjectNode();
        node.put("systemOrderNumber", order.systemOrderNumber);
        node.put("displayOrderNumber", order.displayOrderNumber);
        node.put("orderDate", order.orderDate.format(COMPACT));
        ObjectNode delivery = node.putArray("deliveryInfos").addObject();
        delivery.put("deliveryStatus", order.deliveryStatus);
        ObjectNode basket = delivery.putArray("basketInfos").addObject();
        int at = order.itemKey.indexOf(':');
        if (!"missingField".equals(order.malformed)) {
            basket.put("productCode", at < 0 ? order.itemKey : order.itemKey.substring(0, at));
        }
        if (at >= 0) {
            basket.put("variationCustomCode", order.itemKey.substring(at + 1));
        } else {
            basket.putNull("variationCustomCode");
        }
        basket.put("amount", order.amount);
        basket.put("price", products.get(order.itemKey).price());
        return node;
    }

    private SimResponse error(int status, String code, String message) {
        return GraphQlAnswers.error(json, status, code, message);
    }

    // ------------------------------------------------------------------ faults in makeshop's shape

    @Override
    protected SimResponse authError(SimRequest request) {
        return error(401, "UNAUTHENTICATED", "認証に失敗しました (token or API key invalid)");
    }

    @Override
    protected SimResponse rateLimited(SimRequest request, Duration retryAfter) {
        return GraphQlAnswers.rateLimited(json, "TOO_MANY_REQUESTS", "リクエスト数が上限を超えました", retryAfter);
    }

    @Override
    protected SimResponse maintenanceError(SimRequest request) {
        return error(503, "SERVICE_UNAVAILABLE", "ただいまメンテナンス中です (simulated)");
    }

    @Override
    protected SimResponse serverError(SimRequest request) {
        return error(500, "INTERNAL_SERVER_ERROR", "internal error (simulated)");
    }
}
