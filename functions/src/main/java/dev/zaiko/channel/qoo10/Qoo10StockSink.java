package dev.zaiko.channel.qoo10;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockSink;
import dev.zaiko.domain.channel.StockUpdate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Absolute quantities through {@code ItemsOrder.SetGoodsPriceQtyBulk} (at most 500 lines a call;
 * ResultCode -1 = some lines failed). Each line must carry the item's Price, and an empty
 * ExpireDate makes Qoo10 extend the listing by a year, so every item's current Price, ExpireDate
 * and TaxRate are READ first (GetItemDetailInfo) and sent back unchanged: the write touches only
 * the quantity. That read costs one call per item at the conservative rate, which is why the
 * batch the pusher hands us is smaller than Qoo10's 500.
 *
 * <p>Option (variant) items, key {@code <ItemCode>:<OptionCode>}, go through {@link Qoo10Options}:
 * one option's quantity at a time with ItemsOptions.UpdateInventoryQtyUnit, never EditGoodsInventory
 * (which would replace the whole option list).
 */
final class Qoo10StockSink implements StockSink {
    static final String METHOD = "ItemsOrder.SetGoodsPriceQtyBulk";
    /** Qoo10's limit per SetGoodsPriceQtyBulk call (ResultCode -2 above it). */
    static final int BULK_LIMIT = 500;

    private final Qoo10Client client;
    private final Qoo10Items items;
    private final int batchSize;
    private final Qoo10Options options;

    Qoo10StockSink(Qoo10Client client, Qoo10Items items, int batchSize) {
        if (batchSize < 1 || batchSize > BULK_LIMIT) {
            throw new IllegalArgumentException("qoo10 batch size must be 1.." + BULK_LIMIT + " (got " + batchSize + ")");
        }
        this.client = client;
        this.items = items;
        this.batchSize = batchSize;
        this.options = new Qoo10Options(client, Qoo10Assumptions.UNCONFIRMED);
    }

    @Override
    public int maxBatchSize() {
        return batchSize;
    }

    private record Line(int index, StockUpdate update, Qoo10Items.Detail detail) {
    }

    @Override
    public List<PushResult> write(List<StockUpdate> updates) {
        if (updates.size() > batchSize) {
            throw new IllegalArgumentException("qoo10 takes at most " + batchSize + " items per write (got "
                    + updates.size() + ")");
        }
        PushResult[] results = new PushResult[updates.size()];
        try {
            List<Line> lines = new ArrayList<>();
            List<Integer> optionIndexes = new ArrayList<>();
            for (int i = 0; i < updates.size(); i++) {
                StockUpdate update = updates.get(i);
                String key = update.itemKey();
                if (Qoo10Rows.isOptionKey(key)) {
                    optionIndexes.add(i);
                    continue;
                }
                Qoo10Items.Lookup lookup = items.lookup(key);
                if (lookup.detail().isEmpty()) {
                    results[i] = PushResult.rejected(key, String.valueOf(lookup.code()),
                            "qoo10 " + Qoo10Items.METHOD + ": " + lookup.message());
                    continue;
                }
                Qoo10Items.Detail detail = lookup.detail().get();
                if (detail.price().isEmpty() || detail.expireDate().isEmpty()) {
                    // sending them blank would change the price or extend the listing by a year
                    results[i] = PushResult.rejected(key, "NO_PRICE_OR_EXPIRY", "qoo10 item " + key
                            + " has no ItemPrice or ExpireDate to preserve; not written");
                    continue;
                }
                lines.add(new Line(i, update, detail));
            }
            for (int start = 0; start < lines.size(); start += BULK_LIMIT) {
                writeChunk(lines.subList(start, Math.min(lines.size(), start + BULK_LIMIT)), results);
            }
            Map<String, Map<String, Qoo10Options.Row>> optionRows = new HashMap<>();
            for (int index : optionIndexes) {
                results[index] = options.write(updates.get(index), optionRows);
            }
        } catch (ChannelException e) {
            for (int i = 0; i < results.length; i++) {
                if (results[i] == null) {
                    results[i] = new PushResult(updates.get(i).itemKey(), e.kind(), e.mallCode(), e.getMessage(),
                            e.retryAfter());
                }
            }
        }
        return Arrays.asList(results);
    }

