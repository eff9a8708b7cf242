package dev.zaiko.sim.qoo10;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Qoo10 Japan QAPI, the subset zaiko uses: {@code POST /GMKT.INC.Front.QAPIService/ebayjapan.qapi/<Service.Method>},
 * form-urlencoded, headers {@code QAPIVersion} and {@code GiosisCertificationKey}, answers in the
 * {@code {ResultCode, ResultMsg, ResultObject}} envelope (HTTP 200 even for errors, as QAPI does).
 *
 * <p>Methods: CertificationAPI.CreateCertificationKey, ShippingBasic.GetShippingInfo_v3 (one
 * ShippingStatus per call, SearchCondition 1-4), ShippingBasic.GetClaimInfo_V3 (ClaimStat,
 * search_condition 1-3, 90-day limit), ShippingBasic.GetShippingAndClaimInfoByOrderNo_V2,
 * ItemsLookup.GetItemDetailInfo, ItemsOrder.SetGoodsPriceQtyBulk (500 lines; -1 partial success;
 * a blank ExpireDate extends the listing by one year, as Qoo10 documents), and for option (variant)
 * stock ItemsLookup.GetGoodsInventoryInfo (rows Name1..5 / Value1..5 / Price / Qty / ItemTypeCode) and
 * ItemsOptions.UpdateInventoryQtyUnit (a row named by OptionName + OptionValue, axes joined with
 * {@code ||*}; only its Qty changes). Option item keys are {@code <ItemCode>:<OptionCode>}. Unknown
 * methods: -90001.
 *
 * <p>Where Qoo10 publishes nothing (rate-limit and maintenance answers, per-line bulk result
 * keys, the ShippingStatus label text) the simulator follows the adapter's stated assumptions.
 */
public final class Qoo10Simulator extends MallSimulator {
    public static final String PATH = "/GMKT.INC.Front.QAPIService/ebayjapan.qapi/";
    public static final String API_KEY = "sim-qoo10-api-key";
    public static final String USER_ID = "sim-seller";
    public static final String PASSWORD = "sim-password";

    static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    static final DateTimeFormatter COMPACT_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    /** Qoo10's labels; only the "(n)" suffix is relied on. */
    static final Map<Integer, String> SHIPPING_LABELS = Map.of(1, "配送待ち(1)", 2, "配送要請(2)", 3, "配送準備(3)",
            4, "配送中(4)", 5, "配送完了(5)");

    /** One option row of a listing; the shown quantity lives under {@code <itemCode>:<optionCode>}. */
    public record OptionRow(String optionCode, List<String> names, List<String> values, long price) {
    }

    /** What Qoo10 holds for a listing besides the shown quantity; a write must not change these. */
    public record Listing(String sellerCode, String price, String expireDate, String taxRate) {
    }

    private static final class Order {
        final long orderNo;
        final long packNo;
        final String itemCode;
        final String optionCode;
        final String sellerItemCode;
        int qty;
        final Instant orderDate;
        /** A fault switch's malformed order: how its rows are broken (null: it is not). */
        String malformed;
        int shippingStatus;
        Instant shippingDate;
        Instant deliveredDate;
        int claimStatus;
        Instant claimRequestDate;
        Instant claimCompleteDate;
        boolean returnedToShelf;

        Order(long orderNo, long packNo, String itemCode, String optionCode, String sellerItemCode, int qty,
              Instant orderDate) {
            this.orderNo = orderNo;
            this.packNo = packNo;
            this.itemCode = itemCode;
            this.optionCode = optionCode;
            this.sellerItemCode = sellerItemCode;
            this.qty = qty;
            this.orderDate = orderDate;
        }
    }

    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    private final Map<String, List<OptionRow>> options = new ConcurrentHashMap<>();
    private final Map<Long, Order> orders = new ConcurrentHashMap<>();
    private final Set<String> validSellerKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> expiredSellerKeys = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextOrderNo = new AtomicLong(700_000_001L);
    private final AtomicLong nextPackNo = new AtomicLong(90_000_001L);
    private final AtomicLong nextKey = new AtomicLong(1);

