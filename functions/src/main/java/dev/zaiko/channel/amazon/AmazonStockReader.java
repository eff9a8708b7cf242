package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockReader;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The MFN quantity a listing shows: {@code getListingsItem} with
 * {@code includedData=fulfillmentAvailability}, the {@code DEFAULT} channel's quantity. A SKU
 * Amazon does not know (404), or one sold only through FBA (no DEFAULT entry), is left out.
 */
public final class AmazonStockReader implements StockReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String sellerId;
    private final String marketplaceId;
    private final SpApiClient client;
    private final SpApiClient.Operation getListingsItem;

    AmazonStockReader(String sellerId, String marketplaceId, SpApiClient client) {
        this.sellerId = sellerId;
        this.marketplaceId = marketplaceId;
        this.client = client;
        this.getListingsItem = client.operation("getListingsItem", AmazonApi.GET_LISTINGS_RATE,
                AmazonApi.GET_LISTINGS_BURST);
    }

    @Override
    public Map<String, Long> shownQuantities(Collection<String> itemKeys) {
        Map<String, Long> shown = new LinkedHashMap<>();
        for (String sku : itemKeys) {
            shownQuantity(sku).ifPresent(quantity -> shown.put(sku, quantity));
        }
        return shown;
    }

    public Optional<Long> shownQuantity(String sku) {
        String path = AmazonApi.LISTINGS_ITEMS_PATH + AmazonStockSink.encodePath(sellerId) + "/"
                + AmazonStockSink.encodePath(sku) + "?marketplaceIds=" + AmazonStockSink.encodeQuery(marketplaceId)
                + "&includedData=fulfillmentAvailability";
        String body;
        try {
            body = client.get(getListingsItem, path).body();
        } catch (SpApiException e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            if (e.kind() == PushStatus.REJECTED) {
                throw new ChannelException(PushStatus.RETRY, e.mallCode(), e.getMessage(), Optional.empty());
            }
            throw e;
        }
        JsonNode item;
        try {
            item = JSON.readTree(body);
        } catch (IOException e) {
            throw new ChannelException(PushStatus.RETRY, "MALFORMED", "getListingsItem " + sku + " answered non-JSON",
                    Optional.empty());
        }
        for (JsonNode availability : item.path("fulfillmentAvailability")) {
            if (AmazonApi.MFN_CHANNEL_CODE.equals(availability.path("fulfillmentChannelCode").asText())) {
                // quantity is optional in the model; a DEFAULT entry without it shows nothing for sale.
                return Optional.of(availability.path("quantity").asLong(0));
            }
        }
        return Optional.empty();
    }
}
