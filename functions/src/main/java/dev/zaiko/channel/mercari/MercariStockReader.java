package dev.zaiko.channel.mercari;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.channel.support.GraphQlCaller;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.StockReader;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** What Mercari shows: {@code productVariant(by:{skuCode})}, one call per key; unknown skuCodes are absent. */
final class MercariStockReader implements StockReader {
    private final ObjectMapper json;
    private final GraphQlCaller graphQl;

    MercariStockReader(ObjectMapper json, GraphQlCaller graphQl) {
        this.json = json;
        this.graphQl = graphQl;
    }

    @Override
    public Map<String, Long> shownQuantities(Collection<String> itemKeys) {
        Map<String, Long> shown = new LinkedHashMap<>();
        for (String skuCode : itemKeys) {
            ObjectNode variables = json.createObjectNode();
            variables.putObject("by").put("skuCode", skuCode);
            try {
                JsonNode variant = graphQl.call("productVariant", MercariApi.PRODUCT_VARIANT, variables)
                        .data().path("productVariant");
                if (variant.path("stockQuantity").canConvertToLong()) {
                    shown.put(skuCode, variant.get("stockQuantity").asLong());
                }
            } catch (ChannelException e) {
                if (!MercariApi.NOT_FOUND_CODES.contains(e.mallCode())) {
                    throw e;
                }
            }
        }
        return shown;
    }
}
