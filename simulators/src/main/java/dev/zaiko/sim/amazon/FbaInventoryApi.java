package dev.zaiko.sim.amazon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.zaiko.sim.amazon.SpApiState.*;

import static dev.zaiko.sim.amazon.AmazonSimulator.*;

/** FBA Inventory v1 {@code getInventorySummaries}: the FBA pool, paged with nextToken. */
final class FbaInventoryApi extends SpApiSection {
    FbaInventoryApi(AmazonSimulator sim, SpApiState s) {
        super(sim, s);
    }

    SimResponse getInventorySummaries(SimRequest request) {
        Map<String, String> q = request.query();
        if (!"Marketplace".equals(q.get("granularityType")) || !MARKETPLACE_ID.equals(q.get("granularityId"))
                || !Arrays.asList(q.getOrDefault("marketplaceIds", "").split(",")).contains(MARKETPLACE_ID)) {
            return invalidInput("granularityType=Marketplace, granularityId and marketplaceIds are required.");
        }
        String signature = signature(q, Set.of("nextToken"));
        Cursor cursor;
        if (q.containsKey("nextToken")) {
            cursor = s.fbaCursors.remove(q.get("nextToken"));
            if (cursor == null || !cursor.signature().equals(signature)) {
                return invalidInput("The nextToken is invalid or has expired.");
            }
        } else {
            synchronized (s) {
                cursor = new Cursor(signature, List.copyOf(s.fba.keySet()), 0);
            }
        }
        boolean details = "true".equals(q.get("details"));
        List<String> page = cursor.keys().subList(cursor.offset(),
                Math.min(cursor.keys().size(), cursor.offset() + s.fbaPageSize));
        ObjectNode body = json.createObjectNode();
        ObjectNode payload = body.putObject("payload");
        payload.putObject("granularity").put("granularityType", "Marketplace").put("granularityId", MARKETPLACE_ID);
        ArrayNode list = payload.putArray("inventorySummaries");
        synchronized (s) {
            for (String sku : page) {
                FbaItem item = s.fba.get(sku);
                ObjectNode summary = list.addObject();
                summary.put("asin", item.asin);
                summary.put("fnSku", item.fnSku);
                summary.put("sellerSku", sku);
                summary.put("condition", "NewItem");
                summary.put("lastUpdatedTime", item.updated.toString());
                summary.put("productName", "Simulated item " + sku);
                summary.put("totalQuantity", item.fulfillable);
                if (details) {
                    ObjectNode d = summary.putObject("inventoryDetails");
                    d.put("fulfillableQuantity", item.fulfillable);
                    d.put("inboundWorkingQuantity", 0);
                    d.put("inboundShippedQuantity", 0);
                    d.put("inboundReceivingQuantity", 0);
                    d.putObject("reservedQuantity").put("totalReservedQuantity", 0)
                            .put("pendingCustomerOrderQuantity", 0).put("pendingTransshipmentQuantity", 0)
                            .put("fcProcessingQuantity", 0);
                }
            }
        }
        int nextOffset = cursor.offset() + page.size();
        if (nextOffset < cursor.keys().size()) {
            String next = UUID.randomUUID().toString();
            s.fbaCursors.put(next, new Cursor(signature, cursor.keys(), nextOffset));
            body.putObject("pagination").put("nextToken", next);
        }
        return ok(body, "2.0");
    }
}
