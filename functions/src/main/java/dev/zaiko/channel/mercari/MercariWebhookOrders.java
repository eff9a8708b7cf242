package dev.zaiko.channel.mercari;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.WebhookJson;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.WebhookOrders;
import dev.zaiko.domain.channel.WebhookVerifier;

import java.util.List;

/**
 * A Mercari webhook delivery names an order; the order itself is re-read from the API
 * ({@code order(id)}) and only that answer becomes events, so nothing in the payload but
 * the id is trusted. The order joins (or leaves) the open set like a polled one.
 */
final class MercariWebhookOrders implements WebhookOrders {
    private final ObjectMapper json;
    private final MercariOrderSource orders;

    MercariWebhookOrders(ObjectMapper json, MercariOrderSource orders) {
        this.json = json;
        this.orders = orders;
    }

    @Override
    public List<OrderEvent> ordersIn(WebhookVerifier.WebhookRequest request) {
        JsonNode root = WebhookJson.object(json, request.body(), "Mercari webhook");
        String orderId = null;
        for (String pointer : MercariApi.WEBHOOK_ORDER_ID_POINTERS) {
            JsonNode value = root.at(pointer);
            if (value.isValueNode() && !value.asText().isBlank()) {
                orderId = value.asText();
                break;
            }
        }
        if (orderId == null) {
            throw new IllegalArgumentException("Mercari webhook: no order id at any of " + MercariApi.WEBHOOK_ORDER_ID_POINTERS
                    + " (topic " + root.path("topic").asText("?") + ")");
        }
        // A closed order stays in the open set here: the next poll's re-check closes it once its
        // events are queued (closing before the webhook's events are applied could lose them).
        return orders.fetchOrder(orderId, EventOrigin.WEBHOOK)
                .map(order -> orders.track(order, new java.util.HashSet<>())).orElse(List.of());
    }
}
