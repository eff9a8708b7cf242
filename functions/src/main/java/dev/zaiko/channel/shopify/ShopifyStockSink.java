package dev.zaiko.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockSink;
import dev.zaiko.domain.channel.StockUpdate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Absolute {@code available} quantities through {@code inventorySetQuantities}, up to 250 per call,
 * each with {@code changeFromQuantity} = what we pushed last (null when unknown: opts out of the
 * compare). When Shopify says CHANGE_FROM_QUANTITY_STALE, someone changed the number behind us (a
 * seller in the admin, a POS sale, another app): we re-read it, write ours once more against it,
 * and say so in the result's code and message (the ledger is the truth; the report shows the drift).
 *
 * <p>Per-entry userErrors ({@code field: ["input","quantities","<i>",...]}) make that entry
 * REJECTED (or RETRY for transient codes). We treat the mutation as all-or-nothing, so entries
 * without an error are sent again once without the refused ones (see {@link ShopifyApi}).
 */
final class ShopifyStockSink implements StockSink {
    static final String STALE = "CHANGE_FROM_QUANTITY_STALE";
    /**
     * 2026-04 schema: "This request is currently in progress, please try again." An earlier send
     * with the same key (our transport retry after a lost answer) is still running: RETRY, and the
     * next push, with the current ledger number, settles it.
     */
    static final String CONCURRENT = "IDEMPOTENCY_CONCURRENT_REQUEST";
    /**
     * 2026-04 schema: "The same idempotency key cannot be used with different operation
     * parameters." We draw a fresh key for every distinct request, so this means the key, not our
     * numbers, was refused (a collision or a bug): send once more with a fresh key; if Shopify
     * refuses that too, RETRY (the next push draws another key) rather than REJECTED, which would
     * leave the listing unconverged until its stock changes again.
     */
    static final String KEY_MISMATCH = "IDEMPOTENCY_KEY_PARAMETER_MISMATCH";
    private static final Set<String> TRANSIENT_CODES = Set.of(CONCURRENT, KEY_MISMATCH, "SERVICE_UNAVAILABLE");

    private final ShopifyGraphql graphql;
    private final ShopifyStockReader reader;
    private final String referenceDocumentUri;
    private final Supplier<UUID> idempotencyKeys;

    ShopifyStockSink(ShopifyGraphql graphql, ShopifyStockReader reader, String channelId,
                     Supplier<UUID> idempotencyKeys) {
        this.graphql = graphql;
        this.reader = reader;
        this.referenceDocumentUri = "zaiko-sync://stock-push/" + channelId;
        this.idempotencyKeys = idempotencyKeys;
    }

    @Override
    public int maxBatchSize() {
        return ShopifyApi.MAX_INPUT_ARRAY;
    }

    /** One entry of the mutation, remembering where its result goes. */
    private record Entry(int index, String itemKey, ShopifyItemKey key, long quantity, Long changeFrom, String note) {
        Entry against(long current, String why) {
            return new Entry(index, itemKey, key, quantity, current, why);
        }
    }

