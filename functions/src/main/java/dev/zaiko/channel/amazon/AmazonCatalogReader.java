package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.channel.CatalogItem;
import dev.zaiko.domain.channel.CatalogReader;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The seller's listings through Listings Items 2021-08-01 {@code searchListingsItems}
 * ({@code GET /listings/2021-08-01/items/{sellerId}}, 20 per page with {@code pageToken}; usage
 * plan 5/s, burst 5): seller SKU (the item key and the code), title, the MFN quantity, and the JAN
 * where the listing carries one.
 *
 * <p>MEDIUM CONFIDENCE: that JAN arrives as {@code attributes.externally_assigned_product_identifier}
 * with {@code type} "ean" (JAN is an EAN-13) for listings created with one; listings that only
 * reference an existing ASIN usually carry none, and are then linkable by code only.
 */
final class AmazonCatalogReader implements CatalogReader {
    static final int PAGE_SIZE = 20;
    static final double RATE = 5;
    static final int BURST = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String sellerId;
    private final String marketplaceId;
    private final SpApiClient client;
    private final SpApiClient.Operation search;

    AmazonCatalogReader(String sellerId, String marketplaceId, SpApiClient client) {
        this.sellerId = sellerId;
        this.marketplaceId = marketplaceId;
        this.client = client;
        this.search = client.operation("searchListingsItems", RATE, BURST);
    }

    @Override
    public List<CatalogItem> items() {
        List<CatalogItem> items = new ArrayList<>();
        String token = null;
        do {
            String path = AmazonApi.LISTINGS_ITEMS_PATH + AmazonStockSink.encodePath(sellerId)
                    + "?marketplaceIds=" + AmazonStockSink.encodeQuery(marketplaceId)
                    + "&includedData=summaries,attributes,fulfillmentAvailability&pageSize=" + PAGE_SIZE
                    + (token == null ? "" : "&pageToken=" + AmazonStockSink.encodeQuery(token));
            JsonNode page;
            try {
                page = JSON.readTree(client.get(search, path).body());
            } catch (IOException e) {
                throw new ChannelException(PushStatus.RETRY, "MALFORMED", "searchListingsItems answered non-JSON",
                        Optional.empty());
            }
            for (JsonNode item : page.path("items")) {
                String sku = item.path("sku").asText("");
                if (sku.isEmpty()) {
                    continue;
                }
                items.add(new CatalogItem(sku, Optional.of(sku), jan(item), title(item), mfnQuantity(item)));
            }
            JsonNode next = page.path("pagination").path("nextToken");
            token = next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
        } while (token != null);
        return items;
    }

    private static Optional<String> jan(JsonNode item) {
        for (JsonNode id : item.path("attributes").path("externally_assigned_product_identifier")) {
            String type = id.path("type").asText("");
            if (type.equalsIgnoreCase("ean") || type.equalsIgnoreCase("jan")) {
                return Optional.of(id.path("value").asText(""));
            }
        }
        return Optional.empty();
    }

    private static String title(JsonNode item) {
        for (JsonNode summary : item.path("summaries")) {
            if (summary.path("itemName").isTextual()) {
                return summary.path("itemName").asText();
            }
        }
        return "";
    }

    private static OptionalLong mfnQuantity(JsonNode item) {
        for (JsonNode availability : item.path("fulfillmentAvailability")) {
            if (AmazonApi.MFN_CHANNEL_CODE.equals(availability.path("fulfillmentChannelCode").asText())) {
                return OptionalLong.of(availability.path("quantity").asLong(0));
            }
        }
        return OptionalLong.empty();
    }
}
