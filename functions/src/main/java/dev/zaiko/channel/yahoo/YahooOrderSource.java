package dev.zaiko.channel.yahoo;

import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.FetchedOrder;
import dev.zaiko.domain.channel.OpenOrders;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.PushStatus;
import org.w3c.dom.Element;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Yahoo! Shopping orders as events. orderList filters by order time only (LastUpdateTime is an output
 * field, not a condition), so one poll is two phases, one unit of work per page:
 * <ol>
 *   <li><b>re-check</b>: each order still open (see {@link OpenOrders}) is re-read with orderInfo
 *       (one order per call, at most {@value #RECHECK_PER_PAGE} per page at 1 req/s), so a
 *       cancellation or shipment after the order was first seen is caught;</li>
 *   <li><b>search</b>: orderList by OrderTimeFrom/OrderTimeTo over [from, to), paged with
 *       Start/Result, then orderInfo for each order not already open. No status condition, so an
 *       order already cancelled or completed before this poll is still reported.</li>
 * </ol>
 * Page tokens: {@code R:<last order id re-checked>} and {@code S:<search page>}.
 */
final class YahooOrderSource implements OrderSource {
    static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    /** UNCONFIRMED field lists, in one place: names from the orderList/orderInfo Field tables. */
    static final String LIST_FIELDS = "OrderId,OrderTime,OrderStatus";
    static final String INFO_FIELDS = "OrderId,OrderTime,OrderStatus,IsActive,ShipStatus,LineId,ItemId,SubCode,Quantity";
    static final int RECHECK_PER_PAGE = 10;

    private final String channelId;
    private final YahooApi api;
    private final OpenOrders openOrders;
    private final int pageSize;
    private final Clock clock;

    YahooOrderSource(String channelId, YahooApi api, OpenOrders openOrders, int pageSize, Clock clock) {
        if (pageSize < 1 || pageSize > 100) {
            throw new IllegalArgumentException("Yahoo pageSize must be 1-100 (each order costs one orderInfo call "
                    + "at 1 req/s), got " + pageSize);
        }
        this.channelId = channelId;
        this.api = api;
        this.openOrders = openOrders;
        this.pageSize = pageSize;
        this.clock = clock;
    }

    @Override
    public OrderPage fetchChanged(Instant from, Instant to, Optional<String> pageToken) {
        String token = pageToken.orElse("R:");
        if (token.startsWith("R:")) {
            return recheck(token.substring(2)).orElseGet(() -> search(from, to, 1));
        }
        if (token.startsWith("S:")) {
            try {
                int page = Integer.parseInt(token.substring(2));
                if (page >= 1) {
                    return search(from, to, page);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("not a Yahoo page token: " + token);
    }

    private Optional<OrderPage> recheck(String after) {
        TreeSet<String> open = new TreeSet<>(openOrders.openOrderIds());
        List<String> batch = open.tailSet(after, false).stream().limit(RECHECK_PER_PAGE).toList();
        if (batch.isEmpty()) {
            return Optional.empty();
        }
        List<FetchedOrder> fetched = new ArrayList<>();
        Set<String> closed = new LinkedHashSet<>();
        for (String orderId : batch) {
            readOrder(orderId, closed).ifPresent(fetched::add);
        }
        String last = batch.get(batch.size() - 1);
        boolean more = open.tailSet(last, false).iterator().hasNext();
        return Optional.of(OrderPage.of(fetched, Optional.of(more ? "R:" + last : "S:1")).withOrdersToClose(closed));
    }

    private OrderPage search(Instant from, Instant to, int page) {
        Instant start = from.truncatedTo(ChronoUnit.SECONDS);
        Instant endSecond = to.truncatedTo(ChronoUnit.SECONDS);
        Instant end = endSecond.equals(to) ? endSecond.minusSeconds(1) : endSecond;
        if (end.isBefore(start)) {
            return OrderPage.last(List.of());
        }
        String request = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Req><Search>"
                + YahooXml.tag("Result", Integer.toString(pageSize))
                + YahooXml.tag("Start", Integer.toString((page - 1) * pageSize + 1))
                + YahooXml.tag("Sort", "+order_time")
                + "<Condition>"
                + YahooXml.tag("OrderTimeFrom", COMPACT.format(start.atZone(JST)))
                + YahooXml.tag("OrderTimeTo", COMPACT.format(end.atZone(JST)))
                + "</Condition>"
                + YahooXml.tag("Field", LIST_FIELDS)
                + "</Search>" + YahooXml.tag("SellerId", api.sellerId) + "</Req>";
        SearchPage found = readSearchPage(api.postXml(YahooApi.ORDER_LIST, request, "Yahoo orderList"), page);
        Optional<String> next = (long) page * pageSize < found.totalCount()
                ? Optional.of("S:" + (page + 1)) : Optional.empty();
        // Orders already open were re-read a moment ago in this poll's re-check phase.
        Set<String> open = openOrders.openOrderIds();
        List<FetchedOrder> fetched = new ArrayList<>();
        Set<String> closed = new LinkedHashSet<>();
        for (String orderId : found.orderIds()) {
            if (!open.contains(orderId)) {
                readOrder(orderId, closed).ifPresent(fetched::add);
            }
        }
        return OrderPage.of(fetched, next).withOrdersToClose(closed);
    }

    /** Closes the orders a page found closed, now that their events are on the queue. */
    @Override
    public void pageEnqueued(OrderPage page) {
        openOrders.markClosed(page.ordersToClose());
    }

    record SearchPage(List<String> orderIds, int totalCount) {
    }

    static SearchPage readSearchPage(String xml, int page) {
        Element root = YahooXml.parse(xml, "Yahoo orderList");
        String where = "Yahoo orderList page " + page;
        if (!YahooXml.name(root).equals("Result")) {
            throw new IllegalArgumentException(where + ": root element is " + YahooXml.name(root) + ", not Result");
        }
        String status = YahooXml.text(root, "Status").orElse("");
        if (!status.equalsIgnoreCase("OK")) {
            throw new ChannelException(PushStatus.REJECTED, "STATUS_" + status, where + ": Status " + status,
                    Optional.empty());
        }
        Element search = YahooXml.child(root, "Search").orElseThrow(
                () -> new IllegalArgumentException(where + ": Search is missing"));
        int total;
        try {
            total = Integer.parseInt(YahooXml.text(search, "TotalCount").orElse(""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": Search/TotalCount is missing or not a number");
        }
        List<String> ids = new ArrayList<>();
        for (Element info : YahooXml.children(search, "OrderInfo")) {
            String id = YahooXml.text(info, "OrderId").orElse("");
            if (id.isEmpty()) {
                throw new IllegalArgumentException(where + ": an OrderInfo has no OrderId");
            }
            ids.add(id);
        }
        return new SearchPage(List.copyOf(ids), total);
    }

    /**
     * orderInfo for one order, normalised or rejected; open orders are marked open at once, closed
     * ones are added to {@code closed} (forgotten after their events are queued).
     */
    private Optional<FetchedOrder> readOrder(String orderId, Set<String> closed) {
        String request = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Req><Target>"
                + YahooXml.tag("OrderId", orderId) + YahooXml.tag("Field", INFO_FIELDS)
                + "</Target>" + YahooXml.tag("SellerId", api.sellerId) + "</Req>";
        String xml;
        try {
            xml = api.postXml(YahooApi.ORDER_INFO, request, "Yahoo orderInfo " + orderId);
        } catch (ChannelException e) {
            if (e.kind() == PushStatus.REJECTED) {
                // Yahoo refuses this one order (e.g. it no longer exists): re-checking it forever would not help.
                openOrders.markClosed(List.of(orderId));
                return Optional.empty();
            }
            throw e;
        }
        // Yahoo's answer gives no update time we read: the time of this read orders the line's revisions.
        Instant readAt = clock.instant();
        Decoded[] decoded = {null};
        FetchedOrder fetched = FetchedOrder.parse(channelId, orderId, () -> xml, readAt, () -> {
            decoded[0] = decode(xml, orderId);
            return decoded[0].events().stream().map(e -> e.withRevision(readAt)).toList();
        });
        if (decoded[0] != null) {
            if (decoded[0].rule().open()) {
                openOrders.markOpen(List.of(orderId));
            } else {
                closed.add(orderId);
            }
        }
        return Optional.of(fetched);
    }

    record Decoded(YahooStatuses.Rule rule, List<OrderEvent> events) {
    }

    Decoded decode(String xml, String askedId) {
        Element root = YahooXml.parse(xml, "Yahoo orderInfo " + askedId);
        Element result = YahooXml.child(root, "Result").orElseThrow(
                () -> new IllegalArgumentException("Yahoo order " + askedId + ": Result is missing"));
        Element info = YahooXml.child(result, "OrderInfo").orElseThrow(
                () -> new IllegalArgumentException("Yahoo order " + askedId + ": Result/OrderInfo is missing"));
        String orderId = YahooXml.text(info, "OrderId").filter(s -> !s.isEmpty()).orElse(askedId);
        String where = "Yahoo order " + orderId;
        String status = YahooXml.text(info, "OrderStatus").orElseThrow(
                () -> new IllegalArgumentException(where + ": OrderStatus is missing"));
        boolean active = !YahooXml.text(info, "IsActive").orElse("true").equalsIgnoreCase("false");
        int shipStatus = YahooXml.child(info, "Ship").flatMap(ship -> YahooXml.text(ship, "ShipStatus"))
                .map(s -> parseInt(s, where + ": Ship/ShipStatus")).orElse(0);
        YahooStatuses.Rule rule = YahooStatuses.decide(status, active, shipStatus).orElseThrow(
                () -> new IllegalArgumentException(where + ": OrderStatus " + status + " is not a known status"));
        Instant orderedAt = parseTime(YahooXml.text(info, "OrderTime").orElseThrow(
                () -> new IllegalArgumentException(where + ": OrderTime is missing")), where);
        String mallStatus = "OrderStatus=" + status + (active ? "" : " IsActive=false")
                + (shipStatus > 0 ? " ShipStatus=" + shipStatus : "");
        Instant occurredAt = rule.action() == OrderAction.CANCEL ? clock.instant() : orderedAt;
        List<OrderEvent> events = new ArrayList<>();
        for (Element item : YahooXml.children(info, "Item")) {
            String lineId = YahooXml.text(item, "LineId").filter(s -> !s.isEmpty()).orElseThrow(
                    () -> new IllegalArgumentException(where + ": an Item has no LineId"));
            String line = where + " line " + lineId;
            String itemId = YahooXml.text(item, "ItemId").filter(s -> !s.isEmpty()).orElseThrow(
                    () -> new IllegalArgumentException(line + ": ItemId is missing"));
            String subCode = YahooXml.text(item, "SubCode").orElse("");
            int quantity = parseInt(YahooXml.text(item, "Quantity").orElseThrow(
                    () -> new IllegalArgumentException(line + ": Quantity is missing")), line + ": Quantity");
            // An edit that cuts a line to 0 cancels that line (its held units come back).
            OrderAction action = quantity <= 0 && rule.action() == OrderAction.RESERVE ? OrderAction.CANCEL : rule.action();
            try {
                events.add(new OrderEvent(channelId, orderId, lineId, new YahooItemKey(itemId, subCode).wire(),
                        Math.max(1, quantity), action, mallStatus, occurredAt, EventOrigin.POLL));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(line + ": " + e.getMessage(), e);
            }
        }
        return new Decoded(rule, events);
    }

    private static int parseInt(String text, String field) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is not a number");
        }
    }

    /** ISO with offset (the answers' form) or compact yyyyMMddHHmmss in JST (the requests' form). */
    static Instant parseTime(String text, String where) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException iso) {
            try {
                return LocalDateTime.parse(text, COMPACT).atZone(JST).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ": OrderTime '" + text + "' is not a date-time");
            }
        }
    }
}
