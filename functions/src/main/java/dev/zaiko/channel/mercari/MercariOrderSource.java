package dev.zaiko.channel.mercari;

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
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.Optional;

/**
 * Mercari Shops orders. {@code orderTransactions} filters only by order date, so a poll has two
 * phases: first it re-checks, one {@code orderTransaction(id)} each, the orders it still holds open
 * from earlier polls (that is how a later cancellation or shipment is seen), then it pages through the
 * orders placed in [from, to) with Relay cursors. Orders whose status closes them leave the open set;
 * all others join it.
 *
 * <p>Page tokens are ours: {@code recheck:<last id>} and {@code search:<cursor>}.
 */
final class MercariOrderSource implements OrderSource {
    private static final String RECHECK = "recheck:";
    private static final String SEARCH = "search:";

    private final ObjectMapper json;
    private final GraphQlCaller graphQl;
    private final OpenOrders openOrders;
    private final MercariOrderParser parser;

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
        String token = pageToken.orElse(RECHECK);
        if (token.startsWith(RECHECK)) {
            OrderPage page = recheck(token.substring(RECHECK.length()));
            if (!page.events().isEmpty() || page.nextPageToken().isPresent() || !page.rejected().isEmpty()
                    || !page.ordersToClose().isEmpty()) {
                return page.nextPageToken().isPresent() ? page
                        : new OrderPage(page.events(), Optional.of(SEARCH), page.rejected(), page.ordersToClose());
            }
            token = SEARCH;
        }
        if (!token.startsWith(SEARCH)) {
            throw new IllegalArgumentException("not a Mercari page token: " + token);
        }
        return search(from, to, token.substring(SEARCH.length()));
    }

    private OrderPage search(Instant from, Instant to, String cursor) {
        ObjectNode variables = json.createObjectNode();
        variables.put("first", MercariApi.ORDER_PAGE_SIZE);
        if (!cursor.isEmpty()) {
            variables.put("after", cursor);
        }
        variables.put("orderedDateGte", from.toString());
        variables.put("orderedDateLt", to.toString());
        JsonNode connection = graphQl.call("orderTransactions", MercariApi.ORDER_TRANSACTIONS, variables)
                .data().path("orderTransactions");
        JsonNode edges = connection.get("edges");
        if (edges == null || !edges.isArray()) {
            throw new ChannelException(PushStatus.RETRY, "MALFORMED",
                    "Mercari orderTransactions: field 'edges' is missing", Optional.empty());
        }
        List<FetchedOrder> fetched = new ArrayList<>();
        Set<String> closed = new LinkedHashSet<>();
        Instant now = Instant.now();
        for (JsonNode edge : edges) {
            JsonNode node = edge.path("node");
            fetched.add(FetchedOrder.parse(channelId, node.path("id").asText(""), node::toString, now,
                    () -> track(parser.parse(node, EventOrigin.POLL), closed)));
        }
        JsonNode pageInfo = connection.path("pageInfo");
        Optional<String> next = Optional.empty();
        if (pageInfo.path("hasNextPage").asBoolean(false)) {
            String endCursor = pageInfo.path("endCursor").asText("");
            if (endCursor.isEmpty()) {
                throw new ChannelException(PushStatus.RETRY, "MALFORMED",
                        "Mercari orderTransactions: hasNextPage without 'endCursor'", Optional.empty());
            }
            next = Optional.of(SEARCH + endCursor);
        }
        return OrderPage.of(fetched, next).withOrdersToClose(closed);
    }

    /** Closes the orders a page found closed, now that their events are on the queue. */
    @Override
    public void pageEnqueued(OrderPage page) {
        openOrders.markClosed(page.ordersToClose());
    }

    private OrderPage recheck(String afterId) {
        List<String> due = openOrders.openOrderIds().stream()
                .filter(id -> id.compareTo(afterId) > 0)
                .sorted()
                .toList();
        List<String> batch = due.subList(0, Math.min(MercariApi.RECHECK_PER_PAGE, due.size()));
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
        return OrderPage.of(fetched, due.size() > batch.size()
                ? Optional.of(RECHECK + batch.get(batch.size() - 1)) : Optional.empty()).withOrdersToClose(closed);
    }

    /** One order by id, re-read from Mercari; empty when Mercari does not know it. */
    Optional<MercariOrderParser.ParsedOrder> fetchOrder(String orderId, EventOrigin origin) {
        return fetchOrderNode(orderId).map(node -> parser.parse(node, origin));
    }

    private Optional<JsonNode> fetchOrderNode(String orderId) {
        ObjectNode variables = json.createObjectNode().put("id", orderId);
        try {
            JsonNode node = graphQl.call("orderTransaction", MercariApi.ORDER_TRANSACTION, variables)
                    .data().path("orderTransaction");
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
