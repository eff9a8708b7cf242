package dev.zaiko.channel.aupay;

import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.Validation;
import dev.zaiko.domain.channel.OpenOrders;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.PushStatus;
import org.w3c.dom.Element;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * au PAY Market orders. searchTradeInfoListProc filters by order DATE (whole JST days, dateType=0)
 * and pages with startCount/totalCount; orders placed in [from, to) (to the minute, as orderDate
 * reads "yyyy/MM/dd HH:mm") become events, page by page. Because the search never reports a later
 * change of an older order, every order left open is re-checked with searchTradeInfoProc (one call
 * per order, up to {@code recheckPerPoll} per poll, rotating) until it is shipped or cancelled.
 *
 * <p>Page tokens: {@code list:<startCount>} then {@code recheck}. Open orders are marked only when
 * a page is complete, so a failed call loses nothing.
 */
final class AuPayOrderSource implements OrderSource {
    static final String LIST_PROC = "searchTradeInfoListProc";
    static final String ONE_PROC = "searchTradeInfoProc";
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    static final DateTimeFormatter ORDER_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");
    private static final String RECHECK = "recheck";
    private static final String LIST = "list:";

    private final String channelId;
    private final AuPayClient client;
    private final OpenOrders openOrders;
    private final int pageSize;
    private final int recheckPerPoll;

