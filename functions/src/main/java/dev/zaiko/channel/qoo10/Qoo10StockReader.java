package dev.zaiko.channel.qoo10;

import dev.zaiko.domain.channel.StockReader;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Qoo10's shown quantity (GetItemDetailInfo's ItemQty), one call per item. Option (variant) keys
 * are absent: their stock lives in the option list, which this adapter does not read.
 */
final class Qoo10StockReader implements StockReader {
    private final Qoo10Items items;

    Qoo10StockReader(Qoo10Items items) {
        this.items = items;
    }

    @Override
    public Map<String, Long> shownQuantities(Collection<String> itemKeys) {
        Map<String, Long> shown = new LinkedHashMap<>();
        for (String key : itemKeys) {
            if (Qoo10Rows.isOptionKey(key)) {
                continue;
            }
            items.lookup(key).detail().flatMap(Qoo10Items.Detail::quantity).ifPresent(q -> shown.put(key, q));
        }
        return shown;
    }
}
