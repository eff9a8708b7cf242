package dev.zaiko.channel.makeshop;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Absolute stock quantities: {@code updateProductQuantity} for simple products (item key = systemCode)
 * and {@code updateVariationQuantity} for variations (item key = {@code systemCode:variationCustomCode}).
 * Only the codes and the quantity are sent, so price, name and display settings stay as the seller set
 * them. Each item's result keeps makeshop's own code and message. Input and result shapes are
 * UNCONFIRMED and live in {@link MakeshopApi}.
 */
final class MakeshopStockSink implements StockSink {
    private final ObjectMapper json;
    private final GraphQlCaller graphQl;

    MakeshopStockSink(ObjectMapper json, GraphQlCaller graphQl) {
        this.json = json;
        this.graphQl = graphQl;
    }

    @Override
    public int maxBatchSize() {
        return MakeshopApi.MAX_ITEMS_PER_CALL;
    }

    @Override
    public List<PushResult> write(List<StockUpdate> updates) {
        Map<Integer, PushResult> results = new HashMap<>();
        List<Integer> simple = new ArrayList<>();
        List<Integer> variations = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            (MakeshopItemKey.parse(updates.get(i).itemKey()).variationCode().isPresent() ? variations : simple).add(i);
        }
        for (int start = 0; start < simple.size(); start += MakeshopApi.MAX_ITEMS_PER_CALL) {
            send("updateProductQuantity", MakeshopApi.UPDATE_PRODUCT_QUANTITY, "products", updates,
                    simple.subList(start, Math.min(simple.size(), start + MakeshopApi.MAX_ITEMS_PER_CALL)), results);
        }
        for (int start = 0; start < variations.size(); start += MakeshopApi.MAX_ITEMS_PER_CALL) {
            send("updateVariationQuantity", MakeshopApi.UPDATE_VARIATION_QUANTITY, "variations", updates,
                    variations.subList(start, Math.min(variations.size(), start + MakeshopApi.MAX_ITEMS_PER_CALL)), results);
        }
        List<PushResult> ordered = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            ordered.add(results.get(i));
        }
        return ordered;
    }

    private void send(String operation, String query, String listField, List<StockUpdate> updates,
                      List<Integer> indexes, Map<Integer, PushResult> results) {
        ObjectNode variables = json.createObjectNode();
        ArrayNode list = variables.putObject("input").putArray(listField);
        for (int index : indexes) {
            StockUpdate update = updates.get(index);
            list.add(MakeshopApi.quantityInput(json, MakeshopItemKey.parse(update.itemKey()), update.quantity()));
        }
        JsonNode answers;
        try {
            answers = graphQl.call(operation, query, variables).data().path(operation).path("results");
        } catch (ChannelException e) {
            for (int index : indexes) {
                results.put(index, failed(updates.get(index).itemKey(), e));
            }
            return;
        }
        Map<String, JsonNode> byKey = new HashMap<>();
        for (JsonNode answer : answers) {
            byKey.put(MakeshopItemKey.of(answer.path("systemCode").asText(""),
                    answer.path("variationCustomCode").isValueNode() ? answer.get("variationCustomCode").asText() : null), answer);
        }
        for (int index : indexes) {
            String itemKey = updates.get(index).itemKey();
            JsonNode answer = byKey.get(MakeshopItemKey.parse(itemKey).asString());
            if (answer == null) {
                results.put(index, PushResult.retry(itemKey, "UNCONFIRMED",
                        "makeshop " + operation + " returned no result for " + itemKey, Optional.empty()));
            } else if (MakeshopApi.RESULT_OK.equals(answer.path("status").asText())) {
                results.put(index, PushResult.ok(itemKey));
            } else {
                String code = answer.path("errorCode").asText(answer.path("status").asText("ERROR"));
                String message = answer.path("errorMessage").asText("");
                results.put(index, switch (MakeshopApi.GRAPHQL.classify(code)) {
                    case AUTH -> PushResult.auth(itemKey, code, message);
                    case RETRY -> PushResult.retry(itemKey, code, message, Optional.empty());
                    default -> PushResult.rejected(itemKey, code, message);
                });
            }
        }
    }

    private static PushResult failed(String itemKey, ChannelException e) {
        return switch (e.kind()) {
            case AUTH -> PushResult.auth(itemKey, e.mallCode(), e.getMessage());
            case REJECTED -> PushResult.rejected(itemKey, e.mallCode(), e.getMessage());
            default -> new PushResult(itemKey, PushStatus.RETRY, e.mallCode(), e.getMessage(), e.retryAfter());
        };
    }
}
