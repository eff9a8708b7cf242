package dev.zaiko.sim.amazon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Instant;
import java.util.UUID;

import dev.zaiko.sim.amazon.SpApiState.*;

import static dev.zaiko.sim.amazon.AmazonSimulator.*;

/**
 * Notifications to SQS, as Amazon delivers them: ORDER_CHANGE for every order change and
 * FBA_INVENTORY_AVAILABILITY_CHANGES for every FBA count change, when a queue is set.
 */
final class NotificationsApi extends SpApiSection {
    NotificationsApi(AmazonSimulator sim, SpApiState s) {
        super(sim, s);
    }

    void notifyFbaChange(String sku) {
        SqsClient client = s.fbaSqs;
        String url = s.fbaQueueUrl;
        if (client == null || url == null) {
            return;
        }
        String body;
        synchronized (s) {
            FbaItem item = s.fba.get(sku);
            if (item == null) {
                return;
            }
            body = fbaChange(sku, item).toString();
        }
        client.sendMessage(b -> b.queueUrl(url).messageBody(body));
    }

    ObjectNode fbaChange(String sku, FbaItem item) {
        Instant now = clock.instant();
        ObjectNode root = json.createObjectNode();
        root.put("NotificationVersion", "1.0");
        root.put("NotificationType", "FBA_INVENTORY_AVAILABILITY_CHANGES");
        root.put("PayloadVersion", "1.0");
        root.put("EventTime", item.updated.toString());
        ObjectNode payload = root.putObject("Payload");
        payload.put("SellerId", SELLER_ID);
        payload.put("FNSKU", item.fnSku);
        payload.put("ASIN", item.asin);
        payload.put("SKU", sku);
        ObjectNode market = payload.putArray("FulfillmentInventoryByMarketplace").addObject();
        market.put("MarketplaceId", MARKETPLACE_ID);
        market.put("ItemName", "Simulated item " + sku);
        ObjectNode inventory = market.putObject("FulfillmentInventory");
        inventory.putObject("InboundQuantityBreakdown").put("Working", 0).put("Shipped", 0).put("Receiving", 0);
        inventory.put("Fulfillable", item.fulfillable);
        inventory.put("Unfulfillable", 0);
        inventory.put("Researching", 0);
        inventory.putObject("ReservedQuantityBreakdown").put("WarehouseProcessing", 0).put("WarehouseTransfer", 0)
                .put("PendingCustomerOrder", 0);
        inventory.put("FutureSupplyBuyable", 0);
        inventory.put("PendingCustomerOrderInTransit", 0);
        market.putArray("Stores");
        ObjectNode metadata = root.putObject("NotificationMetadata");
        metadata.put("ApplicationId", CLIENT_ID);
        metadata.put("SubscriptionId", "subscription-simulator-fba");
        metadata.put("PublishTime", now.toString());
        metadata.put("NotificationId", UUID.randomUUID().toString());
        return root;
    }

    void notifyChange(SimOrder order, String changeType, String reason) {
        SqsClient client = s.sqs;
        String url = s.queueUrl;
        if (client == null || url == null) {
            return;
        }
        String body;
        synchronized (s) {
            body = orderChange(order, changeType, reason).toString();
        }
        client.sendMessage(b -> b.queueUrl(url).messageBody(body));
    }

    ObjectNode orderChange(SimOrder order, String changeType, String reason) {
        Instant now = clock.instant();
        ObjectNode root = json.createObjectNode();
        root.put("NotificationVersion", "1.0");
        root.put("NotificationType", "ORDER_CHANGE");
        root.put("PayloadVersion", "1.0");
        root.put("EventTime", now.toString());
        ObjectNode change = root.putObject("Payload").putObject("OrderChangeNotification");
        change.put("NotificationLevel", "OrderLevel");
        change.put("SellerId", SELLER_ID);
        change.put("AmazonOrderId", order.orderId);
        change.put("OrderChangeType", changeType);
        change.putObject("OrderChangeTrigger").put("TimeOfOrderChange", order.updated.toString())
                .put("ChangeReason", reason);
        ObjectNode summary = change.putObject("Summary");
        summary.put("MarketplaceId", MARKETPLACE_ID);
        summary.put("OrderStatus", NOTIFICATION_STATUS.get(order.status));
        summary.put("PurchaseDate", order.created.toString());
        summary.put("DestinationPostalCode", "150-0002");
        summary.put("FulfillmentType", order.fulfilledBy.equals("AMAZON") ? "AFN" : "MFN");
        summary.put("OrderType", "StandardOrder");
        int shipped = 0;
        int unshipped = 0;
        ArrayNode items = summary.putArray("OrderItems");
        for (SimItem item : order.items) {
            shipped += item.shipped;
            unshipped += item.quantity - item.shipped - item.cancelled;
            ObjectNode i = items.addObject();
            i.put("OrderItemId", item.orderItemId);
            i.put("SellerSKU", item.sku);
            i.putNull("SupplySourceId");
            i.put("OrderItemStatus", item.shipped == item.quantity - item.cancelled ? "Shipped" : "Unshipped");
            // UNCONFIRMED after a partial cancellation: the schema says only "The number of items in the
            // order"; we send the units still on the order (ordered minus cancelled).
            i.put("Quantity", item.quantity - item.cancelled);
            i.put("QuantityShipped", item.shipped);
            i.put("IsBuyerRequestedCancel", item.buyerCancel);
        }
        summary.put("NumberOfItemsShipped", shipped);
        summary.put("NumberOfItemsUnshipped", unshipped);
        ObjectNode metadata = root.putObject("NotificationMetadata");
        metadata.put("ApplicationId", CLIENT_ID);
        metadata.put("SubscriptionId", "subscription-simulator");
        metadata.put("PublishTime", now.toString());
        metadata.put("NotificationId", UUID.randomUUID().toString());
        return root;
    }
}