    public Qoo10Simulator(Clock clock) {
        super(clock);
        route("POST", PATH, r -> envelope(-90001, "The API does not exist", null));
        route("POST", PATH + "CertificationAPI.CreateCertificationKey", this::createCertificationKey);
        route("POST", PATH + "ShippingBasic.GetShippingInfo_v3", authed(this::getShippingInfo));
        route("POST", PATH + "ShippingBasic.GetClaimInfo_V3", authed(this::getClaimInfo));
        route("POST", PATH + "ShippingBasic.GetShippingAndClaimInfoByOrderNo_V2", authed(this::getByOrderNo));
        route("POST", PATH + "ItemsLookup.GetItemDetailInfo", authed(this::getItemDetailInfo));
        route("POST", PATH + "ItemsOrder.SetGoodsPriceQtyBulk", authed(this::setGoodsPriceQtyBulk));
        route("POST", PATH + "ItemsLookup.GetGoodsInventoryInfo", authed(this::getGoodsInventoryInfo));
        route("POST", PATH + "ItemsOptions.UpdateInventoryQtyUnit", authed(this::updateInventoryQtyUnit));
        start();
    }

    @Override
    public String mallName() {
        return "qoo10";
    }

    // ------------------------------------------------------------------ listings

    /** A listing with a default price, a far expiry and 10% tax. */
    @Override
    public void putItem(String itemCode, long quantity) {
        putListing(itemCode, "1980", LocalDate.now(clock.withZone(JST)).plusMonths(6).toString(), quantity);
    }

    public void putListing(String itemCode, String price, String expireDate, long quantity) {
        listings.put(itemCode, new Listing("S-" + itemCode, price, expireDate, "10"));
        setShown(itemCode, quantity);
    }

