package dev.zaiko.adapter.sql;

import dev.zaiko.schema.AttributeType;
import dev.zaiko.schema.IndexDef;
import dev.zaiko.schema.KeyAttribute;
import dev.zaiko.schema.TableDef;
import dev.zaiko.schema.Tables;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL tables, made from the same {@link Tables} definitions the CDK stack and the DynamoDB
 * adapters use: each table is named as the schema names it, its key attributes become the primary
 * key, each global index a partial (sparse) SQL index, the TTL attribute a column. The other
 * columns belong to the SQL adapters (as the other attribute names belong to the DynamoDB ones)
 * and are listed here, once.
 */
final class SqlSchema {
    private SqlSchema() {
    }

    /** Non-key columns per table id ({@code name TYPE [CHECK ...]}). */
    static final Map<String, List<String>> COLUMNS = Map.of(
            Tables.STOCK.id(), List.of(
                    // The CHECK is a second guard under the conditional decrement: even a wrong
                    // condition could never store a negative count.
                    "available INTEGER NOT NULL CHECK (available >= 0)",
                    "safetyStock INTEGER NOT NULL DEFAULT 0",
                    "version INTEGER NOT NULL",
                    "jan TEXT", "name TEXT", "updatedAt TEXT"),
            Tables.LISTINGS.id(), List.of(
                    // C# entries: the component's SKU (indexed below for listingsContaining)
                    "sku TEXT",
                    "channelId TEXT", "itemKey TEXT", "units INTEGER", "version INTEGER",
                    "unlinked INTEGER NOT NULL DEFAULT 0", "updatedAt TEXT",
                    "lastPushedQuantity INTEGER", "pushStatus TEXT", "pushCode TEXT", "pushMessage TEXT",
                    "pushedAt TEXT",
                    // PUSH entry: the fence of the last claimed push (mapping version, stock versions)
                    "fenceMapping INTEGER", "fenceStock INTEGER"),
            Tables.ORDER_LINES.id(), List.of(
                    "channelId TEXT NOT NULL", "orderId TEXT NOT NULL", "lineId TEXT NOT NULL",
                    "itemKey TEXT NOT NULL", "quantity INTEGER NOT NULL", "state TEXT NOT NULL",
                    "taken TEXT NOT NULL", "shortfall TEXT NOT NULL", "mallStatus TEXT",
                    "revision INTEGER NOT NULL", "updatedAt TEXT NOT NULL", "mallRevision TEXT",
                    // the order's display name (Shopify "#1001"); NULL when the order id is what the seller sees
                    "orderName TEXT"),
            Tables.JOURNAL.id(), List.of(
                    "before INTEGER NOT NULL", "after INTEGER NOT NULL",
                    "safetyStockBefore INTEGER NOT NULL", "safetyStockAfter INTEGER NOT NULL",
                    "reason TEXT NOT NULL", "source TEXT NOT NULL", "at TEXT NOT NULL"),
            Tables.CHANNELS.id(), List.of(
                    // STATE entry
                    "cursorMillis INTEGER", "lastPollMillis INTEGER", "lastPollEvents INTEGER",
                    "health TEXT", "healthMessage TEXT", "healthSinceMillis INTEGER",
                    "credentialsFingerprint TEXT", "consecutiveRetries INTEGER",
                    "leaseOwner TEXT", "leaseUntilMillis INTEGER",
                    // set by a pusher woken while the lease was held: the holder drains again
                    "pushDirty INTEGER",
                    // until when an out-of-schedule poll was asked for (a burst of stale pushes starts one)
                    "pollRequestedUntilMillis INTEGER",
                    // FBA# and RECONCILE# entries keep their value as JSON, with a revision to condition on
                    "revision INTEGER", "doc TEXT",
                    // RATE# entries: the shared token bucket's theoretical arrival time
                    "tatMicros INTEGER"));

    /** The SQL table name of a schema table (quoted where used: the names contain '-'). */
    static String table(TableDef table) {
        return '"' + table.defaultName() + '"';
    }

