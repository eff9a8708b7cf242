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
 */
public final class DynamoDbStockLedger implements StockLedger {
    static final String META = "META";
    static final String COMPONENT_PREFIX = "C#";
    /** On a META whose listing was unlinked: the version lives on, the components are gone. */
    static final String UNLINKED = "unlinked";
    /** Closed order lines are kept this long for idempotency, then expire through the table's TTL. */
    static final Duration LINE_RETENTION = Duration.ofDays(120);

    private final DynamoDbClient dynamo;
    private final TableNames tables;
    private final Clock clock;

    public DynamoDbStockLedger(DynamoDbClient dynamo, TableNames tables, Clock clock) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.clock = clock;
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

    @Override
    public List<ListingKey> listingsContaining(String sku) {
        List<ListingKey> keys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse response = dynamo.query(r -> r.tableName(tables.listings())
                    .indexName(Tables.LISTINGS_BY_SKU)
                    .keyConditionExpression("sku = :s")
                    .expressionAttributeValues(Map.of(":s", Attr.s(sku)))
                    .exclusiveStartKey(from));
            response.items().forEach(item -> keys.add(ListingKey.parse(Attr.string(item, "listingKey"))));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return keys;
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
        current.ifPresent(old -> old.skus().stream().filter(sku -> !newSkus.contains(sku)).forEach(sku ->
                items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.listings())
                        .key(Map.of("listingKey", Attr.s(key.value()), "entry", Attr.s(COMPONENT_PREFIX + sku)))
                        .build()).build())));
        for (Component component : components) {
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.listings()).item(Map.of(
                    "listingKey", Attr.s(key.value()),
                    "entry", Attr.s(COMPONENT_PREFIX + component.sku()),
                    "sku", Attr.s(component.sku()),
                    "units", Attr.n(component.units()),
                    "channelId", Attr.s(key.channelId()),
                    "updatedAt", Attr.s(now))).build()).build());
        }
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

    private enum Role { LINE, LISTING, STOCK, STOCK_GUARD, JOURNAL }

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
