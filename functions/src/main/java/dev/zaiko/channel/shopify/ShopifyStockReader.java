package dev.zaiko.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.channel.StockReader;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code available} quantity Shopify shows, per {@code <inventoryItem>@<location>} key: one
 * {@code nodes(ids:)} query per location and per {@link ShopifyApi#NODES_PER_QUERY} items. Keys that are
 * not of that form, unknown items and items not stocked at the location are absent.
 */
final class ShopifyStockReader implements StockReader {
    private final ShopifyGraphql graphql;

    ShopifyStockReader(ShopifyGraphql graphql) {
        this.graphql = graphql;
    }

    @Override
    public Map<String, Long> shownQuantities(Collection<String> itemKeys) {
        Map<String, Map<String, List<String>>> byLocation = new LinkedHashMap<>();
        for (String key : itemKeys) {
            ShopifyItemKey.parse(key).ifPresent(parsed -> byLocation
                    .computeIfAbsent(parsed.locationId(), l -> new LinkedHashMap<>())
                    .computeIfAbsent(parsed.inventoryItemId(), i -> new ArrayList<>()).add(key));
        }
        Map<String, Long> shown = new HashMap<>();
        byLocation.forEach((location, keysByItem) -> {
            List<String> items = new ArrayList<>(keysByItem.keySet());
            for (int start = 0; start < items.size(); start += ShopifyApi.NODES_PER_QUERY) {
                List<String> chunk = items.subList(start, Math.min(items.size(), start + ShopifyApi.NODES_PER_QUERY));
                read(location, chunk).forEach((item, quantity) ->
                        keysByItem.getOrDefault(item, List.of()).forEach(key -> shown.put(key, quantity)));
            }
        });
        return shown;
    }

    private Map<String, Long> read(String location, List<String> inventoryItemIds) {
        ObjectNode variables = graphql.json().createObjectNode();
        ArrayNode ids = variables.putArray("ids");
        inventoryItemIds.forEach(id -> ids.add(ShopifyIds.gid("InventoryItem", id)));
        variables.put("locationId", ShopifyIds.gid("Location", location));
        JsonNode data = graphql.execute(ShopifyApi.OP_INVENTORY_LEVELS, ShopifyApi.INVENTORY_LEVELS, variables,
                ShopifyApi.NODES_COST);
        Map<String, Long> quantities = new HashMap<>();
        for (JsonNode node : data.path("nodes")) {
            if (node == null || node.isNull()) {
                continue; // unknown id: Shopify answers null in its place
            }
            String item = ShopifyIds.numeric(node.path("id").asText(""), "InventoryItem").orElse(null);
            JsonNode level = node.path("inventoryLevel");
            if (item == null || !level.isObject()) {
                continue; // not stocked at this location
            }
            for (JsonNode quantity : level.path("quantities")) {
                if ("available".equals(quantity.path("name").asText()) && quantity.path("quantity").canConvertToLong()) {
                    quantities.put(item, quantity.path("quantity").asLong());
                }
            }
        }
        return quantities;
    }
}
