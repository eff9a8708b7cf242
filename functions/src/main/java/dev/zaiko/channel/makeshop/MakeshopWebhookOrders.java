package dev.zaiko.channel.makeshop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.WebhookJson;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.WebhookOrders;
import dev.zaiko.domain.channel.WebhookVerifier;

import java.util.ArrayList;
import java.util.List;

/**
 * The order update notice, already verified by its HMAC, carries the changed orders in searchOrder's
 * shape under {@code orders} (UNCONFIRMED body; makeshop batches changes about every 2 minutes). Each
 * becomes events, and the open set follows it like a polled order. searchOrder cannot look an order up
 * by number, so the signed body is what we have; the next poll's re-check confirms it anyway.
 */
final class MakeshopWebhookOrders implements WebhookOrders {
    private final ObjectMapper json;
    private final MakeshopOrderSource orders;
    private final MakeshopOrderParser parser;

    MakeshopWebhookOrders(ObjectMapper json, MakeshopOrderSource orders, String channelId) {
        this.json = json;
        this.orders = orders;
        this.parser = new MakeshopOrderParser(channelId);
    }

    @Override
    public List<OrderEvent> ordersIn(WebhookVerifier.WebhookRequest request) {
        JsonNode root = WebhookJson.object(json, request.body(), "makeshop webhook");
        JsonNode list = root.get("orders");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("makeshop webhook: field 'orders' is missing or not a list");
        }
        List<OrderEvent> events = new ArrayList<>();
        for (JsonNode order : list) {
            // Closed orders stay open here: the next poll closes them once their events are queued.
            events.addAll(orders.track(parser.parse(order, EventOrigin.WEBHOOK), new java.util.HashSet<>()));
        }
        return events;
    }
}