    AuPayOrderSource(String channelId, AuPayClient client, OpenOrders openOrders, int pageSize, int recheckPerPoll) {
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("aupay page size must be 1..1000 (got " + pageSize + ")");
        }
        this.channelId = channelId;
        this.client = client;
        this.openOrders = openOrders;
        this.pageSize = pageSize;
        this.recheckPerPoll = recheckPerPoll;
    }

    @Override
    public OrderPage fetchChanged(Instant from, Instant to, Optional<String> pageToken) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("aupay order window must have from < to (got " + from + ", " + to + ")");
        }
        String token = pageToken.orElse(LIST + "1");
        Batch batch = new Batch(to);
        Optional<String> next;
        if (token.equals(RECHECK)) {
            recheck(to, batch);
            next = Optional.empty();
        } else if (token.startsWith(LIST)) {
            int startCount = startCount(token);
            int found = list(from, to, startCount, batch);
            // a full page may have a successor; a short one is the last (resultCount's meaning,
            // total or per page, differs between public clients, so it is not relied on)
            next = Optional.of(found == pageSize ? LIST + (startCount + pageSize) : RECHECK);
        } else {
            throw new IllegalArgumentException("not an aupay page token: " + token);
        }
        batch.opened.removeAll(batch.closed);
        openOrders.markOpen(batch.opened);
        // Closed orders leave the open set only once their events are queued (pageEnqueued).
        return new OrderPage(batch.events, next, batch.rejected, batch.closed);
    }

    @Override
    public void pageEnqueued(OrderPage page) {
        openOrders.markClosed(page.ordersToClose());
    }

    /** One order read by {@code reader}; an order we refuse is quarantined and the others go on. */
    private void guarded(Element order, Batch batch, Runnable reader) {
        int before = batch.events.size();
        try {
            reader.run();
        } catch (IllegalArgumentException refused) {
            while (batch.events.size() > before) {
                batch.events.remove(batch.events.size() - 1);
            }
            batch.rejected.add(new dev.zaiko.domain.RejectedOrder(channelId, AuPayXml.text(order, "orderId"),
                    refused.getMessage(), xml(order), Instant.now()));
        }
    }

    private static String xml(Element element) {
        try {
            java.io.StringWriter out = new java.io.StringWriter();
            javax.xml.transform.Transformer transformer = javax.xml.transform.TransformerFactory.newInstance()
                    .newTransformer();
            transformer.setOutputProperty(javax.xml.transform.OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.transform(new javax.xml.transform.dom.DOMSource(element),
                    new javax.xml.transform.stream.StreamResult(out));
            return out.toString();
        } catch (javax.xml.transform.TransformerException e) {
            return element.getTextContent();
        }
    }

    private static int startCount(String token) {
        try {
            int value = Integer.parseInt(token.substring(LIST.length()));
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("not an aupay page token: " + token);
    }

    private static final class Batch {
        /** The poll's time: it orders the revisions of a line (au PAY's orders carry no update time). */
        final Instant readAt;
        final List<OrderEvent> events = new ArrayList<>();
        final Set<String> opened = new LinkedHashSet<>();
        final Set<String> closed = new LinkedHashSet<>();
        final List<dev.zaiko.domain.RejectedOrder> rejected = new ArrayList<>();

        Batch(Instant readAt) {
            this.readAt = readAt;
        }
    }

    private int list(Instant from, Instant to, int startCount, Batch batch) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("totalCount", String.valueOf(pageSize));
        params.put("startCount", String.valueOf(startCount));
        params.put("startDate", DAY.format(from.atZone(AuPayAuth.JST)));
        params.put("endDate", DAY.format(to.minusSeconds(1).atZone(AuPayAuth.JST)));
        params.put("dateType", "0");
        AuPayClient.Answer answer = client.require(LIST_PROC, params);
        List<Element> orders = AuPayXml.children(answer.response(), "orderInfo");
        // orderDate has minutes only: an order at 10:00:40 reads 10:00, so the window starts at the minute
        Instant fromMinute = from.truncatedTo(ChronoUnit.MINUTES);
        for (Element order : orders) {
            guarded(order, batch, () -> {
                String orderId = orderId(order, LIST_PROC);
                Instant placed = orderDate(order, orderId, LIST_PROC);
                if (placed.isBefore(fromMinute) || !placed.isBefore(to)) {
                    return;
                }
                add(order, orderId, placed, LIST_PROC, batch);
            });
        }
        return orders.size();
    }

    private void recheck(Instant pollTime, Batch batch) {
        for (String orderId : pickForRecheck(openOrders.openOrderIds(), recheckPerPoll, pollTime)) {
            AuPayClient.Answer answer = client.get(ONE_PROC, Map.of("orderId", orderId));
            if (!answer.ok()) {
                if (AuPayErrors.classifyCode(answer.errorCode()) == PushStatus.REJECTED) {
                    // an order au PAY no longer finds stays open; one odd order never blocks the poll
                    continue;
                }
                throw answer.failure(ONE_PROC);
            }
            for (Element order : AuPayXml.children(answer.response(), "orderInfo")) {
                guarded(order, batch, () -> {
                    String id = orderId(order, ONE_PROC);
                    add(order, id, orderDate(order, id, ONE_PROC), ONE_PROC, batch);
                });
            }
        }
    }

    private void add(Element order, String orderId, Instant placed, String proc, Batch batch) {
        String orderStatus = AuPayXml.text(order, "orderStatus");
        String cancelStatus = AuPayXml.text(order, "cancelStatus");
        List<Element> details = AuPayXml.children(order, "detail");
        if (details.isEmpty()) {
            throw new IllegalArgumentException("aupay " + proc + ": order " + orderId + ": no detail lines");
        }
        boolean open = false;
        List<OrderEvent> lines = new ArrayList<>();
        for (Element detail : details) {
            String lineId = required(detail, "orderDetailId", orderId, proc);
            String itemCode = itemKey(detail, required(detail, "itemCode", orderId, proc));
            int quantity = quantity(detail, orderId, proc);
            String itemCancelStatus = AuPayXml.text(detail, "itemCancelStatus");
            AuPayStatuses.Rule rule = AuPayStatuses.line(orderStatus, cancelStatus, itemCancelStatus);
            open |= rule.open();
            String mallStatus = orderStatus
                    + (AuPayStatuses.isCancelledFlag(cancelStatus) ? " cancelStatus=" + cancelStatus : "")
                    + (AuPayStatuses.isCancelledFlag(itemCancelStatus) ? " itemCancelStatus=" + itemCancelStatus : "");
            // a later poll reads the order's newer state: a unit count changed since is then applied
            lines.add(new OrderEvent(channelId, orderId, lineId, itemCode, quantity, rule.action(),
                    mallStatus, placed, EventOrigin.POLL).withRevision(batch.readAt));
        }
        batch.events.addAll(lines);
        (open ? batch.opened : batch.closed).add(orderId);
    }

    /** The plain item, or its choice (variant) when the detail names one, so variants never collapse. */
    private static String itemKey(Element detail, String itemCode) {
        java.util.List<String> fields = AuPayAssumptions.UNCONFIRMED.orderChoiceFields();
        String horizontal = AuPayXml.text(detail, fields.get(0));
        String vertical = AuPayXml.text(detail, fields.get(1));
        return horizontal.isEmpty() && vertical.isEmpty() ? itemCode
                : AuPayAssumptions.choiceKey(itemCode, horizontal.isEmpty() ? "-" : horizontal,
                vertical.isEmpty() ? "-" : vertical);
    }

    private static String orderId(Element order, String proc) {
        String orderId = AuPayXml.text(order, "orderId");
        if (orderId.isEmpty() || orderId.length() > 32 || !orderId.chars().allMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException("aupay " + proc + ": orderInfo has a missing or malformed orderId ("
                    + orderId + ")");
        }
        return orderId;
    }

    static Instant orderDate(Element order, String orderId, String proc) {
        String text = AuPayXml.text(order, "orderDate");
        try {
            return LocalDateTime.parse(text, ORDER_DATE).atZone(AuPayAuth.JST).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("aupay " + proc + ": order " + orderId
                    + ": orderDate must be yyyy/MM/dd HH:mm (got " + text + ")");
        }
    }

    private static String required(Element detail, String field, String orderId, String proc) {
        String value = AuPayXml.text(detail, field);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("aupay " + proc + ": order " + orderId + ": detail " + field + " is missing");
        }
        return value;
    }

    static int quantity(Element detail, String orderId, String proc) {
        String value = required(detail, "unit", orderId, proc);
        try {
            return Validation.positiveQuantity(Long.parseLong(value), "unit", Validation.MAX_LINE_QUANTITY);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("aupay " + proc + ": order " + orderId + ": detail unit must be a whole "
                    + "number from 1 to " + Validation.MAX_LINE_QUANTITY + " (got " + value + ")");
        }
    }

    /** All open orders when they fit, else a window of {@code max} moving with the poll minute. */
    static List<String> pickForRecheck(Set<String> open, int max, Instant pollTime) {
        List<String> sorted = new ArrayList<>(open);
        sorted.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
        int n = sorted.size();
        if (n <= max) {
            return sorted;
        }
        long minute = Math.floorDiv(pollTime.getEpochSecond(), 60);
        int start = (int) Math.floorMod(minute * max, (long) n);
        List<String> picked = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            picked.add(sorted.get((start + i) % n));
        }
        return picked;
    }
}
