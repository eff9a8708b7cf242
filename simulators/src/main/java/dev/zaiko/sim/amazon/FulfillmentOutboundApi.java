package dev.zaiko.sim.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

import dev.zaiko.sim.amazon.SpApiState.*;

import static dev.zaiko.sim.amazon.AmazonSimulator.*;

/** Fulfillment Outbound 2020-07-01 (Multi-Channel Fulfillment): create, get and cancel. */
final class FulfillmentOutboundApi extends SpApiSection {
    FulfillmentOutboundApi(AmazonSimulator sim, SpApiState s) {
        super(sim, s);
    }

    private static final String MCF_PATH = "/fba/outbound/2020-07-01/fulfillmentOrders";
    private static final Set<String> SHIPPING_SPEEDS = Set.of("Standard", "Expedited", "Priority", "ScheduledDelivery");

    SimResponse createFulfillmentOrder(SimRequest request) {
        if (!request.path().equals(MCF_PATH)) {
            return error(404, "NotFound", "No such resource.", request.path());
        }
        JsonNode body;
        try {
            body = json.readTree(request.bodyText());
        } catch (IOException e) {
            return invalidInput("The request body is not valid JSON.");
        }
        if (body == null || !body.isObject()) {
            return invalidInput("The request body must be a CreateFulfillmentOrderRequest object.");
        }
        for (String field : List.of("sellerFulfillmentOrderId", "displayableOrderId", "displayableOrderDate",
                "displayableOrderComment", "shippingSpeedCategory")) {
            if (!body.path(field).isTextual() || body.path(field).asText().isBlank()) {
                return invalidInput(field + " is required.");
            }
        }
        String id = body.path("sellerFulfillmentOrderId").asText();
        if (id.length() > 40 || body.path("displayableOrderId").asText().length() > 40) {
            return invalidInput("sellerFulfillmentOrderId and displayableOrderId are at most 40 characters.");
        }
        try {
            Instant.parse(body.path("displayableOrderDate").asText());
        } catch (DateTimeParseException e) {
            return invalidInput("displayableOrderDate must be an ISO 8601 date-time.");
        }
        if (!SHIPPING_SPEEDS.contains(body.path("shippingSpeedCategory").asText())) {
            return invalidInput("shippingSpeedCategory is not a valid value.");
        }
        if (body.has("marketplaceId") && !MARKETPLACE_ID.equals(body.path("marketplaceId").asText())) {
            return invalidInput("marketplaceId " + body.path("marketplaceId").asText() + " is not enabled for MCF.");
        }
        JsonNode address = body.path("destinationAddress");
        for (String field : List.of("name", "addressLine1", "postalCode", "countryCode")) {
            if (!address.path(field).isTextual() || address.path(field).asText().isBlank()) {
                return invalidInput("destinationAddress." + field + " is required.");
            }
        }
        if ("JP".equals(address.path("countryCode").asText()) && address.has("city")) {
            return invalidInput("destinationAddress.city must not be used in Japan.");
        }
        String action = body.path("fulfillmentAction").asText("Ship");
        if (!action.equals("Ship") && !action.equals("Hold")) {
            return invalidInput("fulfillmentAction must be Ship or Hold.");
        }
        JsonNode items = body.path("items");
        if (!items.isArray() || items.size() != 1) {
            return invalidInput("The simulator takes exactly one item per fulfillment order.");
        }
        JsonNode item = items.get(0);
        String sku = item.path("sellerSku").asText("");
        int quantity = item.path("quantity").asInt(0);
        if (sku.isBlank() || item.path("sellerFulfillmentOrderItemId").asText("").isBlank() || quantity < 1) {
            return invalidInput("items need sellerSku, sellerFulfillmentOrderItemId and a positive quantity.");
        }
        synchronized (s) {
            if (s.mcfOrders.containsKey(id)) {
                // MEDIUM CONFIDENCE: the model does not document the answer to a reused id.
                return invalidInput("A fulfillment order with sellerFulfillmentOrderId " + id + " already exists.");
            }
            FbaItem stock = s.fba.get(sku);
            if (stock == null) {
                return invalidInput("The SellerSKU for Item Id: " + item.path("sellerFulfillmentOrderItemId").asText()
                        + " is invalid.");
            }
            if (stock.fulfillable < quantity) {
                return invalidInput("Not enough sellable inventory of " + sku + " to fulfill the order.");
            }
            stock.fulfillable -= quantity;
            stock.updated = clock.instant();
            s.mcfOrders.put(id, new McfOrder(id, body.path("displayableOrderId").asText(), sku, quantity, action,
                    body.path("shippingSpeedCategory").asText(), address.path("name").asText(), "Received",
                    request.bodyText()));
        }
        sim.notifications().notifyFbaChange(sku);
        return ok(json.createObjectNode(), "2.0");
    }

    SimResponse getFulfillmentOrder(SimRequest request) {
        String id = request.path().substring(MCF_PATH.length() + 1);
        McfOrder order;
        synchronized (s) {
            order = s.mcfOrders.get(id);
        }
        if (order == null) {
            return error(404, "NotFound", "The requested resource was not found.",
                    "No fulfillment order " + id + ".");
        }
        ObjectNode body = json.createObjectNode();
        ObjectNode payload = body.putObject("payload");
        ObjectNode fo = payload.putObject("fulfillmentOrder");
        fo.put("sellerFulfillmentOrderId", order.sellerFulfillmentOrderId());
        fo.put("marketplaceId", MARKETPLACE_ID);
        fo.put("displayableOrderId", order.displayableOrderId());
        fo.put("shippingSpeedCategory", order.shippingSpeedCategory());
        fo.put("fulfillmentAction", order.fulfillmentAction());
        fo.put("fulfillmentOrderStatus", order.status());
        fo.putObject("destinationAddress").put("name", order.destinationName());
        ObjectNode item = payload.putArray("fulfillmentOrderItems").addObject();
        item.put("sellerSku", order.sellerSku());
        item.put("quantity", order.quantity());
        payload.putArray("fulfillmentShipments");
        return ok(body, "2.0");
    }

    SimResponse cancelFulfillmentOrder(SimRequest request) {
        String rest = request.path().substring(MCF_PATH.length() + 1);
        if (!rest.endsWith("/cancel")) {
            return invalidInput("The simulator supports cancelFulfillmentOrder only.");
        }
        String id = rest.substring(0, rest.length() - "/cancel".length());
        McfOrder order;
        synchronized (s) {
            order = s.mcfOrders.get(id);
            if (order == null) {
                return error(404, "NotFound", "The requested resource was not found.", "No fulfillment order " + id + ".");
            }
            if (!Set.of("New", "Received", "Planning").contains(order.status())) {
                return invalidInput("Fulfillment order " + id + " is " + order.status() + " and cannot be cancelled.");
            }
            s.mcfOrders.put(id, new McfOrder(order.sellerFulfillmentOrderId(), order.displayableOrderId(),
                    order.sellerSku(), order.quantity(), order.fulfillmentAction(), order.shippingSpeedCategory(),
                    order.destinationName(), "Cancelled", order.requestBody()));
            FbaItem stock = s.fba.get(order.sellerSku());
            if (stock != null) {
                stock.fulfillable += order.quantity();
                stock.updated = clock.instant();
            }
        }
        sim.notifications().notifyFbaChange(order.sellerSku());
        return ok(json.createObjectNode(), "2.0");
    }
}
