package dev.zaiko.sim.amazon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.zaiko.sim.amazon.SpApiState.*;

import static dev.zaiko.sim.amazon.AmazonSimulator.*;

/** Orders API 2026-01-01: {@code searchOrders} with pagination tokens, and the orders behind it. */
final class OrdersApi extends SpApiSection {
    OrdersApi(AmazonSimulator sim, SpApiState s) {
        super(sim, s);
    }

    SimResponse searchOrders(SimRequest request) {
        Map<String, String> q = request.query();
        boolean byCreated = q.containsKey("createdAfter");
        boolean byUpdated = q.containsKey("lastUpdatedAfter");
        if (byCreated == byUpdated) {
            return invalidInput("Exactly one of createdAfter and lastUpdatedAfter must be provided.");
        }
        Instant after;
        Optional<Instant> before;
        try {
            after = Instant.parse(q.get(byCreated ? "createdAfter" : "lastUpdatedAfter"));
            String beforeName = byCreated ? "createdBefore" : "lastUpdatedBefore";
            before = q.containsKey(beforeName) ? Optional.of(Instant.parse(q.get(beforeName))) : Optional.empty();
        } catch (DateTimeParseException e) {
            return invalidInput("Dates must be ISO 8601: " + e.getParsedString());
        }
        Instant latest = clock.instant().minus(ORDERS_LATENCY);
        if (before.isPresent() && (before.get().isAfter(latest) || before.get().isBefore(after))) {
            return invalidInput("The before date must be at least two minutes before the request and not before the after date.");
        }
        int pageSize;
        try {
            pageSize = Integer.parseInt(q.getOrDefault("maxResultsPerPage", "100"));
        } catch (NumberFormatException e) {
            return invalidInput("maxResultsPerPage must be a number");
        }
        if (pageSize < 1 || pageSize > 100) {
            return invalidInput("maxResultsPerPage must be between 1 and 100.");
        }
        Set<String> included = Set.of(q.getOrDefault("includedData", "").split(","));
        String signature = signature(q, Set.of("paginationToken", "maxResultsPerPage", "includedData"));
        Cursor cursor;
        String token = q.get("paginationToken");
        if (token != null) {
            cursor = s.searchCursors.get(token);
            if (cursor == null || !cursor.signature().equals(signature)) {
                return invalidInput("The paginationToken is invalid or does not match the other parameters.");
            }
        } else {
            List<String> matching = new ArrayList<>();
            Instant until = before.orElse(latest);
            boolean marketplaceOk = !q.containsKey("marketplaceIds")
                    || Arrays.asList(q.get("marketplaceIds").split(",")).contains(MARKETPLACE_ID);
            synchronized (s) {
                s.orders.values().stream()
                        .filter(o -> marketplaceOk)
                        .filter(o -> {
                            Instant t = byCreated ? o.created : o.updated;
                            return !t.isBefore(after) && !t.isAfter(until);
                        })
                        .filter(o -> !q.containsKey("fulfillmentStatuses")
                                || Arrays.asList(q.get("fulfillmentStatuses").split(",")).contains(o.status))
                        .filter(o -> !q.containsKey("fulfilledBy")
                                || Arrays.asList(q.get("fulfilledBy").split(",")).contains(o.fulfilledBy))
                        .sorted((a, b) -> a.updated.equals(b.updated) ? a.orderId.compareTo(b.orderId)
                                : a.updated.compareTo(b.updated))
                        .forEach(o -> matching.add(o.orderId));
            }
            cursor = new Cursor(signature, List.copyOf(matching), 0);
        }
        List<String> page = cursor.keys().subList(cursor.offset(),
                Math.min(cursor.keys().size(), cursor.offset() + pageSize));
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("orders");
        synchronized (s) {
            page.forEach(id -> list.add(orderJson(s.orders.get(id), included.contains("FULFILLMENT"))));
        }
        int nextOffset = cursor.offset() + page.size();
        if (nextOffset < cursor.keys().size()) {
            String next = UUID.randomUUID().toString().replace("-", "");
            s.searchCursors.put(next, new Cursor(signature, cursor.keys(), nextOffset));
            body.putObject("pagination").put("nextToken", next);
        }
        if (byUpdated) {
            body.put("lastUpdatedBefore", before.orElse(latest).toString());
        } else {
            body.put("createdBefore", before.orElse(latest).toString());
        }
        return ok(body, "0.0056");
    }

    ObjectNode orderJson(SimOrder order, boolean withFulfillment) {
        ObjectNode o = json.createObjectNode();
        o.put("orderId", order.orderId);
        o.put("createdTime", order.created.toString());
        o.put("lastUpdatedTime", order.updated.toString());
        ObjectNode channel = o.putObject("salesChannel");
        channel.put("channelName", "AMAZON");
        channel.put("marketplaceId", MARKETPLACE_ID);
        channel.put("marketplaceName", "Amazon.co.jp");
        if (withFulfillment) {
            ObjectNode fulfillment = o.putObject("fulfillment");
            if (order.status != null) { // absent only after AmazonSimulator.dropFulfillmentStatus (a malformed order)
                fulfillment.put("fulfillmentStatus", order.status);
            }
            fulfillment.put("fulfilledBy", order.fulfilledBy);
            fulfillment.put("fulfillmentServiceLevel", "STANDARD");
        }
        ArrayNode items = o.putArray("orderItems");
        for (SimItem item : order.items) {
            ObjectNode i = items.addObject();
            if (!"missingField".equals(order.malformed)) { // orderItemId is required by the model
                i.put("orderItemId", item.orderItemId);
            }
            i.put("quantityOrdered", item.quantity);
            ObjectNode product = i.putObject("product");
            product.put("sellerSku", item.sku);
            if (withFulfillment) {
                ObjectNode f = i.putObject("fulfillment");
                f.put("quantityFulfilled", item.shipped);
                // cancelled units leave both counts; quantityOrdered keeps what was ordered
                f.put("quantityUnfulfilled", item.quantity - item.shipped - item.cancelled);
            }
            if (item.buyerCancel) {
                ObjectNode request = cancellation(i).putObject("cancellationRequest");
                request.put("requester", "BUYER");
                request.put("cancelReason", "Changed mind about purchase");
            }
            if (item.cancelled > 0) {
                // ItemCancellationExecution of orders_2026-01-01.json (cancelledBy BUYER|MERCHANT|AMAZON)
                ObjectNode execution = cancellation(i).putObject("cancellationExecution");
                execution.put("cancelledBy", "MERCHANT");
                execution.put("cancelReason", "Partial cancellation (simulated)");
            }
        }
        return o;
    }

    private static ObjectNode cancellation(ObjectNode item) {
        return item.has("cancellation") ? (ObjectNode) item.get("cancellation") : item.putObject("cancellation");
    }

    SimOrder newOrder(String fulfilledBy, String sku, int quantity) {
        int n = s.orderCounter.incrementAndGet();
        String orderId = String.format("503-%07d-%07d", n, (n * 7919L) % 10_000_000L);
        SimOrder order = new SimOrder(orderId, clock.instant(), fulfilledBy, "UNSHIPPED");
        order.items.add(new SimItem(String.format("%014d", 50_300_000_000_000L + n), sku, quantity));
        s.orders.put(orderId, order);
        return order;
    }

    SimOrder order(String orderId) {
        SimOrder order = s.orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("no order " + orderId + " in the Amazon simulator");
        }
        return order;
    }
}
