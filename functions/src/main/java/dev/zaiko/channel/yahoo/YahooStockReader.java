package dev.zaiko.channel.yahoo;

import dev.zaiko.domain.channel.StockReader;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Yahoo shows, through {@code getStock} (same form as setStock, at most 1000 codes, 1 req/s).
 * setStock accepts unknown codes silently, so this is how mapped listings are validated: Yahoo answers
 * an unknown code with a bare {@code Status 0} result, which is left out of the result here.
 */
final class YahooStockReader implements StockReader {
    private final YahooApi api;

    YahooStockReader(YahooApi api) {
        this.api = api;
    }

    @Override
    public Map<String, Long> shownQuantities(Collection<String> itemKeys) {
        Map<String, List<String>> asked = new LinkedHashMap<>();
        for (String itemKey : itemKeys) {
            YahooItemKey.parse(itemKey).ifPresent(key ->
                    asked.computeIfAbsent(key.wire(), k -> new ArrayList<>()).add(itemKey));
        }
        List<String> codes = new ArrayList<>(asked.keySet());
        Map<String, Long> shown = new LinkedHashMap<>();
        for (int start = 0; start < codes.size(); start += YahooApi.MAX_STOCK_ITEMS) {
            List<String> chunk = codes.subList(start, Math.min(codes.size(), start + YahooApi.MAX_STOCK_ITEMS));
            Map<String, String> form = new LinkedHashMap<>();
            form.put("seller_id", api.sellerId);
            form.put("item_code", String.join(",", chunk));
            String xml = api.postForm(YahooApi.GET_STOCK, form, "Yahoo getStock");
            for (YahooStockResults.ItemResult result : YahooStockResults.read(xml, "Yahoo getStock")) {
                if (result.ok() && result.quantity().isPresent()) {
                    for (String callerKey : asked.getOrDefault(result.key(), List.of())) {
                        shown.put(callerKey, result.quantity().getAsLong());
                    }
                }
            }
        }
        return shown;
    }
}
