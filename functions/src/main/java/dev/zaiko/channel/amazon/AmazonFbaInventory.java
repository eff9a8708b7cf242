package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.FbaInventory;
import dev.zaiko.domain.channel.PushStatus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The FBA pool, read only: FBA Inventory {@code getInventorySummaries} at marketplace granularity
 * with details, all pages (a nextToken expires in about 30 s, so pages follow each other at once,
 * within the 2/s usage plan). Amazon owns these units; nothing here is ever pushed.
 */
public final class AmazonFbaInventory implements FbaInventory {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One seller SKU in Amazon's fulfilment centres. */
    public record FbaStock(String sellerSku, String asin, String fnSku, long fulfillable, long total) {
    }

    private final String marketplaceId;
    private final SpApiClient client;
    private final SpApiClient.Operation summaries;

    AmazonFbaInventory(String marketplaceId, SpApiClient client) {
        this.marketplaceId = marketplaceId;
        this.client = client;
        this.summaries = client.operation("getInventorySummaries", AmazonApi.FBA_SUMMARIES_RATE,
                AmazonApi.FBA_SUMMARIES_BURST);
    }

    /** Fulfillable (sellable) quantity per seller SKU. */
    @Override
    public Map<String, Long> fulfillableQuantities() {
        Map<String, Long> bySku = new LinkedHashMap<>();
        for (FbaStock stock : summaries()) {
            bySku.put(stock.sellerSku(), stock.fulfillable());
        }
        return bySku;
    }

    /** FBA_INVENTORY_AVAILABILITY_CHANGES, for this channel's marketplace. */
    @Override
    public Optional<Count> countIn(String notificationBody) {
        return AmazonFbaInventoryChangeParser.parse(notificationBody, marketplaceId);
    }

    public List<FbaStock> summaries() {
        List<FbaStock> all = new ArrayList<>();
        Optional<String> next = Optional.empty();
        do {
            StringBuilder path = new StringBuilder(AmazonApi.FBA_SUMMARIES_PATH)
                    .append("?details=true&granularityType=Marketplace")
                    .append("&granularityId=").append(AmazonStockSink.encodeQuery(marketplaceId))
                    .append("&marketplaceIds=").append(AmazonStockSink.encodeQuery(marketplaceId));
            next.ifPresent(token -> path.append("&nextToken=").append(AmazonStockSink.encodeQuery(token)));
            JsonNode root;
            try {
                root = JSON.readTree(client.get(summaries, path.toString()).body());
            } catch (IOException e) {
                throw new ChannelException(PushStatus.RETRY, "MALFORMED", "getInventorySummaries answered non-JSON",
                        Optional.empty());
            }
            JsonNode list = root.path("payload").path("inventorySummaries");
            if (!list.isArray()) {
                throw new IllegalArgumentException("getInventorySummaries answer has no payload.inventorySummaries");
            }
            for (JsonNode summary : list) {
                String sku = summary.path("sellerSku").asText("");
                if (sku.isBlank()) {
                    throw new IllegalArgumentException("getInventorySummaries: an inventory summary has no sellerSku");
                }
                JsonNode fulfillable = summary.path("inventoryDetails").path("fulfillableQuantity");
                if (!fulfillable.canConvertToLong() || fulfillable.asLong() < 0) {
                    throw new IllegalArgumentException("getInventorySummaries: " + sku
                            + " has no inventoryDetails.fulfillableQuantity (details=true)");
                }
                all.add(new FbaStock(sku, summary.path("asin").asText(""), summary.path("fnSku").asText(""),
                        fulfillable.asLong(), summary.path("totalQuantity").asLong(0)));
            }
            next = Optional.ofNullable(root.path("pagination").path("nextToken").textValue()).filter(t -> !t.isBlank());
        } while (next.isPresent());
        return all;
    }
}
