package dev.zaiko.channel.yahoo;

import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockSink;
import dev.zaiko.domain.channel.StockUpdate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Absolute quantities through {@code setStock} (POST form: {@code seller_id}, {@code item_code} comma
 * list of at most 1000, variants {@code item_code:sub_code}, {@code quantity} in the same order as plain
 * numbers, which Yahoo reads as absolute; 1 req/s).
 *
 * <p>Only those three fields are sent: {@code allow_overdraft} (the 購入可能数を超えた注文 setting) and
 * anything else setStock would overwrite stay as the seller set them. Unknown codes are accepted
 * silently by Yahoo, which is why {@link YahooStockReader} exists.
 */
final class YahooStockSink implements StockSink {
    private final YahooApi api;

    YahooStockSink(YahooApi api) {
        this.api = api;
    }

    @Override
    public int maxBatchSize() {
        return YahooApi.MAX_STOCK_ITEMS;
    }

    @Override
    public List<PushResult> write(List<StockUpdate> updates) {
        PushResult[] results = new PushResult[updates.size()];
        Map<String, Pending> byKey = new LinkedHashMap<>();
        for (int i = 0; i < updates.size(); i++) {
            StockUpdate update = updates.get(i);
            Optional<YahooItemKey> key = YahooItemKey.parse(update.itemKey());
            if (key.isEmpty()) {
                results[i] = PushResult.rejected(update.itemKey(), "INVALID_ITEM_KEY",
                        "not a Yahoo item key (" + YahooItemKey.describeFormat() + ")");
                continue;
            }
            // One entry per code: a later update for the same code carries the newer absolute value.
            Pending previous = byKey.get(key.get().wire());
            List<Integer> indexes = previous == null ? new ArrayList<>() : previous.indexes();
            indexes.add(i);
            byKey.put(key.get().wire(), new Pending(key.get().wire(), update.quantity(), indexes));
        }
        List<Pending> pending = new ArrayList<>(byKey.values());
        Optional<ChannelException> stop = Optional.empty();
        for (int start = 0; start < pending.size(); start += YahooApi.MAX_STOCK_ITEMS) {
            List<Pending> chunk = pending.subList(start, Math.min(pending.size(), start + YahooApi.MAX_STOCK_ITEMS));
            if (stop.isPresent()) {
                fail(chunk, stop.get(), updates, results);
                continue;
            }
            stop = send(chunk, updates, results);
        }
        return List.of(results);
    }

    private record Pending(String code, long quantity, List<Integer> indexes) {
    }

    private Optional<ChannelException> send(List<Pending> chunk, List<StockUpdate> updates, PushResult[] results) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("seller_id", api.sellerId);
        form.put("item_code", String.join(",", chunk.stream().map(Pending::code).toList()));
        form.put("quantity", String.join(",", chunk.stream().map(p -> Long.toString(p.quantity())).toList()));
        String xml;
        try {
            xml = api.postForm(YahooApi.SET_STOCK, form, "Yahoo setStock");
        } catch (ChannelException e) {
            fail(chunk, e, updates, results);
            return e.kind() == PushStatus.REJECTED ? Optional.empty() : Optional.of(e);
        }
        Map<String, YahooStockResults.ItemResult> byKey = new LinkedHashMap<>();
        for (YahooStockResults.ItemResult result : YahooStockResults.read(xml, "Yahoo setStock")) {
            byKey.putIfAbsent(result.key(), result);
        }
        for (Pending item : chunk) {
            YahooStockResults.ItemResult result = byKey.get(item.code());
            for (int i : item.indexes()) {
                String itemKey = updates.get(i).itemKey();
                if (result == null) {
                    // Do not claim success for an item Yahoo did not answer for; the next push repeats it.
                    results[i] = PushResult.retry(itemKey, "NO_RESULT", "Yahoo setStock answered nothing for "
                            + item.code(), Optional.empty());
                } else if (result.ok()) {
                    results[i] = PushResult.ok(itemKey);
                } else {
                    results[i] = PushResult.rejected(itemKey, result.code(), result.message());
                }
            }
        }
        return Optional.empty();
    }

    private static void fail(List<Pending> items, ChannelException e, List<StockUpdate> updates, PushResult[] results) {
        for (Pending item : items) {
            for (int i : item.indexes()) {
                results[i] = new PushResult(updates.get(i).itemKey(), e.kind(), e.mallCode(), e.getMessage(),
                        e.retryAfter());
            }
        }
    }
}
