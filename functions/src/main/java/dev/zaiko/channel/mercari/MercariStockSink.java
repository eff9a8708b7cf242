package dev.zaiko.channel.mercari;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.channel.support.GraphQlCaller;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockSink;
import dev.zaiko.domain.channel.StockUpdate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Absolute stock quantities through {@code updateProductVariants}, at most 20 variants per call. The
 * item key is the variant's {@code skuCode} (the seller's own code on Mercari; unique per shop).
 * Only {@code skuCode} and {@code stockQuantity} are sent ({@code inputs: [{by, input}]}), so price,
 * name and every other variant field stay as the seller set them. Mercari shows at most 9999: more
 * stock is written as 9999.
 *
 * <p>A variant Mercari refuses is REJECTED with Mercari's code and message; if Mercari rolled the whole
 * batch back because of it, the other variants are sent once more without it.
 */
final class MercariStockSink implements StockSink {
    private final ObjectMapper json;
    private final GraphQlCaller graphQl;

    MercariStockSink(ObjectMapper json, GraphQlCaller graphQl) {
        this.json = json;
        this.graphQl = graphQl;
    }

    @Override
    public int maxBatchSize() {
        return MercariApi.MAX_VARIANTS_PER_CALL;
    }

    @Override
    public List<PushResult> write(List<StockUpdate> updates) {
        Map<StockUpdate, PushResult> results = new LinkedHashMap<>();
        for (int start = 0; start < updates.size(); start += MercariApi.MAX_VARIANTS_PER_CALL) {
            List<StockUpdate> chunk = updates.subList(start, Math.min(updates.size(), start + MercariApi.MAX_VARIANTS_PER_CALL));
            results.putAll(writeChunk(chunk, true));
        }
        List<PushResult> ordered = new ArrayList<>(updates.size());
        for (StockUpdate update : updates) {
            ordered.add(results.get(update));
        }
        return ordered;
    }

    private Map<StockUpdate, PushResult> writeChunk(List<StockUpdate> chunk, boolean mayResend) {
        Map<StockUpdate, PushResult> results = new HashMap<>();
        ObjectNode variables = json.createObjectNode();
        ArrayNode variants = variables.putArray("inputs");
        for (StockUpdate update : chunk) {
            variants.add(MercariApi.variantInput(json, update.itemKey(), update.quantity()));
        }
        GraphQlCaller.Response response;
        try {
            response = graphQl.call("updateProductVariants", MercariApi.UPDATE_VARIANTS, variables);
        } catch (ChannelException e) {
            for (StockUpdate update : chunk) {
                results.put(update, asResult(update.itemKey(), e));
            }
            return results;
        }
        Map<String, Long> confirmed = new HashMap<>();
        for (JsonNode variant : response.data().path("updateProductVariants").path("productVariants")) {
            confirmed.put(variant.path("skuCode").asText(), variant.path("stockQuantity").asLong(-1));
        }
        Map<Integer, GraphQlCaller.Error> errorByIndex = new HashMap<>();
        Map<String, GraphQlCaller.Error> errorBySku = new HashMap<>();
        for (GraphQlCaller.Error error : response.errors()) {
            if (error.itemIndex() >= 0) {
                errorByIndex.put(error.itemIndex(), error);
            }
            if (error.extensions().hasNonNull("skuCode")) {
                errorBySku.put(error.extensions().get("skuCode").asText(), error);
            }
        }
        List<StockUpdate> unconfirmed = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            StockUpdate update = chunk.get(i);
            GraphQlCaller.Error error = errorByIndex.getOrDefault(i, errorBySku.get(update.itemKey()));
            if (error != null) {
                results.put(update, asResult(update.itemKey(), error));
            } else if (confirmed.containsKey(update.itemKey()) && confirmed.get(update.itemKey()) == MercariApi.shownStock(update.quantity())) {
                results.put(update, PushResult.ok(update.itemKey()));
            } else {
                unconfirmed.add(update);
            }
        }
        if (!unconfirmed.isEmpty()) {
            if (mayResend && !results.isEmpty()) {
                // The batch was refused as a whole because of the items above: send the rest alone once.
                results.putAll(writeChunk(unconfirmed, false));
            } else {
                for (StockUpdate update : unconfirmed) {
                    results.put(update, PushResult.retry(update.itemKey(), "UNCONFIRMED",
                            "Mercari did not confirm stockQuantity " + MercariApi.shownStock(update.quantity()) + " for " + update.itemKey(),
                            Optional.empty()));
                }
            }
        }
        return results;
    }

    private static PushResult asResult(String itemKey, GraphQlCaller.Error error) {
        return switch (error.kind()) {
            case AUTH -> PushResult.auth(itemKey, error.code(), error.message());
            case RETRY -> PushResult.retry(itemKey, error.code(), error.message(), Optional.empty());
            default -> PushResult.rejected(itemKey, error.code(), error.message());
        };
    }

    private static PushResult asResult(String itemKey, ChannelException e) {
        return switch (e.kind()) {
            case AUTH -> PushResult.auth(itemKey, e.mallCode(), e.getMessage());
            case REJECTED -> PushResult.rejected(itemKey, e.mallCode(), e.getMessage());
            default -> new PushResult(itemKey, PushStatus.RETRY, e.mallCode(), e.getMessage(), e.retryAfter());
        };
    }
}
