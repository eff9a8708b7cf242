package dev.zaiko.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Variant -> inventory item. Webhook line items carry {@code variant_id} but not the inventory
 * item our listing keys use; a variant's inventory item never changes, so answers are cached for
 * the life of the container.
 */
interface ShopifyVariantItems {
    /** Inventory item numeric id per variant numeric id; unknown variants are absent. */
    Map<String, String> inventoryItems(Collection<String> variantIds);

    /** Asks Shopify ({@code nodes(ids:)} on ProductVariant), remembering what it said. */
    final class Cached implements ShopifyVariantItems {
        private final ShopifyGraphql graphql;
        private final Map<String, String> cache = new ConcurrentHashMap<>();

        Cached(ShopifyGraphql graphql) {
            this.graphql = graphql;
        }

        @Override
        public Map<String, String> inventoryItems(Collection<String> variantIds) {
            List<String> missing = variantIds.stream().distinct().filter(v -> !cache.containsKey(v)).toList();
            for (int start = 0; start < missing.size(); start += ShopifyApi.NODES_PER_QUERY) {
                List<String> chunk = missing.subList(start, Math.min(missing.size(), start + ShopifyApi.NODES_PER_QUERY));
                ObjectNode variables = graphql.json().createObjectNode();
                ArrayNode ids = variables.putArray("ids");
                chunk.forEach(v -> ids.add(ShopifyIds.gid("ProductVariant", v)));
                JsonNode data = graphql.execute(ShopifyApi.OP_VARIANT_ITEMS, ShopifyApi.VARIANT_ITEMS, variables,
                        ShopifyApi.NODES_COST);
                for (JsonNode node : data.path("nodes")) {
                    String variant = ShopifyIds.numeric(node.path("id").asText(""), "ProductVariant").orElse(null);
                    String item = ShopifyIds.numeric(node.path("inventoryItem").path("id").asText(""), "InventoryItem")
                            .orElse(null);
                    if (variant != null && item != null) {
                        cache.put(variant, item);
                    }
                }
            }
            Map<String, String> found = new HashMap<>();
            for (String variant : new ArrayList<>(variantIds)) {
                String item = cache.get(variant);
                if (item != null) {
                    found.put(variant, item);
                }
            }
            return found;
        }
    }
}
