package dev.zaiko.channel.mercari;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.channel.support.GraphQlCaller;
import dev.zaiko.channel.support.RecheckRotation;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.OpenOrders;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.PushStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mercari Shops orders. A poll first searches the orders changed in [from, to)
 * ({@code orders(updatedDateGte, updatedDateLt)}), so new orders and later cancellations are seen
 * however many orders are open; then, with what is left of {@link MercariApi#CALLS_PER_POLL}, it
 * re-checks open orders one {@code order(id)} each, rotating through them from poll to poll
 * ({@link RecheckRotation}) as a backstop for a missed window. Orders whose status closes them leave
 * the open set; all others join it.
 *
 * <p>Page tokens are ours: {@code search:<calls so far>:<cursor>} and {@code recheck:<calls so far>}.
 */
final class MercariOrderSource implements OrderSource {
    private static final String RECHECK = "recheck:";
    private static final String SEARCH = "search:";

    private final ObjectMapper json;
    private final GraphQlCaller graphQl;
    private final OpenOrders openOrders;
    private final MercariOrderParser parser;
    /** Orders this poll's search already returned: re-checking them would spend calls to learn nothing. */
    private final Set<String> searchedThisPoll = ConcurrentHashMap.newKeySet();

    MercariOrderSource(ObjectMapper json, GraphQlCaller graphQl, OpenOrders openOrders, String channelId) {
        this.json = json;
        this.graphQl = graphQl;
        this.openOrders = openOrders;
        this.parser = new MercariOrderParser(channelId);
    }

    @Override
    public OrderPage fetchChanged(Instant from, Instant to, Optional<String> pageToken) {
        if (pageToken.isEmpty()) {
            searchedThisPoll.clear();
        }
        String token = pageToken.orElse(SEARCH + "0:");
        try {
            if (token.startsWith(SEARCH)) {
                String rest = token.substring(SEARCH.length());
                int colon = rest.indexOf(':');
                return search(from, to, Integer.parseInt(rest.substring(0, colon)), rest.substring(colon + 1));
            }
            if (token.startsWith(RECHECK)) {
                return recheck(to, Integer.parseInt(token.substring(RECHECK.length())));
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a Mercari page token: " + token);
    }

    private OrderPage search(Instant from, Instant to, int callsSoFar, String cursor) {
        ObjectNode variables = json.createObjectNode();
        variables.put("first", MercariApi.ORDER_PAGE_SIZE);
        if (!cursor.isEmpty()) {
            variables.put("after", cursor);
        }
        variables.put("updatedDateGte", from.toString());
        variables.put("updatedDateLt", to.toString());
        JsonNode connection = graphQl.call("orders", MercariApi.ORDERS, variables).data().path("orders");
        int calls = callsSoFar + 1;
        JsonNode edges = connection.get("edges");
        if (edges != null && !edges.isNull() && !edges.isArray()) {
            throw new ChannelException(PushStatus.RETRY, "MALFORMED",
                    "Mercari orders: field 'edges' is not a list", Optional.empty());
        }
        if (!connection.path("pageInfo").isObject()) {
            throw new ChannelException(PushStatus.RETRY, "MALFORMED",
                    "Mercari orders: field 'pageInfo' is missing", Optional.empty());
        }
        List<OrderEvent> events = new ArrayList<>();
        if (edges != null && edges.isArray()) {
            for (JsonNode edge : edges) {
                MercariOrderParser.ParsedOrder order = parser.parse(edge.path("node"), EventOrigin.POLL);
                searchedThisPoll.add(order.orderId());
                events.addAll(track(order));
            }
        }
        JsonNode pageInfo = connection.path("pageInfo");
        if (pageInfo.path("hasNextPage").asBoolean(false)) {
            String endCursor = pageInfo.path("endCursor").asText("");
            if (endCursor.isEmpty()) {
                throw new ChannelException(PushStatus.RETRY, "MALFORMED",
                        "Mercari orders: hasNextPage without 'endCursor'", Optional.empty());
            }
            return new OrderPage(events, Optional.of(SEARCH + calls + ":" + endCursor));
        }
        boolean recheckDue = calls < MercariApi.CALLS_PER_POLL && !unsearchedOpenOrders().isEmpty();
        return recheckDue ? new OrderPage(events, Optional.of(RECHECK + calls)) : OrderPage.last(events);
    }

    private OrderPage recheck(Instant pollTime, int callsSoFar) {
        List<String> batch = RecheckRotation.pick(unsearchedOpenOrders(),
                MercariApi.CALLS_PER_POLL - callsSoFar, pollTime);
        List<OrderEvent> events = new ArrayList<>();
        for (String orderId : batch) {
            fetchOrder(orderId, EventOrigin.POLL).ifPresentOrElse(
                    parsed -> events.addAll(track(parsed)),
                    // Gone from the mall: nothing left to re-check, and nothing we could report.
                    () -> openOrders.markClosed(List.of(orderId)));
        }
        return OrderPage.last(events);
    }

    private Set<String> unsearchedOpenOrders() {
        Set<String> due = new HashSet<>(openOrders.openOrderIds());
        due.removeAll(searchedThisPoll);
        return due;
    }

    /** One order by id, re-read from Mercari; empty when Mercari does not know it. */
    Optional<MercariOrderParser.ParsedOrder> fetchOrder(String orderId, EventOrigin origin) {
        ObjectNode variables = json.createObjectNode().put("id", orderId);
        try {
            JsonNode node = graphQl.call("order", MercariApi.ORDER, variables).data().path("order");
            if (node.isMissingNode() || node.isNull()) {
                return Optional.empty();
            }
            return Optional.of(parser.parse(node, origin));
        } catch (ChannelException e) {
            if (MercariApi.NOT_FOUND_CODES.contains(e.mallCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Keeps the open set in step with what we just saw. */
    List<OrderEvent> track(MercariOrderParser.ParsedOrder order) {
        if (order.row().closes()) {
            openOrders.markClosed(List.of(order.orderId()));
        } else {
            openOrders.markOpen(List.of(order.orderId()));
        }
        return order.events();
    }
}