    private void writeChunk(List<Line> chunk, PushResult[] results) {
        ArrayNode array = client.json().createArrayNode();
        for (Line line : chunk) {
            ObjectNode item = array.addObject();
            item.put("ItemCode", line.update().itemKey());
            item.put("SellerCode", "");
            item.put("Price", line.detail().price());
            item.put("Qty", String.valueOf(line.update().quantity()));
            item.put("ExpireDate", line.detail().expireDate());
            if (!line.detail().taxRate().isEmpty()) {
                item.put("TaxRate", line.detail().taxRate());
            }
        }
        Qoo10Client.Envelope envelope = client.call(METHOD, Map.of("ItemInfoJson", array.toString()));
        int code = envelope.resultCode();
        if (code == Qoo10Errors.SUCCESS) {
            chunk.forEach(line -> results[line.index()] = PushResult.ok(line.update().itemKey()));
            return;
        }
        if (code != Qoo10Errors.PARTIAL_SUCCESS) {
            PushStatus status = envelope.status();
            if (status != PushStatus.REJECTED) {
                throw envelope.failure(METHOD);
            }
            chunk.forEach(line -> results[line.index()] = PushResult.rejected(line.update().itemKey(),
                    String.valueOf(code), "qoo10 " + METHOD + ": " + envelope.resultMsg()));
            return;
        }
        partial(chunk, envelope, results);
    }

    /** ResultCode -1: each line's own result, matched by item code, else by position. */
    private void partial(List<Line> chunk, Qoo10Client.Envelope envelope, PushResult[] results) {
        Qoo10Assumptions wire = Qoo10Assumptions.UNCONFIRMED;
        List<JsonNode> rows = Qoo10Rows.rows(envelope.resultObject());
        Map<String, JsonNode> byItem = new HashMap<>();
        for (JsonNode row : rows) {
            String item = Qoo10Rows.text(row, wire.bulkLineItemKeys().toArray(String[]::new));
            if (!item.isEmpty()) {
                byItem.put(item, row);
            }
        }
        for (int i = 0; i < chunk.size(); i++) {
            Line line = chunk.get(i);
            String key = line.update().itemKey();
            JsonNode row = byItem.get(key);
            if (row == null && rows.size() == chunk.size()) {
                row = rows.get(i);
            }
            if (row == null) {
                // Qoo10 said some lines failed without saying which: writing the same absolute
                // quantity again is harmless, so ask for a retry rather than guess
                results[line.index()] = PushResult.retry(key, "-1", "qoo10 " + METHOD
                        + " reported a partial failure without this line's result: " + envelope.resultMsg(),
                        Optional.empty());
                continue;
            }
            String codeText = Qoo10Rows.text(row, wire.bulkLineCodeKeys().toArray(String[]::new));
            String message = Qoo10Rows.text(row, wire.bulkLineMessageKeys().toArray(String[]::new));
            int lineCode;
            try {
                lineCode = codeText.isEmpty() ? Qoo10Errors.PARTIAL_SUCCESS : Integer.parseInt(codeText);
            } catch (NumberFormatException e) {
                lineCode = Qoo10Errors.PARTIAL_SUCCESS;
            }
            PushStatus status = Qoo10Errors.classify(lineCode);
            results[line.index()] = status == PushStatus.OK ? PushResult.ok(key)
                    : new PushResult(key, status, String.valueOf(lineCode), "qoo10 " + METHOD + ": "
                    + (message.isEmpty() ? envelope.resultMsg() : message), Optional.empty());
        }
    }
}
