package dev.zaiko.sim.yahoo;

import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.crypto.Cipher;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Yahoo! Shopping Store API subset: YConnect v2 token refresh, {@code orderList}/{@code orderInfo}
 * (XML bodies), {@code setStock}/{@code getStock} (form bodies, XML answers).
 *
 * <p>What it copies from the real mall, because the adapter must cope with it:
 * <ul>
 *   <li>Access tokens live 1 h; the refresh token lives a fixed 28 days from consent and refreshing
 *       does not extend it ({@code invalid_grant} afterwards). API calls need
 *       {@code Authorization: Bearer}, and {@code X-sws-signature} = base64(RSA PKCS#1 v1.5 of
 *       {@code sellerId:unixtime}) with the store's public key, which this simulator checks with the
 *       private half (as Yahoo does).</li>
 *   <li>An expired token: 401 with the body of the real capture
 *       ({@code shared/fixtures/yahoo/error-expired-token-kamiya54.xml}, without its literal escapes).</li>
 *   <li>setStock: {@code item_code} and {@code quantity} comma lists (variants {@code code:sub}), at
 *       most 1000; a plain number is absolute. Unknown codes are accepted silently. Each item also
 *       holds {@code AllowOverdraft}, which setStock overwrites only when {@code allow_overdraft} is
 *       sent, so tests can prove the adapter leaves it alone.</li>
 *   <li>getStock answers unknown codes with a bare {@code Status 0} result (as in the real
 *       multi-item fixture).</li>
 *   <li>Orders: {@code OrderStatus} 1-5, {@code IsActive}, {@code ShipStatus}; purchases start at
 *       status 2, ship status 1.</li>
 * </ul>
 * Per-item setStock failures use the item API's real NG shape ({@code Result/Status NG} with
 * {@code Error/Code,Message}); 429/503 bodies use Yahoo's {@code <Error>} shape with {@code SIM-*}
 * codes since Yahoo's own codes for those are not public.
 */
