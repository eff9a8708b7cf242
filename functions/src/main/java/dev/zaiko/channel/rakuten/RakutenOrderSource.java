package dev.zaiko.channel.rakuten;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.FetchedOrder;
import dev.zaiko.domain.channel.OpenOrders;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.PushStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rakuten orders as events. RakutenPayOrderAPI's searchOrder filters by date only (no "updated
 * since"), so one poll is two phases, one unit of work per page:
 * <ol>
 *   <li><b>search first</b>: searchOrder by order date (dateType 1) over [from, to), one page per
 *       call, each page's new order numbers read with one getOrder. No status filter, so an order
 *       placed and already cancelled or shipped before this poll is still reported; new orders are
 *       never held back by the re-checks;</li>
 *   <li><b>re-check in rotation</b>: orders still open (see {@link OpenOrders}) are re-read with
 *       getOrder, 100 per call, at most {@value #RECHECK_CALLS_PER_POLL} calls a poll, so a
 *       cancellation or shipment after the order was first seen is caught. Up to
 *       {@value #RECHECK_CALLS_PER_POLL}00 open orders that is all of them every poll; beyond, a
 *       window that moves with each poll (see {@link #pickForRecheck}).</li>
 * </ol>
 * No daily request quota is documented for the RMS order API (shared/docs/channels.md; unconfirmed
 * either way), so the bound is per poll: one search call per page, one getOrder per page of new
 * orders and at most {@value #RECHECK_CALLS_PER_POLL} re-check calls.
 *
 * <p>Page tokens: {@code S:<search page>} and {@code R:}.
 */
public final class RakutenOrderSource implements OrderSource {
    static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    /** RMS's wire format, e.g. 2017-11-17T10:00:00+0900. */
    static final DateTimeFormatter RMS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");
    private static final DateTimeFormatter RMS_TIME_READ = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[XXX][xx]");
    /** searchOrder rejects windows longer than 63 days (third-party client docs). */
    static final Duration MAX_WINDOW = Duration.ofDays(63);
    /** getOrder calls (100 orders each) the re-check phase of one poll may spend. */
    static final int RECHECK_CALLS_PER_POLL = 5;

    private final String channelId;
    private final RakutenApi api;
    private final OpenOrders openOrders;
    private final int pageSize;
    private final Clock clock;
    /** Orders read by the search of the poll ending at {@link #readForPoll}: not re-checked again in that poll. */
    private final Set<String> readBySearch = new java.util.HashSet<>();
    private Instant readForPoll;

    RakutenOrderSource(String channelId, RakutenApi api, OpenOrders openOrders, int pageSize, Clock clock) {
        if (pageSize < 1 || pageSize > RakutenApi.MAX_GET_ORDER) {
            throw new IllegalArgumentException("Rakuten pageSize must be 1-" + RakutenApi.MAX_GET_ORDER
                    + " (one getOrder per search page), got " + pageSize);
        }
        this.channelId = channelId;
        this.api = api;
        this.openOrders = openOrders;
        this.pageSize = pageSize;
        this.clock = clock;
    }

    @Override
    public OrderPage fetchChanged(Instant from, Instant to, Optional<String> pageToken) {
        String token = pageToken.orElse("S:1");
        if (token.equals("R:")) {
            return recheck(to);
        }
        if (token.startsWith("S:")) {
            int page;
            try {
                page = Integer.parseInt(token.substring(2));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a Rakuten page token: " + token);
            }
            if (page < 1) {
                throw new IllegalArgumentException("not a Rakuten page token: " + token);
            }
            return search(from, to, page);
        }
        throw new IllegalArgumentException("not a Rakuten page token: " + token);
    }

    /** The re-check phase: open orders not read by this poll's search, in rotation, 100 per getOrder. */
    private OrderPage recheck(Instant pollTime) {
        Set<String> due = new java.util.HashSet<>(openOrders.openOrderIds());
        if (pollTime.equals(readForPoll)) {
            due.removeAll(readBySearch);
        }
        List<String> picked = pickForRecheck(due, RECHECK_CALLS_PER_POLL * RakutenApi.MAX_GET_ORDER, pollTime);
        List<FetchedOrder> fetched = new ArrayList<>();
        Set<String> closed = new LinkedHashSet<>();
        for (int i = 0; i < picked.size(); i += RakutenApi.MAX_GET_ORDER) {
            Details details = getOrders(picked.subList(i, Math.min(picked.size(), i + RakutenApi.MAX_GET_ORDER)));
            // Orders Rakuten no longer knows (beyond its 2-year window) would be re-checked forever.
            openOrders.markClosed(details.unknown());
            fetched.addAll(details.orders());
            closed.addAll(details.closed());
        }
        return OrderPage.of(fetched, Optional.empty()).withOrdersToClose(closed);
    }

    /**
     * Which open orders this poll re-checks: all when they fit, else {@code max} of them from a start
     * that moves by {@code max} positions per poll minute over the sorted numbers, so every open order
     * is re-read within ceil(n / max) polls a minute apart.
     */
    static List<String> pickForRecheck(Set<String> open, int max, Instant pollTime) {
        List<String> sorted = new ArrayList<>(open);
        sorted.sort(java.util.Comparator.naturalOrder());
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

    /** After the last search page: on to the re-checks when an open order is left to re-read. */
    private OrderPage afterSearch(Details found, Instant to) {
        Set<String> due = new java.util.HashSet<>(openOrders.openOrderIds());
        if (to.equals(readForPoll)) {
            due.removeAll(readBySearch);
        }
        return found.page(due.isEmpty() ? Optional.empty() : Optional.of("R:"));
    }

    private OrderPage search(Instant from, Instant to, int page) {
        Instant start = from.truncatedTo(ChronoUnit.SECONDS);
        // [from, to): RMS compares whole seconds inclusively, so the last second searched is the one
        // before `to` (or to's own second when `to` has a fraction).
        Instant endSecond = to.truncatedTo(ChronoUnit.SECONDS);
        Instant end = endSecond.equals(to) ? endSecond.minusSeconds(1) : endSecond;
        if (end.isBefore(start)) {
            return afterSearch(Details.NONE, to);
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("Rakuten searchOrder covers at most 63 days; asked for "
                    + start + " to " + end + " (poll in shorter windows)");
        }
        Map<String, Object> paging = new LinkedHashMap<>();
        paging.put("requestRecordsAmount", pageSize);
        paging.put("requestPage", page);
        paging.put("SortModelList", List.of(Map.of("sortColumn", 1, "sortDirection", 1)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dateType", 1);
        body.put("startDatetime", RMS_TIME.format(start.atZone(JST)));
        body.put("endDatetime", RMS_TIME.format(end.atZone(JST)));
        body.put("PaginationRequestModel", paging);
        JsonNode reply = RakutenApi.readJson(
                api.postJson(RakutenApi.SEARCH_ORDER, body, api.orderBucket, "Rakuten searchOrder"),
                "Rakuten searchOrder");
        SearchPage found = readSearchPage(reply, page);
        boolean more = page < found.totalPages();
        List<String> numbers = found.orderNumbers();
        if (!to.equals(readForPoll)) {
            readBySearch.clear();
            readForPoll = to;
        }
        // Orders already open are left to the re-check rotation: reading them here too would read
        // them twice in one poll.
        Set<String> open = openOrders.openOrderIds();
        List<String> fresh = numbers.stream().filter(n -> !open.contains(n)).distinct().toList();
        Details details = fresh.isEmpty() ? Details.NONE : getOrders(fresh);
        readBySearch.addAll(fresh);
        return more ? details.page(Optional.of("S:" + (page + 1))) : afterSearch(details, to);
    }

    /** Closes the orders a page found closed, now that their events are on the queue. */
    @Override
    public void pageEnqueued(OrderPage page) {
        openOrders.markClosed(page.ordersToClose());
    }

    /** One searchOrder answer: the page's order numbers and how many pages there are. */
    record SearchPage(List<String> orderNumbers, int totalPages) {
    }

    static SearchPage readSearchPage(JsonNode reply, int page) {
        failOnCallErrors(reply, "Rakuten searchOrder");
        List<String> numbers = new ArrayList<>();
        JsonNode list = reply.path("orderNumberList");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw new IllegalArgumentException("Rakuten searchOrder page " + page + ": orderNumberList is not an array");
        }
        for (JsonNode number : list) {
            if (!number.isTextual() || number.asText().isBlank()) {
                throw new IllegalArgumentException("Rakuten searchOrder page " + page
                        + ": orderNumberList holds a non-text entry");
            }
            numbers.add(number.asText());
        }
        JsonNode pagination = reply.path("PaginationResponseModel");
        if (!numbers.isEmpty() && !pagination.path("totalPages").canConvertToInt()) {
            throw new IllegalArgumentException("Rakuten searchOrder page " + page
                    + ": PaginationResponseModel.totalPages is missing");
        }
        return new SearchPage(List.copyOf(numbers), pagination.path("totalPages").asInt(0));
    }

    private record Details(List<FetchedOrder> orders, List<String> unknown, Set<String> closed) {
        static final Details NONE = new Details(List.of(), List.of(), Set.of());

        OrderPage page(Optional<String> next) {
            return OrderPage.of(orders, next).withOrdersToClose(closed);
        }
    }

    /** getOrder for at most 100 orders; updates the open set from what Rakuten says now. */
    private Details getOrders(List<String> orderNumbers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderNumberList", orderNumbers);
        body.put("version", RakutenApi.GET_ORDER_VERSION);
        JsonNode reply = RakutenApi.readJson(
                api.postJson(RakutenApi.GET_ORDER, body, api.orderBucket, "Rakuten getOrder"), "Rakuten getOrder");
        List<String> unknown = new ArrayList<>();
        for (RakutenErrors.MallError error : RakutenErrors.parse(reply.toString())) {
            if (error.orderNumber().isPresent()) {
                unknown.add(error.orderNumber().get());
            } else {
                throw new ChannelException(PushStatus.REJECTED, error.code(),
                        "Rakuten getOrder: " + error.code() + " " + error.message(), Optional.empty());
            }
        }
        List<FetchedOrder> fetched = new ArrayList<>();
        Set<String> stillOpen = new LinkedHashSet<>();
        Set<String> closed = new LinkedHashSet<>();
        JsonNode models = reply.path("OrderModelList");
        if (!models.isMissingNode() && !models.isNull() && !models.isArray()) {
            throw new IllegalArgumentException("Rakuten getOrder: OrderModelList is not an array");
        }
        // Every line of this answer carries the time we read it as its revision: Rakuten gives no
        // update time, and a later read of an order shows its newer state.
        Instant readAt = clock.instant();
        for (JsonNode order : models) {
            String orderNumber = order.path("orderNumber").asText("");
            boolean[] open = {false};
            FetchedOrder one = FetchedOrder.parse(channelId, orderNumber, order::toString, readAt, () -> {
                requiredText(order, "orderNumber", "(unknown order)");
                RakutenStatuses.Rule rule = rule(order, orderNumber);
                open[0] = rule.open();
                return linesOf(order, orderNumber, rule).stream().map(e -> e.withRevision(readAt)).toList();
            });
            fetched.add(one);
            if (one instanceof FetchedOrder.Normalised) {
                (open[0] ? stillOpen : closed).add(orderNumber);
            }
        }
        // Open ones are marked at once (a crash only re-checks them again); closed ones leave the
        // open set only after their events are queued (pageEnqueued).
        openOrders.markOpen(stillOpen);
        return new Details(fetched, unknown, closed);
    }

    private RakutenStatuses.Rule rule(JsonNode order, String orderNumber) {
        JsonNode progress = order.get("orderProgress");
        if (progress == null || !progress.canConvertToInt()) {
            throw new IllegalArgumentException("Rakuten order " + orderNumber + ": orderProgress is missing or not a number");
        }
        return RakutenStatuses.of(progress.asInt()).orElseThrow(() -> new IllegalArgumentException(
                "Rakuten order " + orderNumber + ": orderProgress " + progress.asInt() + " is not a known status"));
    }

    private List<OrderEvent> linesOf(JsonNode order, String orderNumber, RakutenStatuses.Rule rule) {
        Instant orderedAt = parseTime(requiredText(order, "orderDatetime", orderNumber), orderNumber);
        JsonNode packages = order.path("PackageModelList");
        if (!packages.isArray()) {
            throw new IllegalArgumentException("Rakuten order " + orderNumber + ": PackageModelList is missing");
        }
        List<OrderEvent> events = new ArrayList<>();
        for (JsonNode pack : packages) {
            boolean packageDeleted = pack.path("packageDeleteFlag").asInt(0) == 1;
            JsonNode items = pack.path("ItemModelList");
            if (!items.isArray()) {
                throw new IllegalArgumentException("Rakuten order " + orderNumber
                        + ": PackageModelList[].ItemModelList is missing");
            }
            for (JsonNode item : items) {
                events.add(lineEvent(item, orderNumber, rule, packageDeleted, orderedAt));
            }
        }
        return events;
    }

    private OrderEvent lineEvent(JsonNode item, String orderNumber, RakutenStatuses.Rule rule, boolean packageDeleted,
                                 Instant orderedAt) {
        JsonNode detailId = item.get("itemDetailId");
        if (detailId == null || detailId.isNull() || detailId.asText().isBlank()) {
            throw new IllegalArgumentException("Rakuten order " + orderNumber + ": ItemModelList[].itemDetailId is missing");
        }
        String lineId = detailId.asText();
        String where = "Rakuten order " + orderNumber + " line " + lineId;
        String manageNumber = requiredText(item, "manageNumber", orderNumber + " line " + lineId);
        JsonNode skus = item.path("SkuModelList");
        String variantId = skus.isArray() && !skus.isEmpty() ? skus.get(0).path("variantId").asText("") : "";
        if (variantId.isBlank()) {
            throw new IllegalArgumentException(where
                    + ": SkuModelList[0].variantId is missing (getOrder version 7+ is needed)");
        }
        JsonNode units = item.get("units");
        if (units == null || !units.canConvertToInt()) {
            throw new IllegalArgumentException(where + ": units is missing or not a number");
        }
        boolean lineDeleted = packageDeleted || item.path("deleteItemFlag").asInt(0) == 1 || units.asInt() <= 0;
        OrderAction action = lineDeleted ? OrderAction.CANCEL : rule.action();
        // A cancel restores what the line took, whatever quantity it carries; a line cut to 0 units still cancels.
        int quantity = Math.max(1, units.asInt());
        String mallStatus = "orderProgress=" + rule.progress() + (lineDeleted ? " (line deleted)" : "");
        // Rakuten gives no cancel time per line; the moment we saw it is the honest one.
        Instant occurredAt = action == OrderAction.CANCEL ? clock.instant() : orderedAt;
        try {
            return new OrderEvent(channelId, orderNumber, lineId, new RakutenItemKey(manageNumber, variantId).canonical(),
                    quantity, action, mallStatus, occurredAt, EventOrigin.POLL);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static void failOnCallErrors(JsonNode reply, String what) {
        List<RakutenErrors.MallError> errors = RakutenErrors.parse(reply.toString());
        if (!errors.isEmpty()) {
            RakutenErrors.MallError first = errors.get(0);
            throw new ChannelException(PushStatus.REJECTED, first.code(), what + ": " + first.code() + " "
                    + first.message(), Optional.empty());
        }
    }

    private static String requiredText(JsonNode node, String field, String orderNumber) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new IllegalArgumentException("Rakuten order " + orderNumber + ": " + field + " is missing");
        }
        return value.asText();
    }

    static Instant parseTime(String text, String orderNumber) {
        try {
            return OffsetDateTime.parse(text, RMS_TIME_READ).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Rakuten order " + orderNumber + ": orderDatetime '" + text
                    + "' is not yyyy-MM-ddTHH:mm:ss+0900");
        }
    }
}
