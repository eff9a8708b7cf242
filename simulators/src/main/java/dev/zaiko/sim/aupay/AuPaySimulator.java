package dev.zaiko.sim.aupay;

import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * au PAY Market (Wowma Shop API), the subset zaiko uses, under {@code /wmshopapi/}:
 * {@code GET searchTradeInfoListProc} (startDate/endDate whole JST days, dateType=0, startCount is
 * 1-based, totalCount per page up to 1000), {@code GET searchTradeInfoProc?orderId},
 * {@code POST updateStock} (XML body, stockSegment 1 = absolute count, one updateResult per item,
 * an error element on refused items; stockSegment 2 = per-choice stock in {@code choicesStocks} with
 * {@code choicesStockHorizontalCode / choicesStockVerticalCode / choicesStockCount}, as public client
 * code writes it), {@code GET searchStocks} (a choice item answers {@code stockSegment 2} with the same
 * {@code choicesStocks} fields: UNCONFIRMED, mirrored from updateStock). Choice stock lives under the item key
 * {@code <itemCode>:<horizontal>:<vertical>}; order details of a choice carry both codes (UNCONFIRMED
 * field names, the adapter's assumption). Every call needs
 * {@code Authorization: Bearer <key>} and the shop id. Answers are
 * {@code <response><result><status>0</status></result>...</response>}.
 *
 * <p>Where au PAY publishes nothing (401 for a bad key, 429 + Retry-After, the maintenance
 * answer, error codes) the simulator follows the adapter's stated assumptions; its error codes
 * start with "SIM" so nobody mistakes them for real ones.
 */
public final class AuPaySimulator extends MallSimulator {
    public static final String PATH = "/wmshopapi/";
    public static final String API_KEY = "sim-aupay-api-key";
    public static final String SHOP_ID = "12345678";

    static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    static final DateTimeFormatter ORDER_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    private static final class Line {
        final long detailId;
        final String itemCode;
        final String horizontal;
        final String vertical;
        int unit;
        String itemCancelStatus = "0";
        boolean returned;

        Line(long detailId, String itemKey, int unit) {
            String[] parts = itemKey.split(":", -1);
            this.detailId = detailId;
            this.itemCode = parts[0];
            this.horizontal = parts.length == 3 ? parts[1] : "";
            this.vertical = parts.length == 3 ? parts[2] : "";
            this.unit = unit;
        }
    }

    private static final class Order {
        final long orderId;
        final Instant orderDate;
        final List<Line> lines = new ArrayList<>();
        String orderStatus = "新規受付";
        String cancelStatus = "0";
        /** A fault switch's malformed order: how its XML is broken (null: it is not). */
        String malformed;

        Order(long orderId, Instant orderDate) {
            this.orderId = orderId;
            this.orderDate = orderDate;
        }
    }

    private final Map<Long, Order> orders = new ConcurrentHashMap<>();
    private final AtomicLong nextOrderId = new AtomicLong(100_000_001L);
    private final AtomicLong nextDetailId = new AtomicLong(500_000_001L);

    public AuPaySimulator(Clock clock) {
        super(clock);
        route("GET", PATH, r -> error(404, "SIM404", "指定されたAPIは存在しません"));
        route("GET", PATH + "searchTradeInfoListProc", authed(this::searchTradeInfoList));
        route("GET", PATH + "searchTradeInfoProc", authed(this::searchTradeInfo));
        route("GET", PATH + "searchStocks", authed(this::searchStocks));
        route("POST", PATH + "updateStock", authed(this::updateStock));
        start();
    }

    @Override
    public String mallName() {
        return "aupay";
    }

    // ------------------------------------------------------------------ shoppers and the shop

    private final java.util.Set<String> choiceItems = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile int nextUpdateStockHttpStatus = 200;

    /** A per-choice stock (stockSegment 2) of an item: key {@code itemCode:horizontal:vertical}. */
    public void putChoice(String itemCode, String horizontal, String vertical, long quantity) {
        choiceItems.add(itemCode);
        setShown(itemCode + ":" + horizontal + ":" + vertical, quantity);
    }

    /**
     * The next updateStock answers with this HTTP status and result status 1, yet still lists its
     * per-item updateResults (applied items without an error): a partial failure in au PAY's shape.
     */
    public void nextUpdateStockAnswersHttp(int status) {
        nextUpdateStockHttpStatus = status;
    }

    private boolean knownItem(String itemCode) {
        return hasItem(itemCode) || choiceItems.contains(itemCode);
    }

    private static String lineKey(Line line) {
        return line.horizontal.isEmpty() && line.vertical.isEmpty() ? line.itemCode
                : line.itemCode + ":" + line.horizontal + ":" + line.vertical;
    }

    @Override
    public synchronized BuyResult buy(String itemCode, int quantity) {
        if (!hasItem(itemCode) || !takeShown(itemCode, quantity)) {
            return BuyResult.refused();
        }
        Order order = new Order(nextOrderId.getAndIncrement(), clock.instant());
        order.lines.add(new Line(nextDetailId.getAndIncrement(), itemCode, quantity));
        orders.put(order.orderId, order);
        return new BuyResult(true, String.valueOf(order.orderId));
    }

    /** A basket of several items in one order; refused whole if any item is short. */
    public synchronized BuyResult buyBasket(Map<String, Integer> items) {
        for (Map.Entry<String, Integer> item : items.entrySet()) {
            if (shownQuantity(item.getKey()).orElse(-1) < item.getValue()) {
                return BuyResult.refused();
            }
        }
        Order order = new Order(nextOrderId.getAndIncrement(), clock.instant());
        items.forEach((code, qty) -> {
            takeShown(code, qty);
            order.lines.add(new Line(nextDetailId.getAndIncrement(), code, qty));
        });
        orders.put(order.orderId, order);
        return new BuyResult(true, String.valueOf(order.orderId));
    }

    /** The order is cancelled (orderStatus キャンセル, cancelStatus 1): its units go back on the shelf. */
    @Override
    public void cancel(String orderId) {
        setOrderStatus(orderId, "キャンセル");
    }

    public void ship(String orderId) {
        setOrderStatus(orderId, "完了");
    }

    /** Any orderStatus, including shop-defined ones; キャンセル and 審査NG give the units back. */
    public synchronized void setOrderStatus(String orderId, String status) {
        Order order = order(orderId);
        order.orderStatus = status;
        if (status.equals("キャンセル") || status.equals("審査NG")) {
            order.cancelStatus = "1";
            order.lines.forEach(this::giveBack);
        }
    }

    /** One line of an order cancelled (itemCancelStatus 1). */
    public synchronized void cancelLine(String orderId, String itemCode) {
        for (Line line : order(orderId).lines) {
            if (line.itemCode.equals(itemCode)) {
                line.itemCancelStatus = "1";
                giveBack(line);
            }
        }
    }

    /**
     * The fault switch's edit: the detail's {@code unit} (its quantity) becomes {@code quantity}; a
     * cut puts the units back on the shelf, a rise takes them. {@code itemKey} is the line's listing
     * key ({@code itemCode}, or {@code itemCode:horizontal:vertical} for a choice). au PAY's orders
     * carry no update time: the adapter sees the change when its re-check reads the order again.
     * UNCONFIRMED: no public spec says how a shop's quantity change shows in searchTradeInfoProc.
     */
    @Override
    protected synchronized void editLine(String orderId, String itemKey, int quantity) {
        Order order = order(orderId);
        Line line = order.lines.stream().filter(l -> lineKey(l).equals(itemKey)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("au PAY order " + orderId + " has no line for "
                        + itemKey));
        if (quantity < 1) {
            throw new IllegalArgumentException("aupay: a detail of 0 units is a cancel; use the line's cancel"
                    + " (itemCancelStatus) instead");
        }
        int delta = quantity - line.unit;
        if (delta > 0 && !takeShown(itemKey, delta)) {
            throw new IllegalArgumentException("au PAY shows too few of " + itemKey + " to raise the line to "
                    + quantity);
        }
        if (delta < 0) {
            giveBackShown(itemKey, -delta);
        }
        line.unit = quantity;
    }

    /**
     * An order the adapter must refuse, placed now among the others (新規受付, on an existing item,
     * taking no stock): {@code missingField} (a detail without {@code itemCode}) or
     * {@code zeroQuantity} ({@code unit} 0). {@code unknownStatus} is refused (501): au PAY lets each
     * shop define its own statuses, so the adapter holds an unknown one as a reservation by design.
     */
    @Override
    protected synchronized String addMalformedOrder(String reason) {
        if (reason.equals("unknownStatus")) {
            throw new UnsupportedOperationException("aupay: unknownStatus cannot be expressed (shops define their own"
                    + " statuses, so the adapter holds an unknown one, it does not refuse it); use missingField or"
                    + " zeroQuantity");
        }
        String itemCode = shownQuantities().keySet().stream().filter(k -> !k.contains(":")).sorted().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("aupay: put an item first"));
        Order order = new Order(nextOrderId.getAndIncrement(), clock.instant());
        order.malformed = reason;
        order.lines.add(new Line(nextDetailId.getAndIncrement(), itemCode, reason.equals("zeroQuantity") ? 0 : 1));
        orders.put(order.orderId, order);
        return String.valueOf(order.orderId);
    }

    public List<String> lineIds(String orderId) {
        return order(orderId).lines.stream().map(l -> String.valueOf(l.detailId)).toList();
    }

    private void giveBack(Line line) {
        if (!line.returned) {
            line.returned = true;
            giveBackShown(lineKey(line), line.unit);
        }
    }

    private Order order(String orderId) {
        Order order = orders.get(Long.parseLong(orderId));
        if (order == null) {
            throw new IllegalArgumentException("no aupay order " + orderId);
        }
        return order;
    }

    // ------------------------------------------------------------------ faults in au PAY's shape

    @Override
    protected SimResponse authError(SimRequest request) {
        return error(401, "SIM401", "APIキーの有効期限が切れています (simulated)");
    }

    @Override
    protected SimResponse rateLimited(SimRequest request, Duration retryAfter) {
        return error(429, "SIM429", "アクセスが集中しています (simulated)")
                .withHeader("Retry-After", String.format(Locale.ROOT, "%.3f", retryAfter.toMillis() / 1000.0));
    }

    @Override
    protected SimResponse maintenanceError(SimRequest request) {
        return error(503, "SIM503", "ただいまメンテナンス中です (simulated)");
    }

    @Override
    protected SimResponse serverError(SimRequest request) {
        return error(500, "SIM500", "システムエラーが発生しました (simulated)");
    }

    private static SimResponse error(int httpStatus, String code, String message) {
        return SimResponse.xml(httpStatus, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<response><result>"
                + "<status>1</status><error><code>" + code + "</code><message>" + esc(message)
                + "</message></error></result></response>");
    }

    // ------------------------------------------------------------------ procs

    private Function<SimRequest, SimResponse> authed(Function<SimRequest, SimResponse> handler) {
        return request -> {
            if (!("Bearer " + API_KEY).equals(request.header("Authorization"))) {
                return error(401, "SIM401", "認証に失敗しました (simulated)");
            }
            return handler.apply(request);
        };
    }

    private static SimResponse ok(String inner) {
        return SimResponse.xml(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<response><result><status>0</status>"
                + "</result>" + inner + "</response>");
    }

    private static SimResponse refused(String code, String message) {
        return error(200, code, message);
    }

    private synchronized SimResponse searchTradeInfoList(SimRequest request) {
        Map<String, String> q = request.query();
        if (!SHOP_ID.equals(q.get("shopId"))) {
            return refused("SIM0001", "ショップIDが不正です");
        }
        Optional<LocalDate> start = day(q.get("startDate"));
        Optional<LocalDate> end = day(q.get("endDate"));
        int totalCount;
        int startCount;
        try {
            totalCount = Integer.parseInt(q.getOrDefault("totalCount", "100"));
            startCount = Integer.parseInt(q.getOrDefault("startCount", "1"));
        } catch (NumberFormatException e) {
            return refused("SIM0002", "totalCount/startCountが不正です");
        }
        if (start.isEmpty() || end.isEmpty() || totalCount < 1 || totalCount > 1000 || startCount < 1
                || !"0".equals(q.getOrDefault("dateType", "0"))) {
            return refused("SIM0002", "検索条件が不正です");
        }
        String status = q.get("orderStatus");
        List<Order> hits = new ArrayList<>();
        for (Order order : sorted()) {
            LocalDate placed = order.orderDate.atZone(JST).toLocalDate();
            if (!placed.isBefore(start.get()) && !placed.isAfter(end.get())
                    && (status == null || status.isEmpty() || status.equals(order.orderStatus))) {
                hits.add(order);
            }
        }
        StringBuilder inner = new StringBuilder("<resultCount>").append(hits.size()).append("</resultCount>");
        for (int i = startCount - 1; i < Math.min(hits.size(), startCount - 1 + totalCount); i++) {
            inner.append(orderXml(hits.get(i)));
        }
        return ok(inner.toString());
    }

    private synchronized SimResponse searchTradeInfo(SimRequest request) {
        Map<String, String> q = request.query();
        if (!SHOP_ID.equals(q.get("shopId"))) {
            return refused("SIM0001", "ショップIDが不正です");
        }
        Order order;
        try {
            order = orders.get(Long.parseLong(q.getOrDefault("orderId", "")));
        } catch (NumberFormatException e) {
            order = null;
        }
        if (order == null) {
            return refused("SIM0003", "該当する受注が存在しません");
        }
        return ok("<resultCount>1</resultCount>" + orderXml(order));
    }

    private SimResponse searchStocks(SimRequest request) {
        Map<String, String> q = request.query();
        if (!SHOP_ID.equals(q.get("shopId"))) {
            return refused("SIM0001", "ショップIDが不正です");
        }
        String itemCode = q.getOrDefault("itemCode", "");
        StringBuilder inner = new StringBuilder("<searchResult>");
        shownQuantity(itemCode).ifPresent(qty -> inner.append("<resultStocks><itemCode>").append(esc(itemCode))
                .append("</itemCode><stockSegment>1</stockSegment><stockCount>").append(qty)
                .append("</stockCount></resultStocks>"));
        if (choiceItems.contains(itemCode)) {
            // UNCONFIRMED shape: a choice item answered like updateStock's request names it (stockSegment 2,
            // one choicesStocks per choice); no public source shows searchStocks' answer for choices
            inner.append("<resultStocks><itemCode>").append(esc(itemCode)).append("</itemCode><stockSegment>2</stockSegment>");
            String prefix = itemCode + ":";
            new java.util.TreeMap<>(shownQuantities()).forEach((key, qty) -> {
                if (key.startsWith(prefix) && key.split(":", -1).length == 3) {
                    String[] parts = key.split(":", -1);
                    inner.append("<choicesStocks><choicesStockHorizontalCode>").append(esc(parts[1]))
                            .append("</choicesStockHorizontalCode><choicesStockVerticalCode>").append(esc(parts[2]))
                            .append("</choicesStockVerticalCode><choicesStockCount>").append(qty)
                            .append("</choicesStockCount></choicesStocks>");
                }
            });
            inner.append("</resultStocks>");
        }
        inner.append("</searchResult>");
        return ok("<resultCount>" + (knownItem(itemCode) ? 1 : 0) + "</resultCount>" + inner);
    }

    private synchronized SimResponse updateStock(SimRequest request) {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(request.bodyText())));
            root = document.getDocumentElement();
        } catch (Exception e) {
            return refused("SIM0004", "リクエストXMLが不正です");
        }
        if (!"request".equals(root.getTagName()) || !SHOP_ID.equals(text(root, "shopId"))) {
            return refused("SIM0001", "ショップIDが不正です");
        }
        StringBuilder inner = new StringBuilder();
        NodeList items = root.getElementsByTagName("stockUpdateItem");
        for (int i = 0; i < items.getLength(); i++) {
            Element item = (Element) items.item(i);
            String itemCode = text(item, "itemCode");
            String segment = text(item, "stockSegment");
            String count = text(item, "stockCount");
            inner.append("<updateResult><itemCode>").append(esc(itemCode)).append("</itemCode>");
            if (!knownItem(itemCode)) {
                inner.append(itemError("SIM1001", "商品コードが存在しません"));
            } else if (faults().isRejected(itemCode)) {
                inner.append(itemError("SIM1002", "この商品の在庫は更新できません (simulated)"));
            } else if ("2".equals(segment) && choiceItems.contains(itemCode)) {
                String problem = choices(item, itemCode);
                if (problem != null) {
                    inner.append(itemError("SIM1005", problem));
                }
            } else if (!"1".equals(segment) || choiceItems.contains(itemCode)) {
                inner.append(itemError("SIM1003", "在庫区分が不正です"));
            } else if (!count.matches("\\d{1,9}")) {
                inner.append(itemError("SIM1004", "在庫数が不正です"));
            } else {
                setShown(itemCode, Long.parseLong(count));
            }
            inner.append("</updateResult>");
        }
        int httpStatus = nextUpdateStockHttpStatus;
        nextUpdateStockHttpStatus = 200;
        if (httpStatus != 200) {
            return SimResponse.xml(httpStatus, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<response><result>"
                    + "<status>1</status><error><code>SIM9001</code><message>一部の商品の在庫を更新できませんでした"
                    + "</message></error></result>" + inner + "</response>");
        }
        return ok(inner.toString());
    }

    /** Applies every choicesStocks of one item, all or nothing; the problem, or null when applied. */
    private String choices(Element item, String itemCode) {
        NodeList nodes = item.getElementsByTagName("choicesStocks");
        if (nodes.getLength() == 0) {
            return "choicesStocks がありません";
        }
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element choice = (Element) nodes.item(i);
            String key = itemCode + ":" + text(choice, "choicesStockHorizontalCode") + ":"
                    + text(choice, "choicesStockVerticalCode");
            String count = text(choice, "choicesStockCount");
            if (shownQuantity(key).isEmpty()) {
                return "選択肢が存在しません: " + key;
            }
            if (!count.matches("\\d{1,9}")) {
                return "在庫数が不正です: " + key;
            }
            counts.put(key, Long.parseLong(count));
        }
        counts.forEach(this::setShown);
        return null;
    }

    private static String itemError(String code, String message) {
        return "<error><code>" + code + "</code><message>" + esc(message) + "</message></error>";
    }

    // ------------------------------------------------------------------ helpers

    private String orderXml(Order order) {
        StringBuilder xml = new StringBuilder("<orderInfo><orderId>").append(order.orderId).append("</orderId>")
                .append("<orderDate>").append(ORDER_DATE.format(order.orderDate.atZone(JST))).append("</orderDate>")
                .append("<orderStatus>").append(esc(order.orderStatus)).append("</orderStatus>")
                .append("<cancelStatus>").append(order.cancelStatus).append("</cancelStatus>");
        for (Line line : order.lines) {
            xml.append("<detail><orderDetailId>").append(line.detailId).append("</orderDetailId>")
                    .append("<itemManagementId>").append(esc(line.itemCode)).append("</itemManagementId>")
                    .append("missingField".equals(order.malformed) ? ""
                            : "<itemCode>" + esc(line.itemCode) + "</itemCode>")
                    .append(line.horizontal.isEmpty() && line.vertical.isEmpty() ? ""
                            : "<choicesStockHorizontalCode>" + esc(line.horizontal) + "</choicesStockHorizontalCode>"
                            + "<choicesStockVerticalCode>" + esc(line.vertical) + "</choicesStockVerticalCode>")
                    .append("<lotnumber></lotnumber><itemName>Item ").append(esc(line.itemCode)).append("</itemName>")
                    .append("<itemOption></itemOption><unit>").append(line.unit).append("</unit>")
                    .append("<itemCancelStatus>").append(line.itemCancelStatus).append("</itemCancelStatus></detail>");
        }
        return xml.append("</orderInfo>").toString();
    }

    private List<Order> sorted() {
        List<Order> list = new ArrayList<>(orders.values());
        list.sort((a, b) -> Long.compare(a.orderId, b.orderId));
        return list;
    }

    private static Optional<LocalDate> day(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(value.length() == 8 ? LocalDate.parse(value, DateTimeFormatter.BASIC_ISO_DATE)
                    : LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String text(Element parent, String name) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().trim();
            }
        }
        return "";
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