    @Override
    public List<PushResult> write(List<StockUpdate> updates) {
        if (updates.size() > maxBatchSize()) {
            throw new IllegalArgumentException("at most " + maxBatchSize() + " updates per call (got " + updates.size() + ")");
        }
        PushResult[] results = new PushResult[updates.size()];
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < updates.size(); i++) {
            StockUpdate update = updates.get(i);
            Optional<ShopifyItemKey> key = ShopifyItemKey.parse(update.itemKey());
            if (key.isEmpty()) {
                results[i] = PushResult.rejected(update.itemKey(), "INVALID_ITEM_KEY",
                        "not a Shopify item key <inventoryItemId>@<locationId>");
            } else if (!seen.add(key.get().key())) {
                // Shopify refuses a batch naming one item twice (NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR).
                results[i] = PushResult.rejected(update.itemKey(), "DUPLICATE_IN_BATCH",
                        "the same item appears earlier in this batch; only the first was written");
            } else {
                Long changeFrom = update.lastPushed().isPresent() ? update.lastPushed().getAsLong() : null;
                entries.add(new Entry(i, update.itemKey(), key.get(), update.quantity(), changeFrom, null));
            }
        }
        if (!entries.isEmpty()) {
            send(entries, results, true, true);
        }
        return List.of(results);
    }

    private void send(List<Entry> entries, PushResult[] results, boolean mayResend, boolean mayRecheckStale) {
        JsonNode payload;
        try {
            payload = graphql.execute(ShopifyApi.OP_SET_AVAILABLE,
                    ShopifyApi.setAvailable(idempotencyKeys.get().toString()), variables(entries),
                    ShopifyApi.MUTATION_COST).path("inventorySetQuantities");
        } catch (ChannelException e) {
            for (Entry entry : entries) {
                results[entry.index()] = new PushResult(entry.itemKey(), e.kind(), e.mallCode(), e.getMessage(),
                        e.retryAfter());
            }
            return;
        }
        JsonNode userErrors = payload.path("userErrors");
        if (userErrors.isEmpty()) {
            entries.forEach(entry -> results[entry.index()] = ok(entry));
            return;
        }
        Map<Integer, JsonNode> byPosition = new HashMap<>();
        List<JsonNode> general = new ArrayList<>();
        for (JsonNode error : userErrors) {
            int position = position(error.path("field"));
            if (position >= 0 && position < entries.size()) {
                byPosition.putIfAbsent(position, error);
            } else {
                general.add(error);
            }
        }
        if (byPosition.isEmpty()) {
            JsonNode error = general.get(0);
            String code = error.path("code").asText("USER_ERROR");
            if (KEY_MISMATCH.equals(code) && mayResend) {
                send(entries, results, false, mayRecheckStale); // send() draws a fresh key
                return;
            }
            PushStatus status = TRANSIENT_CODES.contains(code) ? PushStatus.RETRY : PushStatus.REJECTED;
            for (Entry entry : entries) {
                results[entry.index()] = new PushResult(entry.itemKey(), status, code,
                        error.path("message").asText(""), Optional.empty());
            }
            return;
        }
        List<Entry> innocent = new ArrayList<>();
        List<Entry> stale = new ArrayList<>();
        for (int position = 0; position < entries.size(); position++) {
            Entry entry = entries.get(position);
            JsonNode error = byPosition.get(position);
            if (error == null) {
                innocent.add(entry);
                continue;
            }
            String code = error.path("code").asText("USER_ERROR");
            String message = error.path("message").asText("");
            if (STALE.equals(code) && mayRecheckStale) {
                stale.add(entry);
            } else if (STALE.equals(code) || TRANSIENT_CODES.contains(code)) {
                results[entry.index()] = PushResult.retry(entry.itemKey(), code,
                        STALE.equals(code) ? "Shopify's quantity changed again while we re-read it: " + message
                                : message, Optional.empty());
            } else {
                results[entry.index()] = PushResult.rejected(entry.itemKey(), code, message);
            }
        }
        if (!innocent.isEmpty()) {
            if (mayResend) {
                send(innocent, results, false, mayRecheckStale);
            } else {
                innocent.forEach(entry -> results[entry.index()] = PushResult.retry(entry.itemKey(), "NOT_APPLIED",
                        "not written: another entry of the same call was refused", Optional.empty()));
            }
        }
        if (!stale.isEmpty()) {
            recheck(stale, results);
        }
    }

    /** Shopify's number moved behind us: read it, then write ours against it, once. */
    private void recheck(List<Entry> stale, PushResult[] results) {
        Map<String, Long> shown;
        try {
            shown = reader.shownQuantities(stale.stream().map(e -> e.key().key()).toList());
        } catch (ChannelException e) {
            for (Entry entry : stale) {
                results[entry.index()] = new PushResult(entry.itemKey(), e.kind(), STALE,
                        "Shopify's quantity changed behind us and could not be re-read: " + e.getMessage(),
                        e.retryAfter());
            }
            return;
        }
        List<Entry> again = new ArrayList<>();
        for (Entry entry : stale) {
            Long current = shown.get(entry.key().key());
            String expected = entry.changeFrom() == null ? "unknown" : String.valueOf(entry.changeFrom());
            if (current == null) {
                results[entry.index()] = PushResult.rejected(entry.itemKey(), STALE,
                        "Shopify's quantity changed behind us and the item is no longer stocked at the location");
                continue;
            }
            String drift = "mall changed behind us: expected " + expected + ", found " + current + "; ";
            if (current < entry.quantity()) {
                // Lower than ours: maybe a sale we have not ingested yet; raising it could sell that unit twice.
                results[entry.index()] = PushResult.mallBelowLedger(entry.itemKey(), current, entry.quantity());
                continue;
            }
            if (current == entry.quantity()) {
                results[entry.index()] = new PushResult(entry.itemKey(), PushStatus.OK, STALE,
                        drift + "already " + entry.quantity() + ", nothing written", Optional.empty());
            } else {
                again.add(entry.against(current, drift + "overwritten with " + entry.quantity()));
            }
        }
        if (!again.isEmpty()) {
            send(again, results, true, false);
        }
    }

    private static PushResult ok(Entry entry) {
        return entry.note() == null ? PushResult.ok(entry.itemKey())
                : new PushResult(entry.itemKey(), PushStatus.OK, STALE, entry.note(), Optional.empty());
    }

    private ObjectNode variables(List<Entry> entries) {
        ObjectNode variables = graphql.json().createObjectNode();
        ObjectNode input = variables.putObject("input");
        input.put("name", "available");
        input.put("reason", "correction");
        input.put("referenceDocumentUri", referenceDocumentUri);
        ArrayNode quantities = input.putArray("quantities");
        for (Entry entry : entries) {
            ObjectNode quantity = quantities.addObject();
            quantity.put("inventoryItemId", entry.key().inventoryItemGid());
            quantity.put("locationId", entry.key().locationGid());
            quantity.put("quantity", entry.quantity());
            // Mandatory from 2026-04: null means "do not compare" and must be sent explicitly.
            if (entry.changeFrom() == null) {
                quantity.putNull("changeFromQuantity");
            } else {
                quantity.put("changeFromQuantity", entry.changeFrom());
            }
        }
        return variables;
    }

    /** The entry a userError points at: field ["input","quantities","3",...] -> 3; else -1. */
    static int position(JsonNode field) {
        if (!field.isArray() || field.size() < 3 || !"quantities".equals(field.get(1).asText())) {
            return -1;
        }
        String index = field.get(2).asText("");
        return index.matches("\\d{1,4}") ? Integer.parseInt(index) : -1;
    }
}