public final class YahooSimulator extends MallSimulator {
    public static final String API = "/ShoppingWebService/V1/";
    public static final String ORDER_LIST = API + "orderList";
    public static final String ORDER_INFO = API + "orderInfo";
    public static final String SET_STOCK = API + "setStock";
    /** The recorded setStock answer used as the template of ours (SOURCES-malls.md: t4traw/yahoo_store_api, MIT). */
    public static final String SET_STOCK_FIXTURE = "yahoo/setStock-response-t4traw.xml";
    public static final String GET_STOCK = API + "getStock";
    public static final String TOKEN = "/yconnect/v2/token";
    public static final int MAX_STOCK_ITEMS = 1000;
    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);
    public static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(28);
    /** How far the signed time may be from the simulator's clock. */
    public static final Duration SIGNATURE_SKEW = Duration.ofMinutes(10);

    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final String sellerId;
    private final String clientId;
    private final String clientSecret;
    private final PrivateKey signatureKey;
    private volatile String refreshToken;
    private volatile Instant refreshTokenExpiresAt;
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final AtomicLong tokenSeq = new AtomicLong();
    private final Map<String, Boolean> allowOverdraft = new ConcurrentHashMap<>();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final List<String> acceptedUnknownCodes = new CopyOnWriteArrayList<>();
    private final AtomicLong orderSeq = new AtomicLong(10_000_000);

    /** One order line as the mall holds it. */
    public record Line(int lineId, String itemId, String subCode, int quantity) {
        public String itemKey() {
            return subCode.isEmpty() ? itemId : itemId + ":" + subCode;
        }
    }

    private static final class Order {
        final String orderId;
        final Instant orderTime;
        volatile int status = 2;
        volatile int shipStatus = 1;
        volatile boolean active = true;
        /** A fault switch's malformed order: how its orderInfo answer is broken (null: it is not). */
        volatile String malformed;
        final List<Line> lines = new CopyOnWriteArrayList<>();

        Order(String orderId, Instant orderTime) {
            this.orderId = orderId;
            this.orderTime = orderTime;
        }
    }

    /**
     * @param signatureKey the private half of the store's public key (Yahoo holds it; the seller
     *                     uploads nothing but receives the public key)
     */
    public YahooSimulator(Clock clock, String sellerId, String clientId, String clientSecret, String refreshToken,
                          PrivateKey signatureKey) {
        super(clock);
        this.sellerId = sellerId;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.refreshTokenExpiresAt = clock.instant().plus(REFRESH_TOKEN_LIFETIME);
        this.signatureKey = signatureKey;
        unfaultedRoute("POST", TOKEN, this::token);
        route("POST", ORDER_LIST, this::orderList);
        route("POST", ORDER_INFO, this::orderInfo);
        route("POST", SET_STOCK, this::setStock);
        route("POST", GET_STOCK, this::getStock);
        start();
    }

    @Override
    public String mallName() {
        return "yahoo";
    }

    // ------------------------------------------------------------------ seller-side setup

    public void putItem(String itemKey, long quantity, boolean allowOverdraftSetting) {
        putItem(itemKey, quantity);
        allowOverdraft.put(itemKey, allowOverdraftSetting);
    }

    public Optional<Boolean> allowOverdraft(String itemKey) {
        return Optional.ofNullable(allowOverdraft.get(itemKey));
    }

    public List<String> acceptedUnknownCodes() {
        return List.copyOf(acceptedUnknownCodes);
    }

    public void refreshTokenExpiresAt(Instant at) {
        this.refreshTokenExpiresAt = at;
    }

    /** The seller consented again in a browser: a new 28-day refresh token. */
    public void reconsent(String newRefreshToken) {
        this.refreshToken = newRefreshToken;
        this.refreshTokenExpiresAt = clock.instant().plus(REFRESH_TOKEN_LIFETIME);
    }

    /** Every access token issued so far stops working (as after an hour). */
    public void expireAccessTokens() {
        accessTokens.replaceAll((token, until) -> Instant.EPOCH);
    }

    // ------------------------------------------------------------------ shoppers and order changes

    @Override
    public BuyResult buy(String itemKey, int quantity) {
        if (!takeShown(itemKey, quantity)) {
            return BuyResult.refused();
        }
        Order order = new Order(sellerId + "-" + orderSeq.incrementAndGet(), clock.instant());
        int colon = itemKey.indexOf(':');
        order.lines.add(new Line(1, colon < 0 ? itemKey : itemKey.substring(0, colon),
                colon < 0 ? "" : itemKey.substring(colon + 1), quantity));
        orders.put(order.orderId, order);
        return new BuyResult(true, order.orderId);
    }

    /** Cancelled (4); Yahoo puts its own stock back. */
    @Override
    public void cancel(String orderId) {
        Order order = order(orderId);
        if (order.status != 4) {
            order.status = 4;
            order.lines.forEach(line -> giveBackShown(line.itemKey(), line.quantity()));
        }
    }

    public void ship(String orderId) {
        order(orderId).shipStatus = 3;
    }

    public void complete(String orderId) {
        Order order = order(orderId);
        order.status = 5;
        order.shipStatus = Math.max(order.shipStatus, 3);
    }

    public void setStatus(String orderId, int status) {
        order(orderId).status = status;
    }

    /**
     * The store edited a line's quantity in its order screen (注文編集; 0 removes the units). Yahoo's
     * own stock moving by the difference is our assumption (unconfirmed: no public source says
     * whether an edit restocks).
     */
    @Override
    protected synchronized void editLine(String orderId, String itemKey, int quantity) {
        Order order = order(orderId);
        for (int i = 0; i < order.lines.size(); i++) {
            Line line = order.lines.get(i);
            if (line.itemKey().equals(itemKey)) {
                order.lines.set(i, new Line(line.lineId(), line.itemId(), line.subCode(), quantity));
                if (line.quantity() > quantity) {
                    giveBackShown(itemKey, line.quantity() - quantity);
                } else if (quantity > line.quantity() && !takeShown(itemKey, quantity - line.quantity())) {
                    order.lines.set(i, line);
                    throw new IllegalArgumentException("Yahoo shows too few of " + itemKey + " to raise the line to "
                            + quantity);
                }
                return;
            }
        }
        throw new IllegalArgumentException("Yahoo order " + orderId + " has no line for " + itemKey);
    }

    /**
     * An order our adapter must refuse: {@code unknownStatus} (OrderStatus 99) or {@code missingField}
     * (an Item without ItemId). {@code zeroQuantity} is refused here: Yahoo reports a line cut to 0
     * as Quantity 0, which the adapter reads as that line's cancel, not as malformed data.
     */
    @Override
    protected synchronized String addMalformedOrder(String reason) {
        if (reason.equals("zeroQuantity")) {
            throw new UnsupportedOperationException("Yahoo reports a 0-unit line as cut to 0 (a cancel of that line);"
                    + " use unknownStatus or missingField");
        }
        Order order = new Order(sellerId + "-" + orderSeq.incrementAndGet(), clock.instant());
        order.malformed = reason;
        order.lines.add(new Line(1, "poison-item", "", 1));
        orders.put(order.orderId, order);
        return order.orderId;
    }

    public void setActive(String orderId, boolean active) {
        order(orderId).active = active;
    }

    private Order order(String orderId) {
        Order order = orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("no Yahoo order " + orderId);
        }
        return order;
    }

    // ------------------------------------------------------------------ auth

    private SimResponse token(SimRequest request) {
        String expectedBasic = "Basic " + Base64.getEncoder().encodeToString(
                (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        if (!expectedBasic.equals(request.header("Authorization"))) {
            return SimResponse.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}");
        }
        Map<String, String> form = request.form();
        if (!"refresh_token".equals(form.get("grant_type"))) {
            return SimResponse.json(400, "{\"error\":\"unsupported_grant_type\",\"error_description\":\"only refresh_token is simulated\"}");
        }
        if (!refreshToken.equals(form.get("refresh_token")) || !clock.instant().isBefore(refreshTokenExpiresAt)
                || faults().credentialsExpired()) {
            return SimResponse.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token expired or revoked\"}");
        }
        if (!signatureValid(request)) {
            return SimResponse.json(400, "{\"error\":\"invalid_request\",\"error_description\":\"X-sws-signature is invalid\"}");
        }
        String accessToken = "at-" + tokenSeq.incrementAndGet();
        accessTokens.put(accessToken, clock.instant().plus(ACCESS_TOKEN_LIFETIME));
        return SimResponse.json(200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + ACCESS_TOKEN_LIFETIME.toSeconds() + "}");
    }

    private Optional<SimResponse> checkAuth(SimRequest request) {
        String header = request.header("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7) : "";
        Instant until = accessTokens.get(token);
        if (until == null || !clock.instant().isBefore(until)) {
            return Optional.of(authError(request));
        }
        if (!signatureValid(request)) {
            return Optional.of(error(401, "px-04102",
                    "The public key authentication failed (X-sws-signature missing or invalid)."));
        }
        return Optional.empty();
    }

    /** Yahoo decrypts the signature with the key's private half and checks seller and time. */
    private boolean signatureValid(SimRequest request) {
        String signature = request.header("X-sws-signature");
        if (signature == null || request.header("X-sws-signature-version") == null) {
            return false;
        }
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            cipher.init(Cipher.DECRYPT_MODE, signatureKey);
            String plain = new String(cipher.doFinal(Base64.getDecoder().decode(signature)), StandardCharsets.UTF_8);
            int colon = plain.lastIndexOf(':');
            if (colon < 0 || !plain.substring(0, colon).equals(sellerId)) {
                return false;
            }
            Instant signedAt = Instant.ofEpochSecond(Long.parseLong(plain.substring(colon + 1)));
            return Duration.between(signedAt, clock.instant()).abs().compareTo(SIGNATURE_SKEW) <= 0;
        } catch (Exception e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ orders

    private SimResponse orderList(SimRequest request) {
        Optional<SimResponse> refused = checkAuth(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        Document req = parseXml(request);
        if (req == null) {
            return error(400, "od00001", "リクエストXMLが不正です。");
        }
        if (!sellerId.equals(text(req.getDocumentElement(), "SellerId"))) {
            return error(400, "od00002", "SellerIdが不正です。");
        }
        Element search = child(req.getDocumentElement(), "Search");
        Element condition = search == null ? null : child(search, "Condition");
        String fields = search == null ? "" : text(search, "Field");
        if (condition == null || fields.isBlank()) {
            return error(400, "od00003", "Search/Condition and Search/Field are required.");
        }
        Instant from;
        Instant to;
        try {
            from = LocalDateTime.parse(text(condition, "OrderTimeFrom"), COMPACT).atZone(JST).toInstant();
            to = LocalDateTime.parse(text(condition, "OrderTimeTo"), COMPACT).atZone(JST).toInstant();
        } catch (DateTimeParseException e) {
            return error(400, "od00004", "OrderTimeFrom/OrderTimeTo must be yyyyMMddHHmmss.");
        }
        int result = parseInt(text(search, "Result"), 10);
        int start = parseInt(text(search, "Start"), 1);
        boolean descending = "-order_time".equals(text(search, "Sort"));
        Comparator<Order> order = Comparator.comparing((Order o) -> o.orderTime).thenComparing(o -> o.orderId);
        List<Order> hits = orders.values().stream()
                .filter(o -> !o.orderTime.isBefore(from) && !o.orderTime.isAfter(to))
                .sorted(descending ? order.reversed() : order)
                .toList();
        List<String> wanted = List.of(fields.split(","));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Result><Status>OK</Status><Search>");
        xml.append("<TotalCount>").append(hits.size()).append("</TotalCount>");
        int index = start;
        for (Order o : hits.stream().skip(Math.max(0, start - 1)).limit(result).toList()) {
            xml.append("<OrderInfo><Index>").append(index++).append("</Index>");
            for (String field : wanted) {
                orderField(o, field.trim()).ifPresent(value -> xml.append(tag(field.trim(), value)));
            }
            xml.append("</OrderInfo>");
        }
        xml.append("</Search></Result>");
        return SimResponse.xml(200, xml.toString());
    }

    private Optional<String> orderField(Order o, String field) {
        return switch (field) {
            case "OrderId" -> Optional.of(o.orderId);
            case "OrderTime" -> Optional.of(o.orderTime.atZone(JST).toOffsetDateTime().toString());
            case "OrderStatus" -> Optional.of("unknownStatus".equals(o.malformed) ? "99" : Integer.toString(o.status));
            case "IsActive" -> Optional.of(Boolean.toString(o.active));
            default -> Optional.empty();
        };
    }

    private SimResponse orderInfo(SimRequest request) {
        Optional<SimResponse> refused = checkAuth(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        Document req = parseXml(request);
        Element target = req == null ? null : child(req.getDocumentElement(), "Target");
        if (target == null || !sellerId.equals(text(req.getDocumentElement(), "SellerId"))) {
            return error(400, "od00001", "Target and SellerId are required.");
        }
        Order o = orders.get(text(target, "OrderId"));
        if (o == null) {
            return error(400, "SIM-od-notfound", "指定された注文は存在しません。");
        }
        List<String> wanted = List.of(text(target, "Field").split(","));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ResultSet totalResultsAvailable=\"1\" totalResultsReturned=\"1\" firstResultPosition=\"1\">"
                + "<Result><Status>OK</Status><OrderInfo>");
        for (String field : wanted) {
            orderField(o, field.trim()).ifPresent(value -> xml.append(tag(field.trim(), value)));
        }
        if (wanted.contains("ShipStatus")) {
            xml.append("<Ship>").append(tag("ShipStatus", Integer.toString(o.shipStatus))).append("</Ship>");
        }
        for (Line line : o.lines) {
            xml.append("<Item>");
            if (wanted.contains("LineId")) {
                xml.append(tag("LineId", Integer.toString(line.lineId())));
            }
            if (wanted.contains("ItemId") && !"missingField".equals(o.malformed)) {
                xml.append(tag("ItemId", line.itemId()));
            }
            if (wanted.contains("SubCode")) {
                xml.append(tag("SubCode", line.subCode()));
            }
            if (wanted.contains("Quantity")) {
                xml.append(tag("Quantity", Integer.toString(line.quantity())));
            }
            xml.append("</Item>");
        }
        xml.append("</OrderInfo></Result></ResultSet>");
        return SimResponse.xml(200, xml.toString());
    }

    // ------------------------------------------------------------------ stock

    private SimResponse setStock(SimRequest request) {
        Optional<SimResponse> refused = checkAuth(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        Map<String, String> form = request.form();
        if (!sellerId.equals(form.get("seller_id"))) {
            return error(400, "st-02100", "seller_id is invalid.");
        }
        List<String> codes = splitList(form.get("item_code"));
        List<String> quantities = splitList(form.get("quantity"));
        if (codes.isEmpty() || codes.size() > MAX_STOCK_ITEMS) {
            return error(400, "st-02101", "item_code(" + form.getOrDefault("item_code", "") + ") is invalid format.");
        }
        if (quantities.size() != codes.size()) {
            return error(400, "st-02102", "quantity must have as many values as item_code.");
        }
        List<String> overdraft = form.containsKey("allow_overdraft") ? splitList(form.get("allow_overdraft")) : null;
        StringBuilder results = new StringBuilder();
        int ok = 0;
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            String quantity = quantities.get(i);
            String[] parts = code.split(":", 2);
            String itemCode = parts[0];
            String subCode = parts.length > 1 ? parts[1] : "";
            if (faults().isRejected(code)) {
                results.append("<Result>").append(tag("ItemCode", itemCode)).append(tag("SubCode", subCode))
                        .append("<Status>NG</Status><Error><Target>quantity</Target><Code>st-02104</Code>")
                        .append("<Message>在庫を更新できない商品です。(simulated per-item rejection)</Message></Error></Result>");
                continue;
            }
            long value;
            boolean relative = quantity.startsWith("+") || quantity.startsWith("-");
            try {
                value = Long.parseLong(quantity);
            } catch (NumberFormatException e) {
                return error(400, "st-02103", "quantity(" + quantity + ") is invalid format.");
            }
            if (!hasItem(code)) {
                acceptedUnknownCodes.add(code);
            } else {
                setShown(code, relative ? Math.max(0, shownQuantity(code).orElse(0) + value) : value);
                if (overdraft != null) {
                    // Sent means overwritten: an empty value resets the setting to "not allowed".
                    String flag = i < overdraft.size() ? overdraft.get(i) : "";
                    allowOverdraft.put(code, "1".equals(flag));
                }
            }
            ok++;
            results.append(setStockResult(itemCode, subCode, shownQuantity(code).orElse(Math.max(0, value))));
        }
        return SimResponse.xml(200, setStockProlog() + "<ResultSet totalResultsAvailable=\""
                + codes.size() + "\" totalResultsReturned=\"" + codes.size() + "\" firstResultPosition=\"1\" ok=\""
                + ok + "\" ng=\"" + (codes.size() - ok) + "\">" + results + "</ResultSet>" + setStockEpilogue());
    }

    /** What follows {@code </ResultSet>} in the capture: a line break (the recorded body is 239 bytes with it). */
    private static String setStockEpilogue() {
        String template = setStockTemplate();
        return template.substring(template.lastIndexOf("</ResultSet>") + "</ResultSet>".length());
    }

    /**
     * The real setStock answer (shared/fixtures/yahoo/setStock-response-t4traw.xml, a recorded
     * capture) is the template: everything before {@code <ResultSet} (the XML declaration and the
     * line break after it) and the {@code <Result>} element with its values swapped for ours.
     */
    private static String setStockProlog() {
        String template = setStockTemplate();
        return template.substring(0, template.indexOf("<ResultSet"));
    }

    private static String setStockResult(String itemCode, String subCode, long quantity) {
        String template = setStockTemplate();
        String result = template.substring(template.indexOf("<Result>"), template.indexOf("</Result>") + 9);
        return result.replace("<ItemCode>test1234</ItemCode>", tag("ItemCode", itemCode))
                .replace("<SubCode></SubCode>", tag("SubCode", subCode))
                .replace("<Quantity>6</Quantity>", tag("Quantity", Long.toString(quantity)));
    }

    private static volatile String setStockTemplate;

    private static String setStockTemplate() {
        String cached = setStockTemplate;
        if (cached == null) {
            cached = readSetStockTemplate();
            setStockTemplate = cached;
        }
        return cached;
    }

    private static String readSetStockTemplate() {
        return dev.zaiko.sim.FixtureLocator.find(SET_STOCK_FIXTURE).map(path -> {
            try {
                return java.nio.file.Files.readString(path);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).orElse("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ResultSet><Result><ItemCode>test1234</ItemCode>"
                + "<SubCode></SubCode><Quantity>6</Quantity></Result></ResultSet>\n");
    }

    private SimResponse getStock(SimRequest request) {
        Optional<SimResponse> refused = checkAuth(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        Map<String, String> form = request.form();
        if (!sellerId.equals(form.get("seller_id"))) {
            return error(400, "st-02100", "seller_id is invalid.");
        }
        List<String> codes = splitList(form.get("item_code"));
        if (codes.isEmpty() || codes.size() > MAX_STOCK_ITEMS) {
            return error(400, "st-02101", "item_code(" + form.getOrDefault("item_code", "") + ") is invalid format.");
        }
        StringBuilder results = new StringBuilder();
        int ok = 0;
        String now = clock.instant().atZone(JST).toOffsetDateTime().withNano(0).toString();
        for (String code : codes) {
            String[] parts = code.split(":", 2);
            results.append("<Result>").append(tag("ItemCode", parts[0]))
                    .append(tag("SubCode", parts.length > 1 ? parts[1] : ""));
            if (hasItem(code)) {
                ok++;
                results.append("<Status>1</Status>").append(tag("Quantity", Long.toString(shownQuantity(code).orElse(0))))
                        .append(tag("AllowOverdraft", allowOverdraft.getOrDefault(code, false) ? "1" : "0"))
                        .append("<IsPublished>1</IsPublished>").append(tag("UpdateTime", now));
            } else {
                results.append("<Status>0</Status>");
            }
            results.append("</Result>");
        }
        return SimResponse.xml(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ResultSet totalResultsAvailable=\""
                + codes.size() + "\" totalResultsReturned=\"" + codes.size() + "\" firstResultPosition=\"1\" ok=\""
                + ok + "\" ng=\"" + (codes.size() - ok) + "\">" + results + "</ResultSet>");
    }

    // ------------------------------------------------------------------ faults in Yahoo's shapes

    @Override
    protected SimResponse authError(SimRequest request) {
        return SimResponse.xml(401, "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<Error>\n<Message>\n"
                        + "Please provide valid credentials. Bearer realm=\"yahooapis.jp\", error=\"invalid_token\", "
                        + "error_description=\"expired token\"\n</Message>\n</Error>")
                .withHeader("WWW-Authenticate", "Bearer realm=\"yahooapis.jp\", error=\"invalid_token\", "
                        + "error_description=\"expired token\"");
    }

    @Override
    protected SimResponse rateLimited(SimRequest request, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return error(429, "SIM-429", "Too many requests (simulated; Yahoo allows about 1 request per second per URL).")
                .withHeader("Retry-After", Long.toString(seconds));
    }

    @Override
    protected SimResponse maintenanceError(SimRequest request) {
        return error(503, "SIM-503", "ただいまメンテナンス中です。(simulated)");
    }

    @Override
    protected SimResponse serverError(SimRequest request) {
        return error(500, "SIM-500", "Internal Server Error (simulated)");
    }

    private static SimResponse error(int status, String code, String message) {
        return SimResponse.xml(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error xmlns=\"urn:yahoo:api\"><Message>"
                + escape(message) + "</Message><Code>" + escape(code) + "</Code></Error>");
    }

    // ------------------------------------------------------------------ XML helpers

    private static Document parseXml(SimRequest request) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(request.body()));
        } catch (Exception e) {
            return null;
        }
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? "" : element.getTextContent().trim();
    }

    private static int parseInt(String text, int fallback) {
        try {
            return text.isBlank() ? fallback : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static List<String> splitList(String value) {
        List<String> values = new ArrayList<>();
        if (value == null || value.isEmpty()) {
            return values;
        }
        for (String part : value.split(",", -1)) {
            values.add(part.trim());
        }
        return values;
    }

    private static String tag(String name, String value) {
        return "<" + name + ">" + escape(value) + "</" + name + ">";
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Lines of an order, for tests. */
    public List<Line> lines(String orderId) {
        return List.copyOf(order(orderId).lines);
    }

    public Map<String, Integer> statuses() {
        Map<String, Integer> out = new LinkedHashMap<>();
        orders.forEach((id, o) -> out.put(id, o.status));
        return out;
    }
}
