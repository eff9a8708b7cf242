package dev.zaiko.channel.mercari;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.channel.support.GraphQlCaller;
import dev.zaiko.channel.support.RecheckRotation;
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
import java.util.HashSet;
import java.util.LinkedHashSet;
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

    private final String channelId;

    MercariOrderSource(ObjectMapper json, GraphQlCaller graphQl, OpenOrders openOrders, String channelId) {
        this.channelId = channelId;
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
        List<FetchedOrder> fetched = new ArrayList<>();
        Set<String> closed = new LinkedHashSet<>();
        Instant now = Instant.now();
        if (edges != null && edges.isArray()) {
            for (JsonNode edge : edges) {
                JsonNode node = edge.path("node");
                String orderId = node.path("id").asText("");
                searchedThisPoll.add(orderId);
                fetched.add(FetchedOrder.parse(channelId, orderId, node::toString, now,
                        () -> track(parser.parse(node, EventOrigin.POLL), closed)));
            }
        }
        JsonNode pageInfo = connection.path("pageInfo");
        Optional<String> next = Optional.empty();
        if (pageInfo.path("hasNextPage").asBoolean(false)) {
            String endCursor = pageInfo.path("endCursor").asText("");
            if (endCursor.isEmpty()) {
                throw new ChannelException(PushStatus.RETRY, "MALFORMED",
                        "Mercari orders: hasNextPage without 'endCursor'", Optional.empty());
            }
            return OrderPage.of(fetched, Optional.of(SEARCH + calls + ":" + endCursor)).withOrdersToClose(closed);
        }
        boolean recheckDue = calls < MercariApi.CALLS_PER_POLL && !unsearchedOpenOrders().isEmpty();
        return OrderPage.of(fetched, recheckDue ? Optional.of(RECHECK + calls) : Optional.empty())
                .withOrdersToClose(closed);
    }

    /** Closes the orders a page found closed, now that their events are on the queue. */
    @Override
    public void pageEnqueued(OrderPage page) {
        openOrders.markClosed(page.ordersToClose());
    }

    private OrderPage recheck(Instant pollTime, int callsSoFar) {
        List<String> batch = RecheckRotation.pick(unsearchedOpenOrders(),
                MercariApi.CALLS_PER_POLL - callsSoFar, pollTime);
        List<FetchedOrder> fetched = new ArrayList<>();
        Set<String> closed = new LinkedHashSet<>();
        Instant now = Instant.now();
        for (String orderId : batch) {
            Optional<JsonNode> node = fetchOrderNode(orderId);
            if (node.isEmpty()) {
                // Gone from the mall: nothing left to re-check, and nothing we could report.
                openOrders.markClosed(List.of(orderId));
                continue;
            }
            fetched.add(FetchedOrder.parse(channelId, orderId, node.get()::toString, now,
                    () -> track(parser.parse(node.get(), EventOrigin.POLL), closed)));
        }
        return OrderPage.of(fetched, Optional.empty()).withOrdersToClose(closed);
    }

    private Set<String> unsearchedOpenOrders() {
        Set<String> due = new HashSet<>(openOrders.openOrderIds());
        due.removeAll(searchedThisPoll);
        return due;
    }

    /** One order by id, re-read from Mercari; empty when Mercari does not know it. */
    Optional<MercariOrderParser.ParsedOrder> fetchOrder(String orderId, EventOrigin origin) {
        return fetchOrderNode(orderId).map(node -> parser.parse(node, origin));
    }

    private Optional<JsonNode> fetchOrderNode(String orderId) {
        ObjectNode variables = json.createObjectNode().put("id", orderId);
        try {
            JsonNode node = graphQl.call("order", MercariApi.ORDER, variables).data().path("order");
            if (node.isMissingNode() || node.isNull()) {
                return Optional.empty();
            }
            return Optional.of(node);
        } catch (ChannelException e) {
            if (MercariApi.NOT_FOUND_CODES.contains(e.mallCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Keeps the open set in step with what we just saw: open orders at once, closed ones into
     * {@code closed}, forgotten only after their events are queued.
     */
    List<OrderEvent> track(MercariOrderParser.ParsedOrder order, Set<String> closed) {
        if (order.row().closes()) {
            closed.add(order.orderId());
        } else {
            openOrders.markOpen(List.of(order.orderId()));
        }
        return order.events();
    }
}
