package dev.zaiko.adapter.dynamodb;

import dev.zaiko.domain.ChangeReason;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.port.StockLedger;
import dev.zaiko.schema.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ledger on DynamoDB. {@link #commit} is one {@code TransactWriteItems}: the order line's
 * conditional transition, the conditional stock writes ({@code version = :v AND available >= :take})
 * and their journal entries land together or not at all.
 *
 * <p>Reverse items (issue 15, defects 10 and 13): every read the sync flow acts on is strongly
 * consistent, so the two "which X belong to Y" questions are not asked of a global index. Each
 * listing's SKUs are mirrored as {@code (SKU#<sku>, L#<listingKey>)} items and each UNMAPPED line as
 * {@code (UNMAPPED#<listingKey>, U#<lineKey>)}, both in the listings table and both written in the SAME
 * transaction as the mapping or the line they mirror; {@link #listingsContaining} and
 * {@link #unmappedLinesOf} read them with a {@code ConsistentRead} Query. A table deployed before them
 * is backfilled once, on first use (see {@link ReverseItems}).
 */
public final class DynamoDbStockLedger implements StockLedger {
    static final String META = "META";
    static final String COMPONENT_PREFIX = "C#";
    /** Partition of the reverse items of one SKU: one item per listing that has it as a component. */
    static final String SKU_PARTITION = "SKU#";
    /** Sort key prefix of a reverse item under {@link #SKU_PARTITION}: the listing key follows. */
    static final String LISTING_ENTRY = "L#";
    /** Partition of a listing's UNMAPPED lines: one item per line while it is UNMAPPED. */
    static final String UNMAPPED_PARTITION = "UNMAPPED#";
    /** Sort key prefix of a reverse item under {@link #UNMAPPED_PARTITION}: the line key follows. */
    static final String LINE_ENTRY = "U#";
    /** On a META whose listing was unlinked: the version lives on, the components are gone. */
    static final String UNLINKED = "unlinked";
    /** Closed order lines are kept this long for idempotency, then expire through the table's TTL. */
    static final Duration LINE_RETENTION = Duration.ofDays(120);

    private final DynamoDbClient dynamo;
    private final TableNames tables;
    private final Clock clock;
    private final ReverseItems reverseItems;

    public DynamoDbStockLedger(DynamoDbClient dynamo, TableNames tables, Clock clock) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.clock = clock;
        this.reverseItems = new ReverseItems(dynamo, tables, clock);
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<OrderLine> findLine(String lineKey) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(tables.orderLines())
                .key(Map.of("lineKey", Attr.s(lineKey))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toLine(item));
    }

    @Override
    public Optional<Listing> findListing(ListingKey key) {
        QueryResponse response = dynamo.query(r -> r.tableName(tables.listings())
                .keyConditionExpression("listingKey = :k")
                .expressionAttributeValues(Map.of(":k", Attr.s(key.value())))
                .consistentRead(true));
        Long version = null;
        List<Component> components = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            String entry = Attr.string(item, "entry");
            if (entry.equals(META)) {
                version = Attr.number(item, "version");
            } else if (entry.startsWith(COMPONENT_PREFIX)) {
                components.add(new Component(Attr.string(item, "sku"), (int) Attr.number(item, "units")));
            }
        }
        if (version == null || components.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Listing(key, components, version));
    }

    @Override
    public Map<String, StockLevel> readStock(Collection<String> skus) {
        Map<String, StockLevel> levels = new HashMap<>();
        List<String> all = new ArrayList<>(new LinkedHashSet<>(skus));
        for (int from = 0; from < all.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = all.subList(from, Math.min(all.size(), from + 100)).stream()
                    .map(sku -> Map.of("sku", Attr.s(sku))).toList();
            Map<String, KeysAndAttributes> request = Map.of(tables.stock(),
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (request != null && !request.isEmpty()) {
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(pending));
                response.responses().getOrDefault(tables.stock(), List.of())
                        .forEach(item -> {
                            StockLevel level = toStock(item);
                            levels.put(level.sku(), level);
                        });
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : null;
            }
        }
        return levels;
    }

    /**
     * A {@code ConsistentRead} Query of the SKU's reverse items: a mapping saved a moment ago, in any
     * container, is in the answer (the index {@code bySku} it replaced was eventually consistent).
     */
    @Override
    public List<ListingKey> listingsContaining(String sku) {
        reverseItems.ensureBackfilled();
        List<ListingKey> keys = new ArrayList<>();
        queryPartition(SKU_PARTITION + sku, LISTING_ENTRY,
                item -> keys.add(ListingKey.parse(Attr.string(item, "entry").substring(LISTING_ENTRY.length()))));
        return keys;
    }

    /**
     * A {@code ConsistentRead} Query of the listing's UNMAPPED reverse items, then a consistent
     * BatchGetItem of their lines (the line itself says what to apply). Not the index
     * {@code byAttention}, which may not show a line committed a moment ago.
     */
    @Override
    public List<OrderLine> unmappedLinesOf(ListingKey key, int limit) {
        reverseItems.ensureBackfilled();
        List<String> lineKeys = new ArrayList<>();
        queryPartition(UNMAPPED_PARTITION + key.value(), LINE_ENTRY,
                item -> lineKeys.add(Attr.string(item, "entry").substring(LINE_ENTRY.length())));
        Map<String, OrderLine> found = new HashMap<>();
        for (int from = 0; from < lineKeys.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = lineKeys.subList(from, Math.min(lineKeys.size(), from + 100))
                    .stream().map(lineKey -> Map.of("lineKey", Attr.s(lineKey))).toList();
            Map<String, KeysAndAttributes> request = Map.of(tables.orderLines(),
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (request != null && !request.isEmpty()) {
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(pending));
                response.responses().getOrDefault(tables.orderLines(), List.of()).forEach(item -> {
                    OrderLine line = toLine(item);
                    found.put(line.lineKey(), line);
                });
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : null;
            }
        }
        // The reverse item leaves with the line's UNMAPPED state in one transaction; the state check
        // only keeps a line a reader caught between two of its own requests out of the answer.
        return found.values().stream()
                .filter(line -> line.state() == LineState.UNMAPPED && line.listingKey().equals(key))
                .sorted(java.util.Comparator.comparing(OrderLine::lineKey))
                .limit(limit)
                .toList();
    }

    /** Every item of one partition of the listings table whose entry starts with {@code prefix}, consistently. */
    private void queryPartition(String partition, String prefix,
                                java.util.function.Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse response = dynamo.query(r -> r.tableName(tables.listings())
                    .keyConditionExpression("listingKey = :k AND begins_with(entry, :p)")
                    .expressionAttributeValues(Map.of(":k", Attr.s(partition), ":p", Attr.s(prefix)))
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            response.items().forEach(each);
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /** The reverse item that says listing {@code key} has {@code sku} as a component. */
    static Map<String, AttributeValue> skuReverseKey(String sku, ListingKey key) {
        return Map.of("listingKey", Attr.s(SKU_PARTITION + sku), "entry", Attr.s(LISTING_ENTRY + key.value()));
    }

    /**
     * The whole reverse item of {@link #skuReverseKey}: its key only, nothing else (no {@code sku}
     * attribute, so while a deployed table still has the old index {@code bySku} it never shows there).
     */
    static Map<String, AttributeValue> skuReverseItem(String sku, ListingKey key) {
        return skuReverseKey(sku, key);
    }

    /** The reverse item that says order line {@code lineKey} of listing {@code key} is UNMAPPED. */
    static Map<String, AttributeValue> unmappedReverseKey(ListingKey key, String lineKey) {
        return Map.of("listingKey", Attr.s(UNMAPPED_PARTITION + key.value()), "entry", Attr.s(LINE_ENTRY + lineKey));
    }

    @Override
    public List<OrderLine> linesNeedingAttention(LineState state, int limit) {
        List<OrderLine> lines = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryRequest.Builder query = QueryRequest.builder().tableName(tables.orderLines())
                    .indexName(Tables.ORDER_LINES_BY_ATTENTION)
                    .keyConditionExpression("attention = :a")
                    .expressionAttributeValues(Map.of(":a", Attr.s(state.name())))
                    .exclusiveStartKey(from);
            QueryResponse response = dynamo.query(query.build());
            for (Map<String, AttributeValue> item : response.items()) {
                if (lines.size() >= limit) {
                    return lines;
                }
                lines.add(toLine(item));
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return lines;
    }

    @Override
    public List<JournalEntry> journal(String sku, int limit) {
        QueryResponse response = dynamo.query(r -> r.tableName(tables.journal())
                .keyConditionExpression("sku = :s")
                .expressionAttributeValues(Map.of(":s", Attr.s(sku)))
                .scanIndexForward(false)
                .limit(limit)
                .consistentRead(true));
        return response.items().stream().map(DynamoDbStockLedger::toJournal).toList();
    }

    /** A paged scan; fine for the seller's tools (thousands of items), never used by the sync flow. */
    @Override
    public List<StockLevel> allStock() {
        List<StockLevel> levels = new ArrayList<>();
        scan(tables.stock(), item -> levels.add(toStock(item)));
        levels.sort(java.util.Comparator.comparing(StockLevel::sku));
        return levels;
    }

    @Override
    public List<Listing> allListings() {
        Map<String, Long> versions = new HashMap<>();
        Map<String, List<Component>> components = new HashMap<>();
        scan(tables.listings(), item -> {
            String key = Attr.string(item, "listingKey");
            String entry = Attr.string(item, "entry");
            if (entry.equals(META)) {
                versions.put(key, Attr.number(item, "version"));
            } else if (entry.startsWith(COMPONENT_PREFIX)) {
                components.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new Component(Attr.string(item, "sku"), (int) Attr.number(item, "units")));
            }
        });
        List<Listing> listings = new ArrayList<>();
        new java.util.TreeMap<>(versions).forEach((key, version) -> {
            List<Component> parts = components.get(key);
            if (parts != null && !parts.isEmpty()) {
                parts.sort(java.util.Comparator.comparing(Component::sku));
                listings.add(new Listing(ListingKey.parse(key), parts, version));
            }
        });
        return listings;
    }

    @Override
    public List<OrderLine> allLines() {
        List<OrderLine> lines = new ArrayList<>();
        scan(tables.orderLines(), item -> lines.add(toLine(item)));
        lines.sort(java.util.Comparator.comparing(OrderLine::lineKey));
        return lines;
    }

    private void scan(String table, java.util.function.Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            software.amazon.awssdk.services.dynamodb.model.ScanResponse response = dynamo.scan(r -> r.tableName(table)
                    .consistentRead(true).exclusiveStartKey(from));
            response.items().forEach(each);
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
    }

    // ------------------------------------------------------------------ writes

    @Override
    public Optional<Listing> saveListing(ListingKey key, List<Component> components, long expectedVersion) {
        Optional<Listing> current = findListing(key);
        if (current.map(Listing::version).orElse(0L) != expectedVersion) {
            return Optional.empty();
        }
        // An unlinked listing leaves its META behind with a higher version (see deleteListing), so
        // a mapping cached anywhere before the unlink can never match the new mapping's version.
        long tombstone = expectedVersion == 0 ? unlinkedVersion(key) : 0;
        long version = Math.max(expectedVersion, tombstone) + 1;
        Listing listing = new Listing(key, components, version);
        String now = clock.instant().toString();
        List<TransactWriteItem> items = new ArrayList<>();
        Map<String, AttributeValue> meta = new HashMap<>();
        meta.put("listingKey", Attr.s(key.value()));
        meta.put("entry", Attr.s(META));
        meta.put("channelId", Attr.s(key.channelId()));
        meta.put("itemKey", Attr.s(key.itemKey()));
        meta.put("version", Attr.n(version));
        meta.put("updatedAt", Attr.s(now));
        Put.Builder metaPut = Put.builder().tableName(tables.listings()).item(meta);
        if (expectedVersion == 0 && tombstone > 0) {
            metaPut.conditionExpression("version = :v AND #u = :t").expressionAttributeNames(Map.of("#u", UNLINKED))
                    .expressionAttributeValues(Map.of(":v", Attr.n(tombstone), ":t", AttributeValue.fromBool(true)));
        } else if (expectedVersion == 0) {
            metaPut.conditionExpression("attribute_not_exists(listingKey)");
        } else {
            metaPut.conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", Attr.n(expectedVersion)));
        }
        items.add(TransactWriteItem.builder().put(metaPut.build()).build());
        Set<String> newSkus = new LinkedHashSet<>(listing.skus());
        current.ifPresent(old -> old.skus().stream().filter(sku -> !newSkus.contains(sku)).forEach(sku -> {
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.listings())
                    .key(Map.of("listingKey", Attr.s(key.value()), "entry", Attr.s(COMPONENT_PREFIX + sku)))
                    .build()).build());
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.listings())
                    .key(skuReverseKey(sku, key)).build()).build());
        }));
        for (Component component : components) {
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.listings()).item(Map.of(
                    "listingKey", Attr.s(key.value()),
                    "entry", Attr.s(COMPONENT_PREFIX + component.sku()),
                    "sku", Attr.s(component.sku()),
                    "units", Attr.n(component.units()),
                    "channelId", Attr.s(key.channelId()),
                    "updatedAt", Attr.s(now))).build()).build());
            // In the mapping's own transaction: the next fan-out for this SKU reads it (every SKU is
            // put again, so a listing mapped before the reverse items existed gets its own on change).
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.listings())
                    .item(skuReverseItem(component.sku(), key)).build()).build());
        }
        // META, then per SKU a component and its reverse item, per SKU dropped the same two deletes:
        // at most 1 + 4 x Listing.MAX_COMPONENTS (20) = 81 items, under the 100 of one transaction.
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
            return Optional.of(listing);
        } catch (TransactionCanceledException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean deleteListing(ListingKey key, long expectedVersion) {
        Optional<Listing> current = findListing(key);
        if (current.isEmpty() || current.get().version() != expectedVersion) {
            return false;
        }
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.listings()).item(Map.of(
                        "listingKey", Attr.s(key.value()),
                        "entry", Attr.s(META),
                        "channelId", Attr.s(key.channelId()),
                        "itemKey", Attr.s(key.itemKey()),
                        "version", Attr.n(expectedVersion + 1),
                        UNLINKED, AttributeValue.fromBool(true),
                        "updatedAt", Attr.s(clock.instant().toString())))
                .conditionExpression("version = :v")
                .expressionAttributeValues(Map.of(":v", Attr.n(expectedVersion))).build()).build());
        for (Component component : current.get().components()) {
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.listings())
                    .key(Map.of("listingKey", Attr.s(key.value()), "entry", Attr.s(COMPONENT_PREFIX + component.sku())))
                    .build()).build());
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.listings())
                    .key(skuReverseKey(component.sku(), key)).build()).build());
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    /** The version an unlinked listing's META kept, or 0 when there is none. */
    private long unlinkedVersion(ListingKey key) {
        Map<String, AttributeValue> meta = dynamo.getItem(r -> r.tableName(tables.listings()).consistentRead(true)
                .key(Map.of("listingKey", Attr.s(key.value()), "entry", Attr.s(META)))).item();
        if (meta == null || meta.isEmpty() || meta.get(UNLINKED) == null || !Boolean.TRUE.equals(meta.get(UNLINKED).bool())) {
            return 0;
        }
        return Attr.number(meta, "version");
    }

    /** What each item of a ledger transaction is, to read its cancellation reason. */
    private enum Role { LINE, REVERSE, LISTING, STOCK, STOCK_GUARD, JOURNAL }

    /** TransactWriteItems takes at most 100 items. */
    static final int MAX_TRANSACTION_ITEMS = 100;

    @Override
    public CommitResult commit(LedgerCommit commit) {
        return commitMerged(Merged.of(commit));
    }

    @Override
    public int maxCommitItems() {
        return MAX_TRANSACTION_ITEMS;
    }

    @Override
    public CommitResult commitAll(List<LedgerCommit> commits) {
        Merged merged = Merged.of(commits);
        if (merged.items() > MAX_TRANSACTION_ITEMS) {
            throw new IllegalArgumentException("a ledger transaction of " + merged.items() + " items exceeds "
                    + MAX_TRANSACTION_ITEMS + ": split the lines into several commits");
        }
        return commitMerged(merged);
    }

    private CommitResult commitMerged(Merged commit) {
        List<TransactWriteItem> items = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        List<String> stockSkus = new ArrayList<>();
        Instant now = clock.instant();

        for (LineWrite write : commit.lines()) {
            Put.Builder put = Put.builder().tableName(tables.orderLines()).item(lineItem(write.line(), now))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
            if (write.expectedRevision() == 0) {
                put.conditionExpression("attribute_not_exists(lineKey)");
            } else {
                put.conditionExpression("revision = :r")
                        .expressionAttributeValues(Map.of(":r", Attr.n(write.expectedRevision())));
            }
            items.add(TransactWriteItem.builder().put(put.build()).build());
            roles.add(Role.LINE);
            // The listing's UNMAPPED reverse item comes and goes with the line's state, in this
            // transaction: a mapping saved after it commits finds the line (unmappedLinesOf).
            OrderLine line = write.line();
            if (line.state() == LineState.UNMAPPED) {
                items.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.listings())
                        .item(unmappedReverseKey(line.listingKey(), line.lineKey())).build()).build());
                roles.add(Role.REVERSE);
            } else if (write.leavesUnmapped()) {
                items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.listings())
                        .key(unmappedReverseKey(line.listingKey(), line.lineKey())).build()).build());
                roles.add(Role.REVERSE);
            }
        }
        for (ListingGuard guard : commit.listingGuards()) {
            ConditionCheck.Builder check = ConditionCheck.builder()
                    .tableName(tables.listings())
                    .key(Map.of("listingKey", Attr.s(guard.key().value()), "entry", Attr.s(META)));
            if (guard.requiresUnmapped()) {
                // An UNMAPPED line holds only while no mapping exists (absent META or an unlinked one).
                check.conditionExpression("attribute_not_exists(listingKey) OR #u = :t")
                        .expressionAttributeNames(Map.of("#u", UNLINKED))
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true)));
            } else {
                check.conditionExpression("version = :v")
                        .expressionAttributeValues(Map.of(":v", Attr.n(guard.version())));
            }
            items.add(TransactWriteItem.builder().conditionCheck(check.build()).build());
            roles.add(Role.LISTING);
        }
        for (StockWrite write : commit.stock()) {
            items.add(write.before().isPresent()
                    ? TransactWriteItem.builder().update(stockUpdate(write, now)).build()
                    : TransactWriteItem.builder().put(stockCreate(write.after(), now)).build());
            roles.add(Role.STOCK);
            stockSkus.add(write.after().sku());
        }
        for (StockGuard guard : commit.stockGuards()) {
            ConditionCheck.Builder check = ConditionCheck.builder().tableName(tables.stock())
                    .key(Map.of("sku", Attr.s(guard.sku())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
            if (guard.version().isPresent()) {
                check.conditionExpression("version = :v")
                        .expressionAttributeValues(Map.of(":v", Attr.n(guard.version().get())));
            } else {
                check.conditionExpression("attribute_not_exists(sku)");
            }
            items.add(TransactWriteItem.builder().conditionCheck(check.build()).build());
            roles.add(Role.STOCK_GUARD);
            stockSkus.add(guard.sku());
        }
        for (JournalEntry entry : commit.journal()) {
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.journal())
                    .item(journalItem(entry))
                    .conditionExpression("attribute_not_exists(sku)")
                    .build()).build());
            roles.add(Role.JOURNAL);
        }
        if (items.isEmpty()) {
            return new CommitResult.Committed();
        }
        if (items.size() > MAX_TRANSACTION_ITEMS) {
            // Merged.items() does not count the reverse items of UNMAPPED lines; a batch never groups those.
            throw new IllegalArgumentException("a ledger transaction of " + items.size() + " items exceeds "
                    + MAX_TRANSACTION_ITEMS + ": split the lines into several commits");
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
            return new CommitResult.Committed();
        } catch (TransactionCanceledException e) {
            return conflictFrom(e, roles, stockSkus);
        }
    }

    private CommitResult.Conflict conflictFrom(TransactionCanceledException e, List<Role> roles,
                                               List<String> stockSkus) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        boolean lineChanged = false;
        boolean listingChanged = false;
        boolean transientConflict = false;
        boolean journalTaken = false;
        Optional<OrderLine> currentLine = Optional.empty();
        Map<String, Optional<StockLevel>> currentStock = new HashMap<>();
        int stockIndex = 0;
        for (int i = 0; i < roles.size(); i++) {
            Role role = roles.get(i);
            CancellationReason reason = i < reasons.size() ? reasons.get(i) : null;
            String code = reason == null || reason.code() == null ? "None" : reason.code();
            String sku = role == Role.STOCK || role == Role.STOCK_GUARD ? stockSkus.get(stockIndex++) : null;
            switch (code) {
                case "None" -> {
                }
                case "ConditionalCheckFailed" -> {
                    Map<String, AttributeValue> item = reason.hasItem() ? reason.item() : Map.of();
                    switch (role) {
                        case LINE -> {
                            lineChanged = true;
                            if (!item.isEmpty() && currentLine.isEmpty()) {
                                currentLine = Optional.of(toLine(item));
                            }
                        }
                        case LISTING -> listingChanged = true;
                        case STOCK, STOCK_GUARD -> {
                            if (!item.isEmpty()) {
                                currentStock.put(sku, Optional.of(toStock(item)));
                            } else {
                                // Either it vanished or the store does not return old items; read it.
                                currentStock.put(sku, Optional.ofNullable(readStock(List.of(sku)).get(sku)));
                            }
                        }
                        // Another writer already took this version; the stock item's own failure says so.
                        case JOURNAL -> journalTaken = true;
                        // Unconditional puts and deletes: they cannot fail a condition.
                        case REVERSE -> throw new IllegalStateException("a reverse item failed a condition it"
                                + " does not have", e);
                    }
                }
                case "TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded" ->
                        transientConflict = true;
                default -> throw new IllegalStateException("ledger transaction refused (" + code + "): "
                        + (reason.message() == null ? e.getMessage() : reason.message()), e);
            }
        }
        if (reasons.isEmpty()) {
            transientConflict = true;
        }
        if (journalTaken && currentStock.isEmpty()) {
            throw new IllegalStateException("journal version taken although every stock version was free", e);
        }
        return new CommitResult.Conflict(lineChanged, currentLine, listingChanged, currentStock, transientConflict);
    }

    private Update stockUpdate(StockWrite write, Instant now) {
        StockLevel before = write.before().orElseThrow();
        StockLevel after = write.after();
        long delta = after.available() - before.available();
        Map<String, String> names = new HashMap<>(Map.of("#a", "available", "#v", "version"));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":v", Attr.n(before.version()));
        values.put(":nv", Attr.n(after.version()));
        values.put(":ss", Attr.n(after.safetyStock()));
        values.put(":now", Attr.s(now.toString()));
        StringBuilder set = new StringBuilder("SET #v = :nv, safetyStock = :ss, updatedAt = :now");
        String condition;
        if (delta < 0) {
            // The decrement itself is conditional: even a wrong version could never drive it below 0.
            set.append(", #a = #a - :take");
            values.put(":take", Attr.n(-delta));
            condition = "#v = :v AND #a >= :take";
        } else {
            set.append(", #a = #a + :add");
            values.put(":add", Attr.n(delta));
            condition = "#v = :v";
        }
        after.jan().ifPresent(jan -> {
            set.append(", jan = :jan");
            values.put(":jan", Attr.s(jan));
        });
        after.name().ifPresent(name -> {
            set.append(", #n = :name");
            names.put("#n", "name");
            values.put(":name", Attr.s(name));
        });
        return Update.builder().tableName(tables.stock())
                .key(Map.of("sku", Attr.s(after.sku())))
                .updateExpression(set.toString())
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    private Put stockCreate(StockLevel level, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("sku", Attr.s(level.sku()));
        item.put("available", Attr.n(level.available()));
        item.put("safetyStock", Attr.n(level.safetyStock()));
        item.put("version", Attr.n(level.version()));
        item.put("updatedAt", Attr.s(now.toString()));
        level.jan().ifPresent(jan -> item.put("jan", Attr.s(jan)));
        level.name().ifPresent(name -> item.put("name", Attr.s(name)));
        return Put.builder().tableName(tables.stock()).item(item)
                .conditionExpression("attribute_not_exists(sku)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    @Override
    public Optional<Instant> lineExpiresAt(String lineKey) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(tables.orderLines())
                .key(Map.of("lineKey", Attr.s(lineKey))).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !item.containsKey("expiresAt")) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(Attr.number(item, "expiresAt")));
    }

    // ------------------------------------------------------------------ mapping

    private Map<String, AttributeValue> lineItem(OrderLine line, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("lineKey", Attr.s(line.lineKey()));
        item.put("channelId", Attr.s(line.channelId()));
        item.put("orderId", Attr.s(line.orderId()));
        item.put("lineId", Attr.s(line.lineId()));
        item.put("itemKey", Attr.s(line.itemKey()));
        item.put("quantity", Attr.n(line.quantity()));
        item.put("state", Attr.s(line.state().name()));
        item.put("taken", Attr.numberMap(line.taken()));
        item.put("shortfall", Attr.numberMap(line.shortfall()));
        item.put("mallStatus", Attr.s(line.mallStatus()));
        item.put("revision", Attr.n(line.revision()));
        item.put("updatedAt", Attr.s(line.updatedAt().toString()));
        // Only closed lines expire (kept LINE_RETENTION from when they closed, for idempotency): an
        // open line (a 予約 order may stay open for months) must never vanish and be counted again.
        if (line.closed()) {
            item.put("expiresAt", Attr.n(now.plus(LINE_RETENTION).getEpochSecond()));
        }
        item.put("mallRevision", Attr.s(line.mallRevision().toString()));
        // only where the mall has a display name apart from the id (Shopify "#1001"): most items stay as they were
        if (!line.orderName().isEmpty()) {
            item.put("orderName", Attr.s(line.orderName()));
        }
        if (line.state().needsAttention()) {
            item.put("attention", Attr.s(line.state().name()));
        }
        return item;
    }

    static OrderLine toLine(Map<String, AttributeValue> item) {
        return new OrderLine(
                Attr.string(item, "lineKey"),
                Attr.string(item, "channelId"),
                Attr.string(item, "orderId"),
                Attr.string(item, "lineId"),
                Attr.string(item, "itemKey"),
                (int) Attr.number(item, "quantity"),
                LineState.valueOf(Attr.string(item, "state")),
                Attr.numberMap(item, "taken"),
                Attr.numberMap(item, "shortfall"),
                Attr.optionalString(item, "mallStatus").orElse(""),
                Attr.number(item, "revision"),
                Instant.parse(Attr.string(item, "updatedAt")),
                Attr.optionalString(item, "mallRevision").map(Instant::parse).orElse(Instant.EPOCH),
                Attr.optionalString(item, "orderName").orElse(""));
    }

    static StockLevel toStock(Map<String, AttributeValue> item) {
        return new StockLevel(
                Attr.string(item, "sku"),
                Attr.number(item, "available"),
                Attr.number(item, "safetyStock", 0),
                Attr.number(item, "version"),
                Attr.optionalString(item, "jan"),
                Attr.optionalString(item, "name"));
    }

    private static Map<String, AttributeValue> journalItem(JournalEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("sku", Attr.s(entry.sku()));
        item.put("version", Attr.n(entry.version()));
        item.put("before", Attr.n(entry.before()));
        item.put("after", Attr.n(entry.after()));
        item.put("safetyStockBefore", Attr.n(entry.safetyStockBefore()));
        item.put("safetyStockAfter", Attr.n(entry.safetyStockAfter()));
        item.put("reason", Attr.s(entry.reason().name()));
        item.put("source", Attr.s(entry.source().toString()));
        item.put("at", Attr.s(entry.at().toString()));
        return item;
    }

    static JournalEntry toJournal(Map<String, AttributeValue> item) {
        return new JournalEntry(
                Attr.string(item, "sku"),
                Attr.number(item, "version"),
                Attr.number(item, "before"),
                Attr.number(item, "after"),
                Attr.number(item, "safetyStockBefore", 0),
                Attr.number(item, "safetyStockAfter", 0),
                ChangeReason.valueOf(Attr.string(item, "reason")),
                ChangeSource.parse(Attr.string(item, "source")),
                Instant.parse(Attr.string(item, "at")));
    }
}
