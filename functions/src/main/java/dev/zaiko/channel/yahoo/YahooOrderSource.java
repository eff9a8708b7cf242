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

/**
 * Yahoo! Shopping orders as events. orderList filters by order time only (LastUpdateTime is an output
 * field, not a condition), so one poll is two phases, one unit of work per page:
 * <ol>
 *   <li><b>search first</b>: orderList by OrderTimeFrom/OrderTimeTo over [from, to), paged with
 *       Start/Result, then orderInfo for each order not already open. No status condition, so an
 *       order already cancelled or completed before this poll is still reported. New orders are
 *       never held back by the re-checks;</li>
 *   <li><b>re-check in rotation</b>: orders still open (see {@link OpenOrders}) are re-read with
 *       orderInfo, one order per call, so a cancellation or shipment after the order was first seen
 *       is caught; only as many as are left of the poll's call budget
 *       ({@value #POLL_CALL_BUDGET} calls), a window that moves with each poll so every open order
 *       comes round (see {@link #pickForRecheck}).</li>
 * </ol>
 *
 * <p>Why a budget: Yahoo allows 50,000 requests a day per application id, every API together
 * (developer.yahoo.co.jp/appendix/rate.html, "1アプリケーションIDごとに1日50000回"; the shopping help
 * page repeats it). Re-checking every open order on every poll costs one call each: with 35 open
 * orders and a poll a minute that alone is 50,400 a day. With the budget, a poll costs at most
 * {@value #POLL_CALL_BUDGET} calls unless more new orders arrived in its window than that (new orders
 * are always read); at deploy-config's shortest Yahoo interval (60 s, {@code MallPollLimits}) that is
 * {@value #POLL_CALL_BUDGET} &times; 1,440 = 28,800 calls a day, leaving
 * {@value #DAILY_QUOTA} &minus; 28,800 = 21,200 for stock writes, stock reads and the reconciler.
 *
 * <p>Page tokens: {@code S:<search page>:<calls spent so far>} and {@code R:<calls spent so far>}.
 */
final class YahooOrderSource implements OrderSource {
    static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    /** UNCONFIRMED field lists, in one place: names from the orderList/orderInfo Field tables. */
    static final String LIST_FIELDS = "OrderId,OrderTime,OrderStatus";
    static final String INFO_FIELDS = "OrderId,OrderTime,OrderStatus,IsActive,ShipStatus,LineId,ItemId,SubCode,Quantity";
    /** Requests per day per application id, all Yahoo Shopping APIs together (see the class comment). */
    static final int DAILY_QUOTA = 50_000;
    /** Order-API calls (orderList + orderInfo) one poll may spend, re-checks taking what search left. */
    static final int POLL_CALL_BUDGET = 20;
    /** The shortest poll interval at which {@link #POLL_CALL_BUDGET} still fits the daily quota with room for stock calls. */
    static final int MIN_POLL_INTERVAL_SECONDS = 60;

    private final String channelId;
    private final YahooApi api;
    private final OpenOrders openOrders;
    private final int pageSize;
    private final Clock clock;
    /** Orders read by the search of the poll ending at {@link #readForPoll}: not re-checked again in that poll. */
    private final Set<String> readBySearch = new java.util.HashSet<>();
    private Instant readForPoll;

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
        String token = pageToken.orElse("S:1:0");
        String[] parts = token.split(":", -1);
        try {
            if (parts.length == 3 && parts[0].equals("S")) {
                int page = Integer.parseInt(parts[1]);
                int spent = Integer.parseInt(parts[2]);
                if (page >= 1 && spent >= 0) {
                    return search(from, to, page, spent);
                }
            } else if (parts.length == 2 && parts[0].equals("R")) {
                int spent = Integer.parseInt(parts[1]);
                if (spent >= 0) {
                    return recheck(to, spent);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a Yahoo page token: " + token);
    }

    /** One page of re-checks: what is left of the poll's budget, in rotation. */
    private OrderPage recheck(Instant pollTime, int spent) {
        int left = Math.max(0, POLL_CALL_BUDGET - spent);
        List<FetchedOrder> fetched = new ArrayList<>();
        Set<String> closed = new LinkedHashSet<>();
        Set<String> due = new java.util.HashSet<>(openOrders.openOrderIds());
        if (pollTime.equals(readForPoll)) {
            due.removeAll(readBySearch);
        }
        for (String orderId : pickForRecheck(due, left, pollTime)) {
            readOrder(orderId, closed).ifPresent(fetched::add);
        }
        return OrderPage.of(fetched, Optional.empty()).withOrdersToClose(closed);
    }

    /**
     * Which open orders this poll re-checks: all when they fit, else {@code max} of them from a start
     * that moves {@value #POLL_CALL_BUDGET} - 1 positions (a full re-check page) per poll minute over
     * the sorted ids. With the whole budget left after a one-call search the windows tile the list,
     * so every open order is re-read within ceil(n / 19) polls a minute apart; with less left, the
     * start still walks round the list, so no order is starved.
     */
    static List<String> pickForRecheck(Set<String> open, int max, Instant pollTime) {
        List<String> sorted = new ArrayList<>(open);
        sorted.sort(java.util.Comparator.comparingInt(String::length).thenComparing(java.util.Comparator.naturalOrder()));
        int n = sorted.size();
        if (n <= max) {
            return sorted;
        }
        if (max <= 0) {
            return List.of();
        }
        long minute = Math.floorDiv(pollTime.getEpochSecond(), 60);
        int start = (int) Math.floorMod(minute * (POLL_CALL_BUDGET - 1), (long) n);
        List<String> picked = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            picked.add(sorted.get((start + i) % n));
        }
        return picked;
    }

    private OrderPage search(Instant from, Instant to, int page, int spent) {
        Instant start = from.truncatedTo(ChronoUnit.SECONDS);
        Instant endSecond = to.truncatedTo(ChronoUnit.SECONDS);
        Instant end = endSecond.equals(to) ? endSecond.minusSeconds(1) : endSecond;
        if (end.isBefore(start)) {
            return afterSearch(List.of(), Set.of(), to, spent);
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
        int used = spent + 1;
        if (!to.equals(readForPoll)) {
            readBySearch.clear();
            readForPoll = to;
        }
        // Orders already open are left to the re-check rotation: reading them here too would spend
        // the budget twice on the same order.
        Set<String> open = openOrders.openOrderIds();
        List<FetchedOrder> fetched = new ArrayList<>();
        Set<String> closed = new LinkedHashSet<>();
        for (String orderId : found.orderIds()) {
            if (!open.contains(orderId)) {
                readOrder(orderId, closed).ifPresent(fetched::add);
                readBySearch.add(orderId);
                used++;
            }
        }
        if ((long) page * pageSize < found.totalCount()) {
            return OrderPage.of(fetched, Optional.of("S:" + (page + 1) + ":" + used)).withOrdersToClose(closed);
        }
        return afterSearch(fetched, closed, to, used);
    }

    /** The last search page: on to the re-checks when there are open orders and budget left for them. */
    private OrderPage afterSearch(List<FetchedOrder> fetched, Set<String> closed, Instant to, int used) {
        Set<String> due = new java.util.HashSet<>(openOrders.openOrderIds());
        if (to.equals(readForPoll)) {
            due.removeAll(readBySearch);
        }
        Optional<String> next = used < POLL_CALL_BUDGET && !due.isEmpty() ? Optional.of("R:" + used) : Optional.empty();
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
