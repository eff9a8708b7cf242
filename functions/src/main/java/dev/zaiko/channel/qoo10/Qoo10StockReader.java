package dev.zaiko.channel.qoo10;

import dev.zaiko.domain.channel.StockReader;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Qoo10's shown quantity. A plain item: GetItemDetailInfo's ItemQty, one call per item. An option
 * (variant) key {@code <ItemCode>:<OptionCode>}: the {@code Qty} of that option's row in
 * {@code ItemsLookup.GetGoodsInventoryInfo}, read once per item however many of its options are asked
 * for, the same rows the option write uses ({@link Qoo10Options}; that a row's {@code ItemTypeCode}
 * is the order's OptionCode is UNCONFIRMED, see {@link Qoo10Assumptions#optionCodeKeys()}). Keys Qoo10
 * does not know, and options whose row shows no whole-number Qty, are absent.
 */
final class Qoo10StockReader implements StockReader {
    private final Qoo10Items items;
    private final Qoo10Options options;

    Qoo10StockReader(Qoo10Items items, Qoo10Options options) {
        this.items = items;
        this.options = options;
    }

    @Override
    public Map<String, Long> shownQuantities(Collection<String> itemKeys) {
        Map<String, Long> shown = new LinkedHashMap<>();
        Map<String, Map<String, Qoo10Options.Row>> optionRows = new HashMap<>();
        for (String key : itemKeys) {
            if (Qoo10Rows.isOptionKey(key)) {
                int colon = key.indexOf(':');
                Qoo10Options.Row row = optionRows.computeIfAbsent(key.substring(0, colon), options::rows)
                        .get(key.substring(colon + 1));
                if (row != null) {
                    row.quantity().ifPresent(q -> shown.put(key, q));
                }
                continue;
            }
            items.lookup(key).detail().flatMap(Qoo10Items.Detail::quantity).ifPresent(q -> shown.put(key, q));
        }
        return shown;
    }
}
