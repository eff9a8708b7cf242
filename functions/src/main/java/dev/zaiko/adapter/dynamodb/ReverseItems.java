package dev.zaiko.adapter.dynamodb;

import dev.zaiko.domain.LineState;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.schema.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one-shot backfill of the ledger's reverse items (see {@link DynamoDbStockLedger}) on a table
 * deployed before they existed: its listings have no {@code SKU#} items and its UNMAPPED lines no
 * {@code UNMAPPED#} items, and the strongly consistent reads would miss them.
 *
 * <p>Chosen over a fallback read of the old index (which would keep an eventually consistent read
 * on the hot path for good) and over an admin command (which an operator can forget): the first
 * {@link DynamoDbStockLedger#listingsContaining} or {@link DynamoDbStockLedger#unmappedLinesOf} of
 * each container reads one marker item {@code (REVERSE-ITEMS, BACKFILLED)} strongly; when it is
 * absent, that container writes every missing reverse item, then the marker, then answers. Cost on
 * a table that has the marker: one GetItem per adapter instance, once. The backfill itself scans the
 * listings table once and pages the UNMAPPED lines of the {@code byAttention} index: for a seller's
 * few thousand listings, a few seconds and well under a dollar of on-demand writes, once.
 *
 * <p>It is idempotent and exact under concurrent mapping changes and concurrent backfills: each
 * reverse item is put in a transaction with a condition check on what it mirrors (the listing's
 * component item still exists; the line is still UNMAPPED), so a mapping changed or a line applied
 * since the scan is skipped (its own transaction wrote or removed its reverse item), and two
 * containers backfilling at once put the same items.
 *
 * <p>Limit, by design: writes by the PREVIOUS release still in flight after the marker is written (a
 * function of the old version finishing a mapping or an UNMAPPED line during the rollout) have no
 * reverse items. To cover them, delete the marker after the rollout:
 * {@code aws dynamodb delete-item --table-name <listings table> --key
 * '{"listingKey":{"S":"REVERSE-ITEMS"},"entry":{"S":"BACKFILLED"}}'}; the next use backfills again.
 */
final class ReverseItems {
    /** No listing key can be this (channel ids are lower case, and it has no '#'). */
    static final String MARKER_PARTITION = "REVERSE-ITEMS";
    static final String MARKER_ENTRY = "BACKFILLED";
    /** 50 pairs (condition check + put) fill one TransactWriteItems of 100 items. */
    static final int PAIRS_PER_TRANSACTION = 50;
    /** Attempts per transaction while other writers conflict with it (TransactionConflict, throttling). */
    static final int MAX_ATTEMPTS = 8;

    /** What one backfill wrote: reverse items of listings' SKUs and of UNMAPPED lines. */
    record Backfill(int skuItems, int unmappedItems) {
    }

    private final DynamoDbClient dynamo;
    private final TableNames tables;
    private final Clock clock;
    private volatile boolean ready;

    ReverseItems(DynamoDbClient dynamo, TableNames tables, Clock clock) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.clock = clock;
    }

    static Map<String, AttributeValue> markerKey() {
        return Map.of("listingKey", Attr.s(MARKER_PARTITION), "entry", Attr.s(MARKER_ENTRY));
    }

    /** Backfills once if the table has no marker yet; afterwards free. */
    void ensureBackfilled() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            Map<String, AttributeValue> marker = dynamo.getItem(r -> r.tableName(tables.listings())
                    .key(markerKey()).consistentRead(true)).item();
            if (marker == null || marker.isEmpty()) {
                Backfill done = backfill();
                dynamo.putItem(r -> r.tableName(tables.listings()).item(Map.of(
                        "listingKey", Attr.s(MARKER_PARTITION),
                        "entry", Attr.s(MARKER_ENTRY),
                        "skuItems", Attr.n(done.skuItems()),
                        "unmappedItems", Attr.n(done.unmappedItems()),
                        "at", Attr.s(clock.instant().toString()))));
            }
            ready = true;
        }
    }

    /** Writes every missing reverse item (idempotent); what it wrote. */
    Backfill backfill() {
        List<TransactWriteItem[]> skuPairs = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse response = dynamo.scan(r -> r.tableName(tables.listings())
                    .projectionExpression("listingKey, entry")
                    .filterExpression("begins_with(entry, :c)")
                    .expressionAttributeValues(Map.of(":c", Attr.s(DynamoDbStockLedger.COMPONENT_PREFIX)))
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : response.items()) {
                String listing = Attr.string(item, "listingKey");
                String entry = Attr.string(item, "entry");
                String sku = entry.substring(DynamoDbStockLedger.COMPONENT_PREFIX.length());
                skuPairs.add(new TransactWriteItem[]{
                        TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                                .tableName(tables.listings())
                                .key(Map.of("listingKey", Attr.s(listing), "entry", Attr.s(entry)))
                                .conditionExpression("attribute_exists(listingKey)").build()).build(),
                        TransactWriteItem.builder().put(Put.builder().tableName(tables.listings())
                                .item(DynamoDbStockLedger.skuReverseItem(sku, ListingKey.parse(listing)))
                                .build()).build()});
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);

        // Lines UNMAPPED since before the reverse items: the index is old enough to show them, and
        // the condition check skips any that left UNMAPPED since.
        List<TransactWriteItem[]> linePairs = new ArrayList<>();
        start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse response = dynamo.query(r -> r.tableName(tables.orderLines())
                    .indexName(Tables.ORDER_LINES_BY_ATTENTION)
                    .keyConditionExpression("attention = :a")
                    .projectionExpression("lineKey, channelId, itemKey")
                    .expressionAttributeValues(Map.of(":a", Attr.s(LineState.UNMAPPED.name())))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : response.items()) {
                String lineKey = Attr.string(item, "lineKey");
                ListingKey listing = new ListingKey(Attr.string(item, "channelId"), Attr.string(item, "itemKey"));
                linePairs.add(new TransactWriteItem[]{
                        TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                                .tableName(tables.orderLines())
                                .key(Map.of("lineKey", Attr.s(lineKey)))
                                .conditionExpression("#s = :u")
                                .expressionAttributeNames(Map.of("#s", "state"))
                                .expressionAttributeValues(Map.of(":u", Attr.s(LineState.UNMAPPED.name())))
                                .build()).build(),
                        TransactWriteItem.builder().put(Put.builder().tableName(tables.listings())
                                .item(DynamoDbStockLedger.unmappedReverseKey(listing, lineKey)).build()).build()});
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);

        return new Backfill(writeAll(skuPairs), writeAll(linePairs));
    }

    /** Writes the pairs 50 to a transaction; how many puts landed (pairs whose check failed are skipped). */
    private int writeAll(List<TransactWriteItem[]> pairs) {
        int written = 0;
        for (int from = 0; from < pairs.size(); from += PAIRS_PER_TRANSACTION) {
            written += writeConditionally(pairs.subList(from, Math.min(pairs.size(), from + PAIRS_PER_TRANSACTION)));
        }
        return written;
    }

    private int writeConditionally(List<TransactWriteItem[]> pairs) {
        List<TransactWriteItem[]> pending = new ArrayList<>(pairs);
        int attempt = 0;
        while (!pending.isEmpty()) {
            List<TransactWriteItem> items = new ArrayList<>();
            pending.forEach(pair -> items.addAll(List.of(pair)));
            try {
                dynamo.transactWriteItems(r -> r.transactItems(items));
                return pending.size();
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                List<TransactWriteItem[]> next = new ArrayList<>();
                boolean transientConflict = reasons.isEmpty();
                for (int i = 0; i < pending.size(); i++) {
                    String check = code(reasons, 2 * i);
                    String put = code(reasons, 2 * i + 1);
                    if (check.equals("ConditionalCheckFailed")) {
                        continue; // changed since the read: its own transaction took care of its reverse item
                    }
                    for (String code : List.of(check, put)) {
                        switch (code) {
                            case "None" -> {
                            }
                            case "TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded" ->
                                    transientConflict = true;
                            default -> throw new IllegalStateException("reverse item backfill refused (" + code
                                    + "): " + e.getMessage(), e);
                        }
                    }
                    next.add(pending.get(i));
                }
                pending = next;
                if (transientConflict) {
                    if (++attempt >= MAX_ATTEMPTS) {
                        throw new IllegalStateException("reverse item backfill gave up after " + attempt
                                + " conflicting attempts; the next use tries again", e);
                    }
                    pause(attempt);
                }
            }
        }
        return 0;
    }

    private static String code(List<CancellationReason> reasons, int index) {
        if (index >= reasons.size() || reasons.get(index).code() == null) {
            return "None";
        }
        return reasons.get(index).code();
    }

    /** Jittered, growing pause between attempts that conflicted with another writer (another backfill). */
    private static void pause(int attempt) {
        long ceiling = Math.min(1_000, 25L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backfilling reverse items", interrupted);
        }
    }
}
