package dev.zaiko.channel.makeshop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.channel.support.GraphQlCaller;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.FetchedOrder;
import dev.zaiko.domain.channel.OpenOrders;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.PushStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * makeshop orders through {@code searchOrder}, which filters only by order date. A poll has two phases:
 * first the orders placed in [from, to) (new orders are never delayed by a large open set); then a
 * re-check of the orders still open, by searching the order-date range they span (their dates are kept
 * with them in {@code OpenOrders} as {@code <yyyyMMddHHmmss>:<systemOrderNumber>}) and keeping only those
 * orders (up to 1,000 per call, so the re-check costs a call per 1,000 orders in that range). Orders whose every delivery
 * closed (Y, C, R) leave the open set; the others join it.
 *
 * <p>Page tokens are ours: {@code recheck:<page>:<start>:<end>} and {@code search:<page>}.
 */
final class MakeshopOrderSource implements OrderSource {
    private static final String RECHECK = "recheck:";
    private static final String SEARCH = "search:";

    private final ObjectMapper json;
    private final GraphQlCaller graphQl;
    private final OpenOrders openOrders;
    private final MakeshopOrderParser parser;
    /** Orders this poll's search already returned: the re-check skips them (nothing new to learn). */
    private final Set<String> searchedThisPoll = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final String channelId;

    MakeshopOrderSource(ObjectMapper json, GraphQlCaller graphQl, OpenOrders openOrders, String channelId) {
        this.channelId = channelId;
        this.json = json;
        this.graphQl = graphQl;
        this.openOrders = openOrders;
        this.parser = new MakeshopOrderParser(channelId);
    }

    @Override
    public OrderPage fetchChanged(Instant from, Instant to, Optional<String> pageToken) {
        // New orders first, so a large open set never delays them; then the re-check of open orders.
        if (pageToken.isEmpty()) {
            searchedThisPoll.clear();
        }
        String token = pageToken.orElse(SEARCH + 1);
        if (token.startsWith(RECHECK)) {
            String[] parts = token.substring(RECHECK.length()).split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a makeshop page token: " + token);
            }
            int page = Integer.parseInt(parts[0]);
            Result result = search(parts[1], parts[2], page, openById().keySet(), to);
            Optional<String> next = result.more()
                    ? Optional.of(RECHECK + (page + 1) + ":" + parts[1] + ":" + parts[2])
                    : Optional.empty();
            return result.page(next);
        }
        if (!token.startsWith(SEARCH)) {
            throw new IllegalArgumentException("not a makeshop page token: " + token);
        }
        int page = Integer.parseInt(token.substring(SEARCH.length()));
        // endOrderDate's inclusiveness is unconfirmed: stop a second before 'to'; windows overlap anyway.
        Result result = search(MakeshopApi.COMPACT.format(from), MakeshopApi.COMPACT.format(to.minusSeconds(1)), page, null,
                to);
        if (result.more()) {
            return result.page(Optional.of(SEARCH + (page + 1)));
        }
        return result.page(firstRecheckToken());
    }

    /** Closes the orders a page found closed, now that their events are on the queue. */
    @Override
    public void pageEnqueued(OrderPage page) {
        openOrders.markClosed(page.ordersToClose());
    }

    private Optional<String> firstRecheckToken() {
        Set<String> open = new java.util.HashSet<>(openById().values());
        if (open.isEmpty()) {
            return Optional.empty();
        }
        List<String> dates = open.stream().map(key -> key.substring(0, key.indexOf(':'))).sorted().toList();
        Instant last = MakeshopOrderParser.orderDate(dates.get(dates.size() - 1), "?");
        return Optional.of(RECHECK + 1 + ":" + dates.get(0) + ":" + MakeshopApi.COMPACT.format(last.plusSeconds(1)));
    }

    /** Open orders not already returned by this poll's search, by systemOrderNumber. */
    private Map<String, String> openById() {
        Map<String, String> byId = openOrders.openOrderIds().stream()
                .collect(Collectors.toMap(key -> key.substring(key.indexOf(':') + 1), key -> key, (a, b) -> a));
        byId.keySet().removeAll(searchedThisPoll);
        return byId;
    }

    private record Result(List<FetchedOrder> orders, Set<String> closed, boolean more) {
        OrderPage page(Optional<String> next) {
            return OrderPage.of(orders, next).withOrdersToClose(closed);
        }
    }

    /**
     * @param onlyIds when not null, only these orders are reported (the re-check)
     * @param readAt  the poll's time: searchOrder gives no update time, so it orders the revisions of
     *                a line (a later poll reads the order's newer state, an amount changed since wins)
     */
    private Result search(String start, String end, int page, Set<String> onlyIds, Instant readAt) {
        ObjectNode variables = json.createObjectNode();
        ObjectNode input = variables.putObject("input");
        input.put("startOrderDate", start);
        input.put("endOrderDate", end);
        input.put("page", page);
        input.put("limit", MakeshopApi.ORDER_PAGE_LIMIT);
        JsonNode result = graphQl.call("searchOrder", MakeshopApi.SEARCH_ORDER, variables).data().path("searchOrder");
        JsonNode orders = result.get("orders");
        if (orders == null || !orders.isArray()) {
            throw new ChannelException(PushStatus.RETRY, "MALFORMED", "makeshop searchOrder: field 'orders' is missing",
                    Optional.empty());
        }
        List<FetchedOrder> fetched = new ArrayList<>();
        Set<String> closed = new java.util.LinkedHashSet<>();
        Instant now = Instant.now();
        for (JsonNode order : orders) {
            String id = order.path("systemOrderNumber").asText("");
            if (onlyIds == null || onlyIds.contains(id)) {
                if (onlyIds == null) {
                    searchedThisPoll.add(id);
                }
                fetched.add(FetchedOrder.parse(channelId, id, order::toString, now,
                        () -> track(parser.parse(order, EventOrigin.POLL), closed).stream()
                                .map(e -> e.withRevision(readAt)).toList()));
            }
        }
        boolean more = result.path("searchedCount").canConvertToLong()
                ? (long) page * MakeshopApi.ORDER_PAGE_LIMIT < result.get("searchedCount").asLong()
                : orders.size() == MakeshopApi.ORDER_PAGE_LIMIT;
        return new Result(fetched, closed, more);
    }

    /** Open orders are marked at once; closed ones go into {@code closed}, forgotten after their events are queued. */
    List<OrderEvent> track(MakeshopOrderParser.ParsedOrder order, Set<String> closed) {
        if (order.closes()) {
            closed.add(order.openKey());
        } else {
            openOrders.markOpen(List.of(order.openKey()));
        }
        return order.events();
    }
}
