package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.FulfillmentOrders;
import dev.zaiko.domain.channel.PushStatus;

import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Multi-channel fulfilment through the Fulfillment Outbound API 2020-07-01:
 * {@code createFulfillmentOrder}, {@code cancelFulfillmentOrder}, and {@code getFulfillmentOrder}
 * to tell a repeat from a refusal. The model does not say how Amazon answers a second create with
 * a {@code sellerFulfillmentOrderId} it already has (MEDIUM CONFIDENCE: a 400); so after any 4xx
 * the order is looked up, and one that exists means the earlier create went through — the
 * idempotency rests on the id, not on the shape of an error.
 */
public final class AmazonFulfillmentOutbound implements FulfillmentOrders {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String marketplaceId;
    private final SpApiClient client;
    private final SpApiClient.Operation create;
    private final SpApiClient.Operation get;
    private final SpApiClient.Operation cancel;

    AmazonFulfillmentOutbound(String marketplaceId, SpApiClient client) {
        this.marketplaceId = marketplaceId;
        this.client = client;
        this.create = client.operation("createFulfillmentOrder", AmazonApi.FULFILLMENT_ORDERS_RATE,
                AmazonApi.FULFILLMENT_ORDERS_BURST);
        this.get = client.operation("getFulfillmentOrder", AmazonApi.FULFILLMENT_ORDERS_RATE,
                AmazonApi.FULFILLMENT_ORDERS_BURST);
        this.cancel = client.operation("cancelFulfillmentOrder", AmazonApi.FULFILLMENT_ORDERS_RATE,
                AmazonApi.FULFILLMENT_ORDERS_BURST);
    }

    @Override
    public Result create(FulfillmentOrder order) {
        try {
            client.send(create, "POST", AmazonApi.FULFILLMENT_ORDERS_PATH, body(order));
            return Result.ok(false);
        } catch (SpApiException e) {
            if (e.kind() != PushStatus.REJECTED) {
                return failed(e);
            }
            try {
                return status(order.sellerFulfillmentOrderId()).isPresent() ? Result.ok(true) : failed(e);
            } catch (ChannelException lookup) {
                return failed(lookup);
            }
        } catch (ChannelException e) {
            return failed(e);
        }
    }

    @Override
    public Result cancel(String sellerFulfillmentOrderId) {
        String path = AmazonApi.FULFILLMENT_ORDERS_PATH + "/" + AmazonStockSink.encodePath(sellerFulfillmentOrderId)
                + "/cancel";
        try {
            client.send(cancel, "PUT", path, null);
            return Result.ok(false);
        } catch (SpApiException e) {
            if (e.kind() != PushStatus.REJECTED) {
                return failed(e);
            }
            try {
                Optional<String> status = status(sellerFulfillmentOrderId);
                return status.isEmpty() || status.get().equals("Cancelled") ? Result.ok(true) : failed(e);
            } catch (ChannelException lookup) {
                return failed(lookup);
            }
        } catch (ChannelException e) {
            return failed(e);
        }
    }

    /** The order's {@code fulfillmentOrderStatus}; empty when Amazon has no such order (404). */
    public Optional<String> status(String sellerFulfillmentOrderId) {
        String path = AmazonApi.FULFILLMENT_ORDERS_PATH + "/" + AmazonStockSink.encodePath(sellerFulfillmentOrderId);
        String body;
        try {
            body = client.get(get, path).body();
        } catch (SpApiException e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            JsonNode status = JSON.readTree(body).path("payload").path("fulfillmentOrder").path("fulfillmentOrderStatus");
            if (!status.isTextual()) {
                throw new SpApiException(PushStatus.RETRY, 200, "MALFORMED",
                        "getFulfillmentOrder " + sellerFulfillmentOrderId + " has no fulfillmentOrderStatus",
                        Optional.empty());
            }
            return Optional.of(status.asText());
        } catch (IOException e) {
            throw new SpApiException(PushStatus.RETRY, 200, "MALFORMED",
                    "getFulfillmentOrder " + sellerFulfillmentOrderId + " answered non-JSON", Optional.empty());
        }
    }

    /** The CreateFulfillmentOrderRequest of the 2020-07-01 model, required fields first. */
    String body(FulfillmentOrder order) {
        ObjectNode root = JSON.createObjectNode();
        root.put("marketplaceId", marketplaceId);
        root.put("sellerFulfillmentOrderId", order.sellerFulfillmentOrderId());
        root.put("displayableOrderId", order.displayableOrderId());
        root.put("displayableOrderDate", order.displayableOrderDate().truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("displayableOrderComment", order.displayableOrderComment());
        root.put("shippingSpeedCategory", order.shippingSpeedCategory());
        Address to = order.destination();
        ObjectNode address = root.putObject("destinationAddress");
        address.put("name", to.name());
        address.put("addressLine1", to.addressLine1());
        to.addressLine2().ifPresent(v -> address.put("addressLine2", v));
        // Japan: prefecture in stateOrRegion and no city (the model says city "should not be used in Japan").
        to.stateOrRegion().ifPresent(v -> address.put("stateOrRegion", v));
        address.put("postalCode", to.postalCode());
        address.put("countryCode", to.countryCode());
        to.phone().ifPresent(v -> address.put("phone", v));
        root.put("fulfillmentAction", order.action());
        root.put("fulfillmentPolicy", AmazonApi.MCF_FULFILLMENT_POLICY);
        ObjectNode item = root.putArray("items").addObject();
        item.put("sellerSku", order.sellerSku());
        item.put("sellerFulfillmentOrderItemId", order.sellerFulfillmentOrderItemId());
        item.put("quantity", order.quantity());
        return root.toString();
    }

    private static Result failed(ChannelException e) {
        return new Result(e.kind(), false, e.mallCode(), e.getMessage());
    }
}
