package dev.zaiko.channel.makeshop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.channel.support.GraphQlCaller;
import dev.zaiko.domain.channel.StockReader;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What makeshop shows, through {@code searchProductQuantity} (shape UNCONFIRMED); unknown keys are absent. */
final class MakeshopStockReader implements StockReader {
    private final ObjectMapper json;
    private final GraphQlCaller graphQl;

    MakeshopStockReader(ObjectMapper json, GraphQlCaller graphQl) {
        this.json = json;
        this.graphQl = graphQl;
    }

    @Override
    public Map<String, Long> shownQuantities(Collection<String> itemKeys) {
        Set<String> wanted = new LinkedHashSet<>(itemKeys);
        List<String> systemCodes = wanted.stream().map(k -> MakeshopItemKey.parse(k).systemCode()).distinct().toList();
        Map<String, Long> found = new LinkedHashMap<>();
        for (int start = 0; start < systemCodes.size(); start += MakeshopApi.MAX_ITEMS_PER_CALL) {
            ObjectNode variables = json.createObjectNode();
            ArrayNode codes = variables.putObject("input").putArray("systemCodes");
            systemCodes.subList(start, Math.min(systemCodes.size(), start + MakeshopApi.MAX_ITEMS_PER_CALL)).forEach(codes::add);
            JsonNode products = graphQl.call("searchProductQuantity", MakeshopApi.SEARCH_PRODUCT_QUANTITY, variables)
                    .data().path("searchProductQuantity").path("products");
            for (JsonNode product : products) {
                String systemCode = product.path("systemCode").asText("");
                if (product.path("quantity").canConvertToLong()) {
                    found.put(systemCode, product.get("quantity").asLong());
                }
                for (JsonNode variation : product.path("variations")) {
                    if (variation.path("quantity").canConvertToLong()) {
                        found.put(MakeshopItemKey.of(systemCode, variation.path("variationCustomCode").asText("")),
                                variation.get("quantity").asLong());
                    }
                }
            }
        }
        Map<String, Long> shown = new LinkedHashMap<>();
        for (String key : wanted) {
            Long quantity = found.get(MakeshopItemKey.parse(key).asString());
            if (quantity != null) {
                shown.put(key, quantity);
            }
        }
        return shown;
    }
}