    static List<String> ddl() {
        List<String> statements = new ArrayList<>();
        for (TableDef table : Tables.ALL) {
            Map<String, String> columns = new LinkedHashMap<>();
            List<String> primaryKey = new ArrayList<>();
            primaryKey.add(table.partitionKey().name());
            table.sortKey().ifPresent(k -> primaryKey.add(k.name()));
            for (KeyAttribute key : table.keyAttributes()) {
                boolean inPrimaryKey = primaryKey.contains(key.name());
                columns.put(key.name(), key.name() + " " + sqlType(key.type()) + (inPrimaryKey ? " NOT NULL" : ""));
            }
            table.ttlAttribute().ifPresent(ttl -> columns.putIfAbsent(ttl, ttl + " INTEGER"));
            for (String column : COLUMNS.getOrDefault(table.id(), List.of())) {
                columns.putIfAbsent(column.substring(0, column.indexOf(' ')), column);
            }
            statements.add("CREATE TABLE IF NOT EXISTS " + table(table) + " (" + String.join(", ", columns.values())
                    + ", PRIMARY KEY (" + String.join(", ", primaryKey) + ")) WITHOUT ROWID");
            for (IndexDef index : table.globalIndexes()) {
                List<String> indexColumns = new ArrayList<>();
                indexColumns.add(index.partitionKey().name());
                index.sortKey().ifPresent(k -> indexColumns.add(k.name()));
                // Sparse like a DynamoDB GSI: only rows that carry the index's partition key are in it.
                statements.add("CREATE INDEX IF NOT EXISTS \"" + table.defaultName() + "." + index.name() + "\" ON "
                        + table(table) + " (" + String.join(", ", indexColumns) + ") WHERE "
                        + index.partitionKey().name() + " IS NOT NULL");
            }
            table.ttlAttribute().ifPresent(ttl -> statements.add("CREATE INDEX IF NOT EXISTS \""
                    + table.defaultName() + ".ttl\" ON " + table(table) + " (" + ttl + ") WHERE " + ttl
                    + " IS NOT NULL"));
        }
        // SKU -> listings (listingsContaining): a plain SQL index, strongly consistent like every read
        // here. Named as the DynamoDB index it replaced, so a file made before keeps its index.
        statements.add("CREATE INDEX IF NOT EXISTS \"" + Tables.LISTINGS.defaultName() + ".bySku\" ON "
                + table(Tables.LISTINGS) + " (sku, listingKey) WHERE sku IS NOT NULL");
        // The reconciler lists a channel's listings; DynamoDB scans for it (see DynamoDbListingCatalog),
        // SQL has an index for free.
        statements.add("CREATE INDEX IF NOT EXISTS \"" + Tables.LISTINGS.defaultName() + ".byChannel\" ON "
                + table(Tables.LISTINGS) + " (channelId, listingKey)");
        return statements;
    }

    private static String sqlType(AttributeType type) {
        return switch (type) {
            case STRING -> "TEXT";
            case NUMBER -> "INTEGER";
        };
    }

    static void create(SqliteDatabase.Session session) throws SQLException {
        try (Statement statement = session.connection().createStatement()) {
            for (String ddl : ddl()) {
                statement.execute(ddl);
            }
            addMissingColumns(statement);
        }
    }

    /**
     * A file made by an older version keeps its tables (CREATE TABLE IF NOT EXISTS): columns added
     * since are added here (all nullable, so ALTER TABLE can add them).
     */
    private static void addMissingColumns(Statement statement) throws SQLException {
        for (TableDef table : Tables.ALL) {
            java.util.Set<String> present = new java.util.HashSet<>();
            try (java.sql.ResultSet row = statement.executeQuery("PRAGMA table_info(" + table(table) + ")")) {
                while (row.next()) {
                    present.add(row.getString("name"));
                }
            }
            for (String column : COLUMNS.getOrDefault(table.id(), List.of())) {
                String name = column.substring(0, column.indexOf(' '));
                if (!present.contains(name) && !column.contains("NOT NULL")) {
                    statement.execute("ALTER TABLE " + table(table) + " ADD COLUMN " + column);
                }
            }
        }
    }
}