    /** An option of a listing (the listing is created if missing); its stock key is {@code itemCode:optionCode}. */
    public synchronized void putOption(String itemCode, String optionCode, List<String> names, List<String> values,
                                       long quantity) {
        if (!listings.containsKey(itemCode)) {
            putItem(itemCode, 0);
        }
        options.computeIfAbsent(itemCode, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(new OptionRow(optionCode, List.copyOf(names), List.copyOf(values), 0));
        setShown(itemCode + ":" + optionCode, quantity);
    }

    public Optional<Listing> listing(String itemCode) {
        return Optional.ofNullable(listings.get(itemCode));
    }

    /** Makes every seller auth key issued so far answer -90004, as after Qoo10 expires them. */
    public void expireSellerKeys() {
        expiredSellerKeys.addAll(validSellerKeys);
        validSellerKeys.clear();
    }

    // ------------------------------------------------------------------ shoppers and the seller

    @Override
    public synchronized BuyResult buy(String itemKey, int quantity) {
        int colon = itemKey.indexOf(':');
        String itemCode = colon < 0 ? itemKey : itemKey.substring(0, colon);
        String optionCode = colon < 0 ? "" : itemKey.substring(colon + 1);
        if (!listings.containsKey(itemCode) || (colon >= 0 && option(itemCode, optionCode).isEmpty())
                || !takeShown(itemKey, quantity)) {
            return BuyResult.refused();
        }
        long orderNo = nextOrderNo.getAndIncrement();
        Order order = new Order(orderNo, nextPackNo.getAndIncrement(), itemCode, optionCode,
                listings.get(itemCode).sellerCode(), quantity, clock.instant());
        order.shippingStatus = 2;
        orders.put(orderNo, order);
        return new BuyResult(true, String.valueOf(orderNo));
    }

    /** Cancel complete (ClaimStat 3): the units go back on the shelf. */
    @Override
    public void cancel(String orderId) {
        setClaimStatus(orderId, 3);
    }

    public void requestCancel(String orderId) {
        setClaimStatus(orderId, 1);
    }

    public void ship(String orderId) {
        setShippingStatus(orderId, 4);
    }

    public void deliver(String orderId) {
        setShippingStatus(orderId, 5);
    }

    public synchronized void setShippingStatus(String orderId, int status) {
        Order order = order(orderId);
        order.shippingStatus = status;
        if (status >= 4 && order.shippingDate == null) {
            order.shippingDate = clock.instant();
        }
        if (status == 5) {
            order.deliveredDate = clock.instant();
        }
    }

    /** Any ClaimStat; 3 (cancel complete) and 16 (unpaid order cancelled) return the units to the shelf. */
    public synchronized void setClaimStatus(String orderId, int claim) {
        Order order = order(orderId);
        order.claimStatus = claim;
        if (order.claimRequestDate == null) {
            order.claimRequestDate = clock.instant();
        }
        if (claim == 3 || claim == 6 || claim == 14 || claim == 15 || claim == 16) {
            order.claimCompleteDate = clock.instant();
        }
        if ((claim == 3 || claim == 16) && !order.returnedToShelf) {
            order.returnedToShelf = true;
            giveBackShown(order.optionCode.isEmpty() ? order.itemCode : order.itemCode + ":" + order.optionCode, order.qty);
        }
    }

    /**
     * The fault switch's edit: the order's {@code OrderQty} becomes {@code quantity} (a cut puts the
     * units back on the listing, a rise takes them). A Qoo10 order is one line, so {@code itemKey} must
     * be the order's own {@code <itemCode>[:<optionCode>]}. QAPI rows carry no update time: the adapter
     * sees the change when its re-check reads the order again. UNCONFIRMED: no public QAPI document
     * says that a seller can change an order's quantity, or how a partial cancel shows in OrderQty.
     */
    @Override
    protected synchronized void editLine(String orderId, String itemKey, int quantity) {
        Order order = order(orderId);
        String key = order.optionCode.isEmpty() ? order.itemCode : order.itemCode + ":" + order.optionCode;
        if (!key.equals(itemKey)) {
            throw new IllegalArgumentException("qoo10 order " + orderId + " is for " + key + ", not " + itemKey);
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("qoo10: an order of 0 units is a cancel; cancel the order instead");
        }
        int delta = quantity - order.qty;
        if (delta > 0 && !takeShown(key, delta)) {
            throw new IllegalArgumentException("Qoo10 shows too few of " + key + " to raise the order to " + quantity);
        }
        if (delta < 0) {
            giveBackShown(key, -delta);
        }
        order.qty = quantity;
    }

    /**
     * An order the adapter must refuse, placed now among the others (ShippingStatus 2, on an existing
     * listing, taking no stock): {@code missingField} (rows without ItemNo/itemCode) or
     * {@code zeroQuantity} (OrderQty 0). {@code unknownStatus} is refused (501): the adapter holds an
     * unknown ShippingStatus as a reservation and ignores an unknown claim, by design, rather than
     * refusing the order.
     */
    @Override
    protected synchronized String addMalformedOrder(String reason) {
        if (reason.equals("unknownStatus")) {
            throw new UnsupportedOperationException("qoo10: unknownStatus cannot be expressed (the adapter holds an"
                    + " unknown ShippingStatus and ignores an unknown claim, it does not refuse them); use"
                    + " missingField or zeroQuantity");
        }
        String itemCode = listings.keySet().stream().sorted().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("qoo10: put a listing first"));
        long orderNo = nextOrderNo.getAndIncrement();
        Order order = new Order(orderNo, nextPackNo.getAndIncrement(), itemCode, "",
                listings.get(itemCode).sellerCode(), reason.equals("zeroQuantity") ? 0 : 1, clock.instant());
        order.shippingStatus = 2;
        order.malformed = reason;
        orders.put(orderNo, order);
        return String.valueOf(orderNo);
    }

    private Order order(String orderId) {
        Order order = orders.get(Long.parseLong(orderId));
        if (order == null) {
            throw new IllegalArgumentException("no qoo10 order " + orderId);
        }
        return order;
    }

    // ------------------------------------------------------------------ faults in Qoo10's shape

    @Override
    protected SimResponse authError(SimRequest request) {
        return envelope(-90004, "Seller authorization key is expired. Use a new key.", null);
    }

