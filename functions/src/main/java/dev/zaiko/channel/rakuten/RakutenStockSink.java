package dev.zaiko.channel.rakuten;

import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockSink;
import dev.zaiko.domain.channel.StockUpdate;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Absolute quantities through Inventory API 2.0 {@code POST /es/2.0/inventories/bulk-upsert}
 * (1-400 SKUs, mode ABSOLUTE, 1 req/s, 204 on success).
 *
 * <p>The 2.0 body carries only {@code manageNumber, variantId, mode, quantity}: the 2.1 fields
 * {@code operationLeadTime} and {@code shipFromIds} are never sent, so a stock write cannot reset the
 * seller's lead times or ship-from settings.
 *
 * <p>A 400 names the bad items as {@code inventories[i]}; Rakuten then applies nothing of that request.
 * Those items are REJECTED with Rakuten's code and message and the rest is sent again (absolute
 * quantities, so re-sending is harmless even if Rakuten had applied part of it). An AUTH or RETRY
 * failure stops the write: the remaining items get the same answer without another call.
 */
final class RakutenStockSink implements StockSink {
    private final RakutenApi api;

    RakutenStockSink(RakutenApi api) {
        this.api = api;
    }

    @Override
    public int maxBatchSize() {
        return RakutenApi.MAX_UPSERT;
    }

    @Override
    public List<PushResult> write(List<StockUpdate> updates) {
        PushResult[] results = new PushResult[updates.size()];
        // One entry per SKU: a later update for the same SKU wins (it carries the newer absolute value).
        Map<String, Pending> bySku = new LinkedHashMap<>();
        for (int i = 0; i < updates.size(); i++) {
            StockUpdate update = updates.get(i);
            Optional<RakutenItemKey> key = RakutenItemKey.parse(update.itemKey());
            if (key.isEmpty()) {
                results[i] = PushResult.rejected(update.itemKey(), "INVALID_ITEM_KEY",
                        "not a Rakuten SKU key (" + RakutenItemKey.describeFormat() + ")");
                continue;
            }
            // Rakuten's maximum; showing less than we hold is safe, failing the write is not.
            long quantity = Math.min(update.quantity(), RakutenApi.MAX_QUANTITY);
            Pending previous = bySku.get(key.get().canonical());
            List<Integer> indexes = previous == null ? new ArrayList<>() : previous.indexes();
            indexes.add(i);
            bySku.put(key.get().canonical(), new Pending(key.get(), quantity, indexes));
        }
        List<Pending> pending = new ArrayList<>(bySku.values());
        Optional<ChannelException> stop = Optional.empty();
        for (int start = 0; start < pending.size(); start += RakutenApi.MAX_UPSERT) {
            List<Pending> chunk = pending.subList(start, Math.min(pending.size(), start + RakutenApi.MAX_UPSERT));
            if (stop.isPresent()) {
                fail(chunk, stop.get(), updates, results);
                continue;
            }
            stop = sendChunk(new ArrayList<>(chunk), updates, results);
        }
        return List.of(results);
    }

    private record Pending(RakutenItemKey key, long quantity, List<Integer> indexes) {
    }

    /** Sends one chunk until every item has an answer; returns the failure that should stop the write. */
    private Optional<ChannelException> sendChunk(List<Pending> chunk, List<StockUpdate> updates, PushResult[] results) {
        List<Pending> toSend = chunk;
        while (!toSend.isEmpty()) {
            HttpResponse<String> response;
            try {
                response = api.postJsonAllowingBadRequest(RakutenApi.BULK_UPSERT, body(toSend), api.upsertBucket,
                        "Rakuten inventories bulk-upsert");
            } catch (ChannelException e) {
                fail(toSend, e, updates, results);
                return e.kind() == PushStatus.REJECTED ? Optional.empty() : Optional.of(e);
            }
            if (response.statusCode() != 400) {
                for (Pending item : toSend) {
                    item.indexes().forEach(i -> results[i] = PushResult.ok(updates.get(i).itemKey()));
                }
                return Optional.empty();
            }
            List<RakutenErrors.MallError> errors = RakutenErrors.parse(response.body());
            Map<Integer, RakutenErrors.MallError> byIndex = new LinkedHashMap<>();
            for (RakutenErrors.MallError error : errors) {
                OptionalInt index = error.inventoryIndex();
                if (index.isPresent() && index.getAsInt() < toSend.size()) {
                    byIndex.putIfAbsent(index.getAsInt(), error);
                }
            }
            if (byIndex.isEmpty()) {
                // A 400 that names no item: the request as a whole is wrong; resending would not help.
                ChannelException whole = RakutenErrors.classify("Rakuten inventories bulk-upsert", 400,
                        response.body(), Optional.empty());
                fail(toSend, whole, updates, results);
                return whole.kind() == PushStatus.AUTH ? Optional.of(whole) : Optional.empty();
            }
            List<Pending> retry = new ArrayList<>();
            for (int i = 0; i < toSend.size(); i++) {
                RakutenErrors.MallError error = byIndex.get(i);
                Pending item = toSend.get(i);
                if (error == null) {
                    retry.add(item);
                } else {
                    item.indexes().forEach(u -> results[u] = PushResult.rejected(updates.get(u).itemKey(),
                            error.code(), error.message()));
                }
            }
            toSend = retry;
        }
        return Optional.empty();
    }

    private static Map<String, Object> body(List<Pending> items) {
        List<Map<String, Object>> inventories = new ArrayList<>();
        for (Pending item : items) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("manageNumber", item.key().manageNumber());
            entry.put("variantId", item.key().variantId());
            entry.put("mode", "ABSOLUTE");
            entry.put("quantity", item.quantity());
            inventories.add(entry);
        }
        return Map.of("inventories", inventories);
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
