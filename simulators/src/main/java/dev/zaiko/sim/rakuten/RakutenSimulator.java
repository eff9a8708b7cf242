package dev.zaiko.sim.rakuten;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rakuten RMS WEB SERVICE subset: RakutenPayOrderAPI {@code searchOrder}/{@code getOrder} (version 7+
 * shapes, {@code SkuModelList}), Inventory API 2.0 {@code bulk-upsert}/{@code bulk-get}, and the
 * License Management API expiry date.
 *
 * <p>What it copies from the real mall, because the adapter must cope with it:
 * <ul>
 *   <li>ESA auth: {@code Authorization: ESA base64(serviceSecret:licenseKey)}; anything else, or an
 *       expired licenseKey, is a 401 {@code GA0001 Un-Authorised} (the code seen live by a
 *       third-party client; the body shape is the gateway's {@code Results} object).</li>
 *   <li>Item keys: {@code manageNumber} is lower-cased by Rakuten, {@code variantId} is
 *       case-sensitive. Unknown keys are accepted silently by bulk-upsert (204) and never appear in
 *       bulk-get.</li>
 *   <li>bulk-upsert writes {@code quantity} only; each SKU also holds fields the 2.0 call never
 *       touches ({@code operationLeadTime}, {@code shipFromIds}) so tests can prove they survive.</li>
 *   <li>A validation error makes the whole bulk-upsert a 400 with {@code errors[]} naming
 *       {@code inventories[i]}; nothing in that request is applied.</li>
 *   <li>Orders: progress 100 on purchase; {@link #ship}, {@link #requestCancel} (800),
 *       {@link #cancel} (900, Rakuten gives its own stock back), {@link #deleteLine}.</li>
 * </ul>
 * Fault bodies for 429/5xx/maintenance use Rakuten's {@code errors[]} shape; their exact codes are
 * not public, so they carry {@code SIM-*} codes.
 */
public final class RakutenSimulator extends MallSimulator {
    public static final String SEARCH_ORDER = "/es/2.0/order/searchOrder/";
    public static final String GET_ORDER = "/es/2.0/order/getOrder/";
    /** The real searchOrder answer the simulator uses as its template (SOURCES-malls.md: happinesea/rws-lib, MIT). */
    public static final String SEARCH_ORDER_FIXTURE = "rakuten/searchOrder-response.json";
    public static final String BULK_UPSERT = "/es/2.0/inventories/bulk-upsert";
    public static final String BULK_GET = "/es/2.0/inventories/bulk-get";
    public static final String LICENSE_EXPIRY = "/es/1.0/license-management/license-key/expiry-date";

    public static final int MAX_UPSERT = 400;
    public static final int MAX_BULK_GET = 1000;
    public static final int MAX_GET_ORDER = 100;
    public static final int MAX_SEARCH_RECORDS = 1000;
    public static final long MAX_QUANTITY = 99_999;
    public static final String NORMAL_INVENTORY = "normal-inventory";

    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter RMS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");
    private static final DateTimeFormatter RMS_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final String shopId;
    private final String serviceSecret;
    private volatile String licenseKey;
    private volatile Instant licenseExpiresAt;
    private final Map<String, Extras> extras = new ConcurrentHashMap<>();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final List<String> acceptedUnknownKeys = new CopyOnWriteArrayList<>();
    private final AtomicLong orderSeq = new AtomicLong(65900);
    private final AtomicLong detailSeq = new AtomicLong(100_000);

    /** Fields of a Rakuten SKU that a quantity write must leave alone. */
    public record Extras(Integer normalDeliveryTimeId, Integer backOrderDeliveryTimeId, List<String> shipFromIds) {
        public Extras {
            shipFromIds = List.copyOf(shipFromIds);
        }
    }

    /** One order line as the mall holds it. */
    public record Line(long itemDetailId, String manageNumber, String variantId, int units, boolean deleted) {
        public String itemKey() {
            return manageNumber + ":" + variantId;
        }
    }

    private static final class Order {
        final String orderNumber;
        final Instant orderDatetime;
        volatile int progress = 100;
        /** A fault switch's malformed order: how its getOrder answer is broken (null: it is not). */
        volatile String malformed;
        final List<Line> lines = new CopyOnWriteArrayList<>();

        Order(String orderNumber, Instant orderDatetime) {
            this.orderNumber = orderNumber;
            this.orderDatetime = orderDatetime;
        }
    }

    public RakutenSimulator(Clock clock, String serviceSecret, String licenseKey) {
        super(clock);
        this.shopId = "289999";
        this.serviceSecret = serviceSecret;
        this.licenseKey = licenseKey;
        this.licenseExpiresAt = clock.instant().plus(Duration.ofDays(90));
        route("POST", SEARCH_ORDER, this::searchOrder);
        route("POST", GET_ORDER, this::getOrder);
        route("POST", BULK_UPSERT, this::bulkUpsert);
        route("POST", BULK_GET, this::bulkGet);
        route("GET", LICENSE_EXPIRY, this::licenseExpiry);
        start();
    }

    @Override
    public String mallName() {
        return "rakuten";
    }

    // ------------------------------------------------------------------ seller-side setup

    /** Registers a SKU; {@code manageNumber} is lower-cased as Rakuten does. */
    public String putSku(String manageNumber, String variantId, long quantity, Extras fieldsToKeep) {
        String key = normalise(manageNumber, variantId);
        putItem(key, quantity);
        extras.put(key, fieldsToKeep);
        return key;
    }

    public String putSku(String manageNumber, String variantId, long quantity) {
        return putSku(manageNumber, variantId, quantity, new Extras(null, null, List.of()));
    }

    public Optional<Extras> extras(String manageNumber, String variantId) {
        return Optional.ofNullable(extras.get(normalise(manageNumber, variantId)));
    }

    /** A new licenseKey issued in RMS (the old one stops working at once). */
    public void reissueLicenseKey(String newKey, Instant expiresAt) {
        this.licenseKey = newKey;
        this.licenseExpiresAt = expiresAt;
    }

    public void licenseExpiresAt(Instant expiresAt) {
        this.licenseExpiresAt = expiresAt;
    }

    /** Keys a bulk-upsert named that no SKU has: Rakuten accepts them silently. */
    public List<String> acceptedUnknownKeys() {
        return List.copyOf(acceptedUnknownKeys);
    }

    // ------------------------------------------------------------------ shoppers and order changes

    @Override
    public BuyResult buy(String itemKey, int quantity) {
        String[] parts = splitKey(itemKey);
        String key = normalise(parts[0], parts[1]);
        if (!takeShown(key, quantity)) {
            return BuyResult.refused();
        }
        Order order = newOrder();
        order.lines.add(new Line(detailSeq.incrementAndGet(), parts[0].toLowerCase(Locale.ROOT), parts[1], quantity,
                false));
        orders.put(order.orderNumber, order);
        return new BuyResult(true, order.orderNumber);
    }

    /** One order with several lines; accepted only if every line is covered. */
    public synchronized BuyResult buyAll(Map<String, Integer> quantities) {
        for (Map.Entry<String, Integer> entry : quantities.entrySet()) {
            String[] parts = splitKey(entry.getKey());
            long shown = shownQuantity(normalise(parts[0], parts[1])).orElse(-1);
            if (shown < entry.getValue()) {
                return BuyResult.refused();
            }
        }
        Order order = newOrder();
        quantities.forEach((itemKey, qty) -> {
            String[] parts = splitKey(itemKey);
            takeShown(normalise(parts[0], parts[1]), qty);
            order.lines.add(new Line(detailSeq.incrementAndGet(), parts[0].toLowerCase(Locale.ROOT), parts[1], qty,
                    false));
        });
        orders.put(order.orderNumber, order);
        return new BuyResult(true, order.orderNumber);
    }

    /** Cancel confirmed (900); Rakuten restores its own displayed stock. */
    @Override
    public void cancel(String orderId) {
        Order order = order(orderId);
        if (order.progress != 900) {
            order.progress = 900;
            for (Line line : order.lines) {
                if (!line.deleted()) {
                    giveBackShown(line.itemKey(), line.units());
                }
            }
        }
    }

    /** The buyer asked to cancel; the shop has not confirmed yet (800). */
    public void requestCancel(String orderId) {
        order(orderId).progress = 800;
    }

    public void confirm(String orderId) {
        order(orderId).progress = 300;
    }

    public void ship(String orderId) {
        order(orderId).progress = 500;
    }

    public void setProgress(String orderId, int progress) {
        order(orderId).progress = progress;
    }

    /** The shop removed one line from an order (deleteItemFlag = 1). */
    public void deleteLine(String orderId, long itemDetailId) {
        Order order = order(orderId);
        for (int i = 0; i < order.lines.size(); i++) {
            Line line = order.lines.get(i);
            if (line.itemDetailId() == itemDetailId && !line.deleted()) {
                order.lines.set(i, new Line(line.itemDetailId(), line.manageNumber(), line.variantId(), line.units(),
                        true));
                giveBackShown(line.itemKey(), line.units());
            }
        }
    }

    public List<Line> lines(String orderId) {
        return List.copyOf(order(orderId).lines);
    }

    public int progress(String orderId) {
        return order(orderId).progress;
    }

    // ------------------------------------------------------------------ fault switch hooks

    /**
     * unknownStatus: orderProgress 999; missingField: no SkuModelList variantId; zeroQuantity: a line
     * of 0 units (which Rakuten's adapter reads, correctly, as a deleted line: a cancel, not a reject).
     */
    @Override
    protected String addMalformedOrder(String reason) {
        Order order = newOrder();
        order.malformed = reason;
        order.lines.add(new Line(detailSeq.incrementAndGet(), "poison-item", "v1",
                reason.equals("zeroQuantity") ? 0 : 1, false));
        orders.put(order.orderNumber, order);
        return order.orderNumber;
    }

    /** The shop changed a line's units (0 deletes it); Rakuten moves its own shown stock by the difference. */
    @Override
    protected synchronized void editLine(String orderId, String itemKey, int quantity) {
        Order order = order(orderId);
        String[] parts = splitKey(itemKey);
        String key = normalise(parts[0], parts[1]);
        for (int i = 0; i < order.lines.size(); i++) {
            Line line = order.lines.get(i);
            if (line.itemKey().equals(key) && !line.deleted()) {
                order.lines.set(i, new Line(line.itemDetailId(), line.manageNumber(), line.variantId(), quantity,
                        quantity == 0));
                if (line.units() > quantity) {
                    giveBackShown(key, line.units() - quantity);
                } else if (quantity > line.units()) {
                    takeShown(key, quantity - line.units());
                }
                return;
            }
        }
        throw new IllegalArgumentException("Rakuten order " + orderId + " has no line for " + itemKey);
    }

    private Order newOrder() {
        Instant now = clock.instant();
        String number = shopId + "-" + RMS_DAY.format(now.atZone(JST)) + "-" + String.format("%08d",
                orderSeq.incrementAndGet());
        return new Order(number, now);
    }

    private Order order(String orderId) {
        Order order = orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("no Rakuten order " + orderId);
        }
        return order;
    }

    // ------------------------------------------------------------------ routes

    private Optional<SimResponse> checkAuth(SimRequest request) {
        String header = request.header("Authorization");
        String expected = "ESA " + Base64.getEncoder().encodeToString(
                (serviceSecret + ":" + licenseKey).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(header) || !clock.instant().isBefore(licenseExpiresAt)) {
            return Optional.of(authError(request));
        }
        return Optional.empty();
    }

    private Optional<SimResponse> checkJson(SimRequest request) {
        String type = request.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return Optional.of(SimResponse.json(415, "{\"Results\":{\"errorCode\":\"ES04-03\","
                    + "\"message\":\"Unsupported Media Type\"}}"));
        }
        return Optional.empty();
    }

    /** A searchOrder success answer, from the real payload when the shared fixtures are here. */
    private ObjectNode searchOrderTemplate() {
        Optional<java.nio.file.Path> fixture = dev.zaiko.sim.FixtureLocator.find(SEARCH_ORDER_FIXTURE);
        if (fixture.isPresent()) {
            try {
                return (ObjectNode) json.readTree(fixture.get().toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        ObjectNode out = json.createObjectNode(); // the same shape, written out, without the fixtures folder
        out.putArray("orderNumberList");
        ObjectNode message = out.putArray("MessageModelList").addObject();
        message.put("messageType", "INFO");
        message.put("messageCode", "ORDER_EXT_API_SEARCH_ORDER_INFO_101");
        message.put("message", "注文検索に成功しました。");
        out.putObject("PaginationResponseModel");
        return out;
    }

    private SimResponse searchOrder(SimRequest request) {
        Optional<SimResponse> refused = checkAuth(request).or(() -> checkJson(request));
        if (refused.isPresent()) {
            return refused.get();
        }
        JsonNode body = parse(request);
        if (body == null || body.path("dateType").asInt(-1) != 1) {
            return orderApiError(400, "ORDER_EXT_API_SEARCH_ORDER_ERROR_005",
                    "dateType: only 1 (order date) is simulated");
        }
        OffsetDateTime start;
        OffsetDateTime end;
        try {
            start = OffsetDateTime.parse(body.path("startDatetime").asText(), RMS_TIME);
            end = OffsetDateTime.parse(body.path("endDatetime").asText(), RMS_TIME);
        } catch (DateTimeParseException e) {
            return orderApiError(400, "ORDER_EXT_API_SEARCH_ORDER_ERROR_009",
                    "startDatetime/endDatetime must be yyyy-MM-ddTHH:mm:ss+0900");
        }
        if (end.isBefore(start) || Duration.between(start, end).compareTo(Duration.ofDays(63)) > 0) {
            return orderApiError(400, "ORDER_EXT_API_SEARCH_ORDER_ERROR_012",
                    "the search window must be 0 to 63 days");
        }
        JsonNode paging = body.path("PaginationRequestModel");
        int amount = paging.path("requestRecordsAmount").asInt(30);
        int page = paging.path("requestPage").asInt(1);
        if (amount < 1 || amount > MAX_SEARCH_RECORDS || page < 1) {
            return orderApiError(400, "ORDER_EXT_API_SEARCH_ORDER_ERROR_017",
                    "requestRecordsAmount must be 1-1000 and requestPage >= 1");
        }
        List<Order> hits = orders.values().stream()
                .filter(o -> !o.orderDatetime.isBefore(start.toInstant()) && !o.orderDatetime.isAfter(end.toInstant()))
                .sorted(Comparator.comparing((Order o) -> o.orderDatetime).thenComparing(o -> o.orderNumber))
                .toList();
        int total = hits.size();
        int totalPages = (total + amount - 1) / amount;
        // The real answer (shared/fixtures/rakuten/searchOrder-response.json) as the template: its keys,
        // order and message kept; only the order numbers and the paging numbers are ours.
        ObjectNode out = searchOrderTemplate();
        ArrayNode numbers = out.putArray("orderNumberList");
        hits.stream().skip((long) (page - 1) * amount).limit(amount).forEach(o -> numbers.add(o.orderNumber));
        ObjectNode pagination = (ObjectNode) out.path("PaginationResponseModel");
        pagination.put("totalRecordsAmount", total);
        pagination.put("totalPages", totalPages);
        pagination.put("requestPage", page);
        return SimResponse.json(200, out.toString());
    }

    private SimResponse getOrder(SimRequest request) {
        Optional<SimResponse> refused = checkAuth(request).or(() -> checkJson(request));
        if (refused.isPresent()) {
            return refused.get();
        }
        JsonNode body = parse(request);
        JsonNode numbers = body == null ? null : body.get("orderNumberList");
        if (numbers == null || !numbers.isArray() || numbers.isEmpty() || numbers.size() > MAX_GET_ORDER) {
            return orderApiError(400, "ORDER_EXT_API_GET_ORDER_ERROR_001",
                    "orderNumberList must hold 1-100 order numbers");
        }
        int version = body.path("version").asInt(1);
        ObjectNode out = json.createObjectNode();
        ArrayNode messages = out.putArray("MessageModelList");
        ArrayNode list = out.putArray("OrderModelList");
        for (JsonNode number : numbers) {
            Order order = orders.get(number.asText());
            if (order == null) {
                ObjectNode message = messages.addObject();
                message.put("messageType", "ERROR");
                message.put("messageCode", "ORDER_EXT_API_GET_ORDER_ERROR_101");
                message.put("message", "注文が存在しません。");
                message.put("orderNumber", number.asText());
                continue;
            }
            list.add(orderModel(order, version));
        }
        if (list.isEmpty() && messages.isEmpty()) {
            ObjectNode message = messages.addObject();
            message.put("messageType", "INFO");
            message.put("messageCode", "ORDER_EXT_API_GET_ORDER_INFO_101");
            message.put("message", "受注情報取得に成功しました。");
        }
        out.put("version", version);
        return SimResponse.json(200, out.toString());
    }

    private ObjectNode orderModel(Order order, int version) {
        ObjectNode model = json.createObjectNode();
        model.put("orderNumber", order.orderNumber);
        model.put("orderProgress", "unknownStatus".equals(order.malformed) ? 999 : order.progress);
        model.putNull("subStatusId");
        model.put("orderDatetime", RMS_TIME.format(order.orderDatetime.atZone(JST)));
        model.put("orderType", 1);
        ArrayNode packages = model.putArray("PackageModelList");
        ObjectNode pack = packages.addObject();
        pack.put("basketId", 10_000_000L + Math.abs(order.orderNumber.hashCode() % 1_000_000));
        pack.put("packageDeleteFlag", 0);
        ArrayNode items = pack.putArray("ItemModelList");
        for (Line line : order.lines) {
            ObjectNode item = items.addObject();
            item.put("itemDetailId", line.itemDetailId());
            item.put("itemName", "simulated item " + line.manageNumber());
            item.put("itemId", 10_000 + Math.abs(line.manageNumber().hashCode() % 10_000));
            item.put("manageNumber", line.manageNumber());
            item.put("units", line.units());
            item.put("inventoryType", NORMAL_INVENTORY.equals(line.variantId()) ? 1 : 2);
            item.put("restoreInventoryFlag", 0);
            item.put("deleteItemFlag", line.deleted() ? 1 : 0);
            if (version >= 7) {
                ArrayNode skus = item.putArray("SkuModelList");
                ObjectNode sku = skus.addObject();
                if (!"missingField".equals(order.malformed)) {
                    sku.put("variantId", line.variantId());
                }
                if (NORMAL_INVENTORY.equals(line.variantId())) {
                    sku.putNull("merchantDefinedSkuId");
                    sku.putNull("skuInfo");
                } else {
                    sku.put("merchantDefinedSkuId", line.variantId().toUpperCase(Locale.ROOT));
                    sku.put("skuInfo", "カラー:simulated");
                }
            }
        }
        model.putArray("ChangeReasonModelList");
        return model;
    }

    private SimResponse bulkUpsert(SimRequest request) {
        Optional<SimResponse> refused = checkAuth(request).or(() -> checkJson(request));
        if (refused.isPresent()) {
            return refused.get();
        }
        JsonNode body = parse(request);
        JsonNode inventories = body == null ? null : body.get("inventories");
        if (inventories == null || !inventories.isArray() || inventories.isEmpty()
                || inventories.size() > MAX_UPSERT) {
            return inventoryError(400, List.of(error("IE0001", "inventories must hold 1-400 items.", "inventories")));
        }
        List<ObjectNode> errors = new ArrayList<>();
        for (int i = 0; i < inventories.size(); i++) {
            JsonNode entry = inventories.get(i);
            String path = "inventories[" + i + "]";
            String manageNumber = entry.path("manageNumber").asText("");
            String variantId = entry.path("variantId").asText("");
            String mode = entry.path("mode").asText("");
            JsonNode quantity = entry.get("quantity");
            if (!validId(manageNumber)) {
                errors.add(error("IE0004", "Max length of manageNumber must be within 32 bytes.",
                        path + ".manageNumber"));
            } else if (!validId(variantId)) {
                errors.add(error("IE0004", "Max length of variantId must be within 32 bytes.", path + ".variantId"));
            } else if (!mode.equals("ABSOLUTE") && !mode.equals("RELATIVE")) {
                errors.add(error("IE0002", "mode has an invalid value : " + mode + ".", path + ".mode"));
            } else if (quantity == null || !quantity.isIntegralNumber() || quantity.asLong() > MAX_QUANTITY
                    || (mode.equals("ABSOLUTE") && quantity.asLong() < 0)) {
                errors.add(error("IE0003", "quantity must be between 0 and 99999.", path + ".quantity"));
            } else if (faults().isRejected(normalise(manageNumber, variantId))) {
                errors.add(error("IE1101", "This SKU cannot be updated (simulated per-item rejection).",
                        path + ".variantId"));
            }
            for (var it = entry.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!Set.of("manageNumber", "variantId", "mode", "quantity").contains(field)) {
                    errors.add(error("IE0002", "Unrecognized field " + field + ".", path + "." + field));
                }
            }
        }
        if (!errors.isEmpty()) {
            // The real API answers a validation error for the request as a whole.
            return inventoryError(400, errors);
        }
        for (JsonNode entry : inventories) {
            String key = normalise(entry.get("manageNumber").asText(), entry.get("variantId").asText());
            long quantity = entry.get("quantity").asLong();
            if (!hasItem(key)) {
                acceptedUnknownKeys.add(key);
                continue;
            }
            if (entry.get("mode").asText().equals("ABSOLUTE")) {
                setShown(key, quantity);
            } else {
                setShown(key, Math.max(0, shownQuantity(key).orElse(0) + quantity));
            }
        }
        return SimResponse.empty(204);
    }

    private SimResponse bulkGet(SimRequest request) {
        Optional<SimResponse> refused = checkAuth(request).or(() -> checkJson(request));
        if (refused.isPresent()) {
            return refused.get();
        }
        JsonNode body = parse(request);
        JsonNode inventories = body == null ? null : body.get("inventories");
        if (inventories == null || !inventories.isArray() || inventories.isEmpty()
                || inventories.size() > MAX_BULK_GET) {
            return inventoryError(400, List.of(error("IE0001", "inventories must hold 1-1000 items.",
                    "inventories")));
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("inventories");
        String now = clock.instant().atZone(JST).toOffsetDateTime().withNano(0).toString();
        for (JsonNode entry : inventories) {
            String key = normalise(entry.path("manageNumber").asText(""), entry.path("variantId").asText(""));
            if (!hasItem(key)) {
                continue;
            }
            String[] parts = splitKey(key);
            ObjectNode item = list.addObject();
            item.put("manageNumber", parts[0]);
            item.put("variantId", parts[1]);
            item.put("quantity", shownQuantity(key).orElse(0));
            item.put("created", now);
            item.put("updated", now);
        }
        return SimResponse.json(200, out.toString());
    }

    private SimResponse licenseExpiry(SimRequest request) {
        Optional<SimResponse> refused = checkAuth(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        String asked = request.query().get("licenseKey");
        if (!licenseKey.equals(asked)) {
            return inventoryError(404, List.of(error("GE0014", "Not found for inputs; licenseKey", null)));
        }
        LocalDateTime local = LocalDateTime.ofInstant(licenseExpiresAt, JST).withNano(0);
        return SimResponse.json(200, "{\"expiryDate\":\"" + local + "\"}");
    }

    // ------------------------------------------------------------------ faults in Rakuten's shapes

    @Override
    protected SimResponse authError(SimRequest request) {
        return SimResponse.json(401, "{\"Results\":{\"errorCode\":\"GA0001\",\"message\":\"Un-Authorised\"}}");
    }

    @Override
    protected SimResponse rateLimited(SimRequest request, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return inventoryError(429, List.of(error("SIM-429", "Too Many Requests (simulated)", null)))
                .withHeader("Retry-After", Long.toString(seconds));
    }

    @Override
    protected SimResponse maintenanceError(SimRequest request) {
        return inventoryError(503, List.of(error("SIM-503", "RMS is under maintenance (simulated)", null)));
    }

    @Override
    protected SimResponse serverError(SimRequest request) {
        return inventoryError(500, List.of(error("SIM-500", "Internal Server Error (simulated)", null)));
    }

    private SimResponse orderApiError(int status, String code, String message) {
        ObjectNode out = json.createObjectNode();
        ObjectNode entry = out.putArray("MessageModelList").addObject();
        entry.put("messageType", "ERROR");
        entry.put("messageCode", code);
        entry.put("message", message);
        return SimResponse.json(status, out.toString());
    }

    private SimResponse inventoryError(int status, List<ObjectNode> errors) {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("errors");
        errors.forEach(list::add);
        return SimResponse.json(status, out.toString());
    }

    private ObjectNode error(String code, String message, String propertyPath) {
        ObjectNode error = json.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        if (propertyPath != null) {
            error.putObject("metadata").put("propertyPath", propertyPath);
        }
        return error;
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode parse(SimRequest request) {
        try {
            return json.readTree(request.body());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static boolean validId(String id) {
        return !id.isEmpty() && id.length() <= 32 && id.matches("[A-Za-z0-9_-]+");
    }

    public static String normalise(String manageNumber, String variantId) {
        return manageNumber.toLowerCase(Locale.ROOT) + ":" + variantId;
    }

    private static String[] splitKey(String itemKey) {
        int colon = itemKey.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("Rakuten item key must be manageNumber:variantId, got " + itemKey);
        }
        return new String[] {itemKey.substring(0, colon), itemKey.substring(colon + 1)};
    }

    /** Order datetimes as the simulator stamps them, for tests that compute search windows. */
    public Map<String, Instant> orderTimes() {
        Map<String, Instant> times = new LinkedHashMap<>();
        orders.values().stream().sorted(Comparator.comparing(o -> o.orderNumber))
                .forEach(o -> times.put(o.orderNumber, o.orderDatetime));
        return times;
    }
}
