package dev.zaiko.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.channel.CatalogItem;
import dev.zaiko.domain.channel.CatalogReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every product variant of the store ({@code productVariants}, 100 per page): its SKU, barcode
 * (JAN) and inventory item, keyed {@code <inventoryItem>@<location>} at the channel's location.
 * Needs the {@code read_products} scope the adapter already asks for.
 */
final class ShopifyCatalogReader implements CatalogReader {
    static final String OPERATION = "ZaikoCatalog";
    static final int PAGE_SIZE = 100;
    static final String QUERY = """
            query ZaikoCatalog($first: Int!, $after: String) {
              productVariants(first: $first, after: $after) {
                pageInfo { hasNextPage endCursor }
                nodes { id sku barcode displayName inventoryItem { id } }
              }
            }""";

    private final ShopifyGraphql graphql;
    private final String locationId;

    ShopifyCatalogReader(ShopifyGraphql graphql, String locationId) {
        this.graphql = graphql;
        this.locationId = locationId;
    }

    @Override
    public List<CatalogItem> items() {
        List<CatalogItem> items = new ArrayList<>();
        String after = null;
        do {
            ObjectNode variables = graphql.json().createObjectNode();
            variables.put("first", PAGE_SIZE);
            if (after == null) {
                variables.putNull("after");
            } else {
                variables.put("after", after);
            }
            JsonNode connection = graphql.execute(OPERATION, QUERY, variables, 2 + PAGE_SIZE * 2)
                    .path("productVariants");
            for (JsonNode node : connection.path("nodes")) {
                Optional<String> item = ShopifyIds.numeric(node.path("inventoryItem").path("id").asText(""),
                        "InventoryItem");
                if (item.isEmpty()) {
                    continue; // a variant without an inventory item is not stocked: nothing to link
                }
                items.add(new CatalogItem(new ShopifyItemKey(item.get(), locationId).key(),
                        text(node, "sku"), text(node, "barcode"), node.path("displayName").asText(""),
                        OptionalLong.empty()));
            }
            JsonNode pageInfo = connection.path("pageInfo");
            after = pageInfo.path("hasNextPage").asBoolean(false) && pageInfo.path("endCursor").isTextual()
                    ? pageInfo.path("endCursor").asText() : null;
        } while (after != null);
        return items;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
