package dev.zaiko.channel.rakuten;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.domain.channel.StockReader;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Rakuten shows, through {@code POST /es/2.0/inventories/bulk-get} (at most 1000 SKUs per call,
 * 5 req/s). bulk-upsert accepts unknown SKUs silently, so this is how mapped listings are validated:
 * a key Rakuten does not know is simply absent from the answer (and so from the result here). Keys
 * are matched back in Rakuten's spelling (manageNumber lower-cased), so the caller's own spelling is
 * what the result is keyed by.
 */
final class RakutenStockReader implements StockReader {
    private final RakutenApi api;

    RakutenStockReader(RakutenApi api) {
        this.api = api;
    }

    @Override
    public Map<String, Long> shownQuantities(Collection<String> itemKeys) {
        // Rakuten spelling -> the caller's spellings of it.
        Map<String, List<String>> asked = new LinkedHashMap<>();
        Map<String, RakutenItemKey> keys = new LinkedHashMap<>();
        for (String itemKey : itemKeys) {
            Optional<RakutenItemKey> key = RakutenItemKey.parse(itemKey);
            if (key.isEmpty()) {
                continue; // cannot exist on Rakuten: absent, as the port says
            }
            asked.computeIfAbsent(key.get().canonical(), k -> new ArrayList<>()).add(itemKey);
            keys.putIfAbsent(key.get().canonical(), key.get());
        }
        Map<String, Long> shown = new LinkedHashMap<>();
        List<RakutenItemKey> all = new ArrayList<>(keys.values());
        for (int start = 0; start < all.size(); start += RakutenApi.MAX_BULK_GET) {
            List<RakutenItemKey> chunk = all.subList(start, Math.min(all.size(), start + RakutenApi.MAX_BULK_GET));
            List<Map<String, String>> inventories = new ArrayList<>();
            for (RakutenItemKey key : chunk) {
                inventories.add(Map.of("manageNumber", key.manageNumber(), "variantId", key.variantId()));
            }
            JsonNode reply = RakutenApi.readJson(api.postJson(RakutenApi.BULK_GET, Map.of("inventories", inventories),
                    api.bulkGetBucket, "Rakuten inventories bulk-get"), "Rakuten inventories bulk-get");
            for (JsonNode item : reply.path("inventories")) {
                String manageNumber = item.path("manageNumber").asText("");
                String variantId = item.path("variantId").asText("");
                JsonNode quantity = item.get("quantity");
                if (manageNumber.isBlank() || variantId.isBlank() || quantity == null || !quantity.canConvertToLong()) {
                    throw new IllegalArgumentException("Rakuten inventories bulk-get: an item lacks manageNumber, "
                            + "variantId or a numeric quantity (" + manageNumber + ":" + variantId + ")");
                }
                String canonical = new RakutenItemKey(manageNumber, variantId).canonical();
                for (String callerKey : asked.getOrDefault(canonical, List.of())) {
                    shown.put(callerKey, quantity.asLong());
                }
            }
        }
        return shown;
    }
}