    @Override
    protected SimResponse rateLimited(SimRequest request, Duration retryAfter) {
        return SimResponse.json(429, "{\"ResultCode\":-10101,\"ResultMsg\":\"Too many requests (simulated)\","
                        + "\"ResultObject\":null}")
                .withHeader("Retry-After", String.format(Locale.ROOT, "%.3f", retryAfter.toMillis() / 1000.0));
    }

    @Override
    protected SimResponse maintenanceError(SimRequest request) {
        return html(503, "<html><body><h1>Qoo10 システムメンテナンス中です</h1></body></html>");
    }

    @Override
    protected SimResponse serverError(SimRequest request) {
        return html(500, "<html><body>Server Error in '/' Application.</body></html>");
    }

    private static SimResponse html(int status, String body) {
        return new SimResponse(status, "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    // ------------------------------------------------------------------ methods

    private SimResponse createCertificationKey(SimRequest request) {
        Map<String, String> form = request.form();
        if (!API_KEY.equals(request.header("GiosisCertificationKey"))
                || !USER_ID.equals(form.get("user_id")) || !PASSWORD.equals(form.get("pwd"))) {
            return envelope(-10000, "Please check the Seller Authorization Key.", null);
        }
        String key = "SAK-" + nextKey.getAndIncrement();
        validSellerKeys.add(key);
        return envelope(0, "SUCCESS", json.getNodeFactory().textNode(key));
    }

    private Function<SimRequest, SimResponse> authed(Function<SimRequest, SimResponse> handler) {
        return request -> {
            String key = request.header("GiosisCertificationKey");
            if (key != null && expiredSellerKeys.contains(key)) {
                return envelope(-90005, "Seller authorization key is expired. Use a new key.", null);
            }
            if (key == null || !validSellerKeys.contains(key)) {
                return envelope(-10000, "Please check the Seller Authorization Key.", null);
            }
            return handler.apply(request);
        };
    }

    private synchronized SimResponse getShippingInfo(SimRequest request) {
        Map<String, String> form = request.form();
        String status = form.getOrDefault("ShippingStatus", "");
        Optional<Instant[]> window = window(form.get("SearchStartDate"), form.get("SearchEndDate"));
        if (window.isEmpty()) {
            return envelope(-10002, "Search Date Error", null);
        }
        String condition = form.getOrDefault("SearchCondition", "1");
        ArrayNode rows = json.createArrayNode();
        for (Order order : sorted()) {
            boolean statusMatches = status.isBlank() || "0".equals(status)
                    ? order.shippingStatus <= 3 : String.valueOf(order.shippingStatus).equals(status);
            // a cancelled order leaves the shipping lists
            boolean cancelled = order.claimStatus == 3 || order.claimStatus == 16;
            Instant date = switch (condition) {
                case "3" -> order.shippingDate;
                case "4" -> order.deliveredDate;
                default -> order.orderDate;
            };
            if (statusMatches && !cancelled && within(date, window.get())) {
                ObjectNode row = rows.addObject();
                row.put("ShippingStatus", SHIPPING_LABELS.getOrDefault(order.shippingStatus,
                        String.valueOf(order.shippingStatus)));
                row.put("SellerID", USER_ID);
                row.put("PackNo", order.packNo);
                row.put("OrderDate", text(order.orderDate));
                row.put("PaymentDate", text(order.orderDate));
                row.put("ShippingDate", text(order.shippingDate));
                row.put("DeliveredDate", text(order.deliveredDate));
                row.put("OrderNo", order.orderNo);
                if (!"missingField".equals(order.malformed)) {
                    row.put("ItemNo", order.itemCode);
                }
                row.put("SellerItemCode", order.sellerItemCode);
                row.put("ItemTitle", "Item " + order.itemCode);
                row.put("Option", optionText(order));
                row.put("OptionCode", order.optionCode);
                row.put("OrderPrice", 1980);
                row.put("OrderQty", order.qty);
                row.put("Currency", "JPY");
            }
        }
        return envelope(0, "SUCCESS", rows);
    }

    private synchronized SimResponse getClaimInfo(SimRequest request) {
        Map<String, String> form = request.form();
        Optional<Instant[]> window = window(form.get("search_Sdate"), form.get("search_Edate"));
        if (window.isEmpty()) {
            return envelope(-10002, "Search Date Error", null);
        }
        if (Duration.between(window.get()[0], window.get()[1]).compareTo(Duration.ofDays(90)) > 0) {
            return envelope(-10003, "Searching period exceeds to 90 days.", null);
        }
        String claimStat = form.getOrDefault("ClaimStat", "");
        String condition = form.getOrDefault("search_condition", "1");
        ArrayNode rows = json.createArrayNode();
        for (Order order : sorted()) {
            if (order.claimStatus == 0 || (!claimStat.isBlank() && !String.valueOf(order.claimStatus).equals(claimStat))) {
                continue;
            }
            Instant date = switch (condition) {
                case "2" -> order.claimRequestDate;
                case "3" -> order.claimCompleteDate;
                default -> order.orderDate;
            };
            if (within(date, window.get())) {
                ObjectNode row = rows.addObject();
                row.put("claimStatus", String.valueOf(order.claimStatus));
                row.put("cancelRefundDate", text(order.claimCompleteDate));
                row.put("reason", "buyer request (simulated)");
                row.put("requestDate", text(order.claimRequestDate));
                row.put("orderDate", text(order.orderDate));
                row.put("orderNo", order.orderNo);
                row.put("packNo", order.packNo);
                if (!"missingField".equals(order.malformed)) {
                    row.put("itemCode", order.itemCode);
                }
                row.put("sellerItemCode", order.sellerItemCode);
                row.put("itemTitle", "Item " + order.itemCode);
                row.put("optionCode", order.optionCode);
                row.put("orderQty", order.qty);
                row.put("currency", "JPY");
            }
        }
        return envelope(0, "SUCCESS", rows);
    }

    private synchronized SimResponse getByOrderNo(SimRequest request) {
        String orderNo = request.form().getOrDefault("OrderNo", "");
        Order order;
        try {
            order = orders.get(Long.parseLong(orderNo));
        } catch (NumberFormatException e) {
            order = null;
        }
        if (order == null) {
            return envelope(-10001, "Not exists order info", null);
        }
        ArrayNode rows = json.createArrayNode();
        ObjectNode row = rows.addObject();
        row.put("shippingStatus", SHIPPING_LABELS.getOrDefault(order.shippingStatus, String.valueOf(order.shippingStatus)));
        row.put("sellerID", USER_ID);
        row.put("packNo", order.packNo);
        row.put("orderDate", text(order.orderDate));
        row.put("DeliveredDate", text(order.deliveredDate));
        row.put("orderNo", order.orderNo);
        if (!"missingField".equals(order.malformed)) {
            row.put("itemCode", order.itemCode);
        }
        row.put("sellerItemCode", order.sellerItemCode);
        row.put("option", optionText(order));
        row.put("optionCode", order.optionCode);
        row.put("orderQty", order.qty);
        row.put("claimStatus", order.claimStatus == 0 ? "" : String.valueOf(order.claimStatus));
        row.put("cancelRefundDate", text(order.claimCompleteDate));
        row.put("requestDate", text(order.claimRequestDate));
        row.put("shippingDate", text(order.shippingDate));
        row.put("currency", "JPY");
        return envelope(0, "SUCCESS", rows);
    }

    private SimResponse getItemDetailInfo(SimRequest request) {
        Map<String, String> form = request.form();
        String itemCode = findItem(form.getOrDefault("ItemCode", ""), form.getOrDefault("SellerCode", ""));
        if (itemCode == null) {
            return envelope(-10001, "Fail to find Item information with 'ItemCode','SellerCode'.", null);
        }
        Listing listing = listings.get(itemCode);
        ArrayNode rows = json.createArrayNode();
        ObjectNode row = rows.addObject();
        row.put("ItemCode", itemCode);
        row.put("ItemStatus", "S2");
        row.put("ItemTitle", "Item " + itemCode);
        row.put("SellerCode", listing.sellerCode());
        row.put("ItemPrice", listing.price());
        row.put("TaxRate", listing.taxRate());
        row.put("ItemQty", String.valueOf(shownQuantity(itemCode).orElse(0)));
        row.put("ExpireDate", listing.expireDate());
        return envelope(0, "SUCCESS", rows);
    }

    private synchronized SimResponse setGoodsPriceQtyBulk(SimRequest request) {
        JsonNode lines;
        try {
            lines = json.readTree(request.form().getOrDefault("ItemInfoJson", ""));
        } catch (IOException e) {
            lines = null;
        }
        if (lines == null || !lines.isArray()) {
            return envelope(-10101, "Processing Error - ItemInfoJson is not a JSON array", null);
        }
        if (lines.size() > 500) {
            return envelope(-2, "500 limit exceeded", null);
        }
        ArrayNode results = json.createArrayNode();
        int failed = 0;
        for (JsonNode line : lines) {
            String requested = line.path("ItemCode").asText("");
            String itemCode = findItem(requested, line.path("SellerCode").asText(""));
            String price = line.path("Price").asText("").trim();
            String qty = line.path("Qty").asText("").trim();
            int code = 0;
            String message = "SUCCESS";
            if (itemCode == null) {
                code = -10001;
                message = "Fail to find Item information with 'ItemCode','SellerCode'.";
            } else if (faults().isRejected(itemCode)) {
                code = -10104;
                message = "This item cannot be edited (simulated rejection)";
            } else if (!price.matches("\\d+(\\.\\d+)?")) {
                code = -10102;
                message = "Price is required";
            } else if (!qty.matches("\\d{1,9}")) {
                code = -10103;
                message = "Qty is invalid";
            }
            if (code == 0) {
                Listing old = listings.get(itemCode);
                String expire = line.path("ExpireDate").asText("").trim();
                String tax = line.path("TaxRate").asText("").trim();
                // Qoo10: an empty ExpireDate sets the end of sale one year ahead
                listings.put(itemCode, new Listing(old.sellerCode(), price,
                        expire.isEmpty() ? LocalDate.now(clock.withZone(JST)).plusYears(1).toString() : expire,
                        tax.isEmpty() ? old.taxRate() : tax));
                setShown(itemCode, Long.parseLong(qty));
            } else {
                failed++;
            }
            ObjectNode result = results.addObject();
            result.put("ItemCode", requested);
            result.put("SellerCode", line.path("SellerCode").asText(""));
            result.put("ResultCode", String.valueOf(code));
            result.put("ResultMsg", message);
        }
        return failed == 0 ? envelope(0, "SUCCESS", results)
                : envelope(-1, "fail count : " + failed, results);
    }

    private SimResponse getGoodsInventoryInfo(SimRequest request) {
        String itemCode = findItem(request.form().getOrDefault("ItemCode", ""), request.form().getOrDefault("SellerCode", ""));
        if (itemCode == null) {
            return envelope(-10001, "Fail to find Item information with 'ItemCode','SellerCode'.", null);
        }
        ArrayNode rows = json.createArrayNode();
        for (OptionRow option : options.getOrDefault(itemCode, List.of())) {
            ObjectNode row = rows.addObject();
            for (int axis = 1; axis <= 5; axis++) {
                row.put("Name" + axis, axis <= option.names().size() ? option.names().get(axis - 1) : "");
                row.put("Value" + axis, axis <= option.values().size() ? option.values().get(axis - 1) : "");
            }
            row.put("Price", option.price());
            row.put("Qty", shownQuantity(itemCode + ":" + option.optionCode()).orElse(0));
            row.put("ItemTypeCode", option.optionCode());
        }
        return envelope(0, "SUCCESS", rows);
    }

    /** Sets one option row's Qty; the row is named by its joined option names and values, as Qoo10 asks. */
    private synchronized SimResponse updateInventoryQtyUnit(SimRequest request) {
        Map<String, String> form = request.form();
        String itemCode = findItem(form.getOrDefault("ItemCode", ""), form.getOrDefault("SellerCode", ""));
        if (itemCode == null) {
            return envelope(-10001, "Fail to find Item information with 'ItemCode','SellerCode'.", null);
        }
        String name = form.getOrDefault("OptionName", "");
        String value = form.getOrDefault("OptionValue", "");
        String code = form.getOrDefault("OptionCode", "");
        Optional<OptionRow> row = options.getOrDefault(itemCode, List.of()).stream()
                .filter(o -> String.join("||*", o.names()).equals(name) && String.join("||*", o.values()).equals(value))
                .filter(o -> code.isEmpty() || o.optionCode().equals(code))
                .findFirst();
        if (row.isEmpty()) {
            return envelope(-10101, "Processing Error - no option " + name + "=" + value + " on item " + itemCode, null);
        }
        String key = itemCode + ":" + row.get().optionCode();
        if (faults().isRejected(key)) {
            return envelope(-10104, "This option cannot be edited (simulated rejection)", null);
        }
        String qty = form.getOrDefault("Qty", "").trim();
        if (!qty.matches("\\d{1,9}")) {
            return envelope(-10103, "Qty is invalid", null);
        }
        setShown(key, Long.parseLong(qty));
        return envelope(0, "SUCCESS", null);
    }

    // ------------------------------------------------------------------ helpers

    private Optional<OptionRow> option(String itemCode, String optionCode) {
        return options.getOrDefault(itemCode, List.of()).stream().filter(o -> o.optionCode().equals(optionCode)).findFirst();
    }

    private String optionText(Order order) {
        return option(order.itemCode, order.optionCode)
                .map(o -> {
                    List<String> parts = new ArrayList<>();
                    for (int i = 0; i < o.names().size(); i++) {
                        parts.add(o.names().get(i) + ":" + o.values().get(i));
                    }
                    return String.join(" / ", parts);
                }).orElse("");
    }

    private String findItem(String itemCode, String sellerCode) {
        if (!itemCode.isBlank() && listings.containsKey(itemCode)) {
            return itemCode;
        }
        if (!sellerCode.isBlank()) {
            for (Map.Entry<String, Listing> entry : listings.entrySet()) {
                if (entry.getValue().sellerCode().equals(sellerCode)) {
                    return entry.getKey();
                }
            }
        }
        return null;
    }

    private List<Order> sorted() {
        List<Order> list = new ArrayList<>(orders.values());
        list.sort((a, b) -> Long.compare(a.orderNo, b.orderNo));
        return list;
    }

    /** yyyyMMdd covers the whole day; yyyyMMddHHmmss is exact to the second; both ends inclusive. */
    private static Optional<Instant[]> window(String start, String end) {
        Optional<Instant> from = parse(start, false);
        Optional<Instant> to = parse(end, true);
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Instant[]{from.get(), to.get()});
    }

    private static Optional<Instant> parse(String value, boolean endOfDay) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            if (value.length() == 14) {
                return Optional.of(LocalDateTime.parse(value, COMPACT).atZone(JST).toInstant());
            }
            if (value.length() == 8) {
                LocalDate day = LocalDate.parse(value, COMPACT_DAY);
                return Optional.of(endOfDay ? day.plusDays(1).atStartOfDay(JST).toInstant().minusSeconds(1)
                        : day.atStartOfDay(JST).toInstant());
            }
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean within(Instant at, Instant[] window) {
        if (at == null) {
            return false;
        }
        Instant second = at.truncatedTo(ChronoUnit.SECONDS);
        return !second.isBefore(window[0]) && !second.isAfter(window[1]);
    }

    private static String text(Instant at) {
        return at == null ? "" : DATE_TIME.format(at.atZone(JST));
    }

    private SimResponse envelope(int code, String message, JsonNode resultObject) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ResultCode", code);
        body.put("ResultMsg", message);
        body.put("ResultObject", resultObject);
        try {
            return SimResponse.json(200, json.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
