package dev.zaiko.adapter.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ledger on SQLite. {@link #commit} is one {@code BEGIN IMMEDIATE} transaction of conditional
 * statements mirroring the DynamoDB transaction item for item: the line's {@code INSERT ... ON
 * CONFLICT DO NOTHING} or {@code UPDATE ... WHERE revision = ?}, the listing guard, each stock
 * {@code UPDATE ... WHERE version = ? AND available >= ?}, each stock guard and each journal
 * {@code INSERT}. Every item is evaluated (as DynamoDB reports a reason per item); when any
 * condition failed the whole transaction rolls back and the current values read inside it come back
 * in the {@link CommitResult.Conflict}. Nothing is read outside the transaction and then written.
 */
public final class SqlStockLedger implements StockLedger {
    static final String META = "META";
    static final String COMPONENT_PREFIX = "C#";
    /** Closed order lines are kept this long for idempotency (as the DynamoDB TTL does). */
    static final Duration LINE_RETENTION = Duration.ofDays(120);
    private static final TypeReference<TreeMap<String, Long>> NUMBER_MAP = new TypeReference<>() {
    };

    static final String STOCK = SqlSchema.table(Tables.STOCK);
    static final String LISTINGS = SqlSchema.table(Tables.LISTINGS);
    static final String LINES = SqlSchema.table(Tables.ORDER_LINES);
    static final String JOURNAL = SqlSchema.table(Tables.JOURNAL);

    private final SqliteDatabase database;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    public SqlStockLedger(SqliteDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<OrderLine> findLine(String lineKey) {
        return database.read(session -> readLine(session, lineKey));
    }

    private Optional<OrderLine> readLine(SqliteDatabase.Session session, String lineKey) throws SQLException {
        try (ResultSet row = session.bind("SELECT * FROM " + LINES + " WHERE lineKey = ?", lineKey).executeQuery()) {
            return row.next() ? Optional.of(toLine(row)) : Optional.empty();
        }
    }

    @Override
    public Optional<Listing> findListing(ListingKey key) {
        return database.read(session -> readListing(session, key));
    }

    static Optional<Listing> readListing(SqliteDatabase.Session session, ListingKey key) throws SQLException {
        Long version = null;
        List<Component> components = new ArrayList<>();
        try (ResultSet row = session.bind("SELECT entry, sku, units, version FROM " + LISTINGS
                + " WHERE listingKey = ? ORDER BY entry", key.value()).executeQuery()) {
            while (row.next()) {
                String entry = row.getString("entry");
                if (entry.equals(META)) {
                    version = row.getLong("version");
                } else if (entry.startsWith(COMPONENT_PREFIX)) {
                    components.add(new Component(row.getString("sku"), row.getInt("units")));
                }
            }
        }
        if (version == null || components.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Listing(key, components, version));
    }

    @Override
    public Map<String, StockLevel> readStock(Collection<String> skus) {
        List<String> all = new ArrayList<>(new LinkedHashSet<>(skus));
        if (all.isEmpty()) {
            return Map.of();
        }
        return database.read(session -> {
            Map<String, StockLevel> levels = new HashMap<>();
            // Fixed chunk sizes keep the number of distinct prepared statements small.
            for (int from = 0; from < all.size(); from += 50) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + 50));
                int size = chunk.size() <= 1 ? 1 : chunk.size() <= 8 ? 8 : 50;
                Object[] values = new Object[size];
                for (int i = 0; i < size; i++) {
                    values[i] = i < chunk.size() ? chunk.get(i) : chunk.get(0);
                }
                String placeholders = String.join(",", java.util.Collections.nCopies(size, "?"));
                try (ResultSet row = session.bind("SELECT * FROM " + STOCK + " WHERE sku IN (" + placeholders + ")",
                        values).executeQuery()) {
                    while (row.next()) {
                        StockLevel level = toStock(row);
                        levels.put(level.sku(), level);
                    }
                }
            }
            return levels;
        });
    }

    @Override
    public List<ListingKey> listingsContaining(String sku) {
        return database.read(session -> {
            List<ListingKey> keys = new ArrayList<>();
            try (ResultSet row = session.bind("SELECT listingKey FROM " + LISTINGS
                    + " WHERE sku = ? AND sku IS NOT NULL ORDER BY listingKey", sku).executeQuery()) {
                while (row.next()) {
                    keys.add(ListingKey.parse(row.getString(1)));
                }
            }
            return keys;
        });
    }

    @Override
    public List<OrderLine> linesNeedingAttention(LineState state, int limit) {
        return database.read(session -> {
            List<OrderLine> lines = new ArrayList<>();
            try (ResultSet row = session.bind("SELECT * FROM " + LINES
                    + " WHERE attention = ? AND attention IS NOT NULL ORDER BY lineKey LIMIT ?",
                    state.name(), limit).executeQuery()) {
                while (row.next()) {
                    lines.add(toLine(row));
                }
            }
            return lines;
        });
    }

    /** One transaction reads the committed lines: strongly consistent like every read here. */
    @Override
    public List<OrderLine> unmappedLinesOf(ListingKey key, int limit) {
        return database.read(session -> {
            List<OrderLine> lines = new ArrayList<>();
            try (ResultSet row = session.bind("SELECT * FROM " + LINES
                    + " WHERE attention = ? AND attention IS NOT NULL AND channelId = ? AND itemKey = ?"
                    + " ORDER BY lineKey LIMIT ?",
                    LineState.UNMAPPED.name(), key.channelId(), key.itemKey(), limit).executeQuery()) {
                while (row.next()) {
                    lines.add(toLine(row));
                }
            }
            return lines;
        });
    }

    @Override
    public List<JournalEntry> journal(String sku, int limit) {
        return database.read(session -> {
            List<JournalEntry> entries = new ArrayList<>();
            try (ResultSet row = session.bind("SELECT * FROM " + JOURNAL
                    + " WHERE sku = ? ORDER BY version DESC LIMIT ?", sku, limit).executeQuery()) {
                while (row.next()) {
                    entries.add(toJournal(row));
                }
            }
            return entries;
        });
    }

    @Override
    public List<StockLevel> allStock() {
        return database.read(session -> {
            List<StockLevel> levels = new ArrayList<>();
            try (ResultSet row = session.bind("SELECT * FROM " + STOCK + " ORDER BY sku").executeQuery()) {
                while (row.next()) {
                    levels.add(toStock(row));
                }
            }
            return levels;
        });
    }

    @Override
    public List<Listing> allListings() {
        return database.read(session -> listings(session, "SELECT listingKey, entry, sku, units, version FROM "
                + LISTINGS + " ORDER BY listingKey, entry"));
    }

    @Override
    public List<OrderLine> allLines() {
        return database.read(session -> {
            List<OrderLine> lines = new ArrayList<>();
            try (ResultSet row = session.bind("SELECT * FROM " + LINES + " ORDER BY lineKey").executeQuery()) {
                while (row.next()) {
                    lines.add(toLine(row));
                }
            }
            return lines;
        });
    }

    /** Groups META and component rows (ordered by listingKey) into listings; unlinked ones are skipped. */
    static List<Listing> listings(SqliteDatabase.Session session, String sql, Object... values) throws SQLException {
        List<Listing> listings = new ArrayList<>();
        String currentKey = null;
        Long version = null;
        List<Component> parts = new ArrayList<>();
        try (ResultSet row = session.bind(sql, values).executeQuery()) {
            while (row.next()) {
                String key = row.getString("listingKey");
                if (!key.equals(currentKey)) {
                    addListing(listings, currentKey, version, parts);
                    currentKey = key;
                    version = null;
                    parts = new ArrayList<>();
                }
                String entry = row.getString("entry");
                if (entry.equals(META)) {
                    version = row.getLong("version");
                } else if (entry.startsWith(COMPONENT_PREFIX)) {
                    parts.add(new Component(row.getString("sku"), row.getInt("units")));
                }
            }
        }
        addListing(listings, currentKey, version, parts);
        return listings;
    }

    private static void addListing(List<Listing> listings, String key, Long version, List<Component> parts) {
        if (key != null && version != null && !parts.isEmpty()) {
            parts.sort(Comparator.comparing(Component::sku));
            listings.add(new Listing(ListingKey.parse(key), parts, version));
        }
    }

    // ------------------------------------------------------------------ listings

    @Override
    public Optional<Listing> saveListing(ListingKey key, List<Component> components, long expectedVersion) {
        String now = clock.instant().toString();
        return database.write(session -> {
            Optional<Listing> current = readListing(session, key);
            Long metaVersion = null;
            boolean unlinked = false;
            try (ResultSet meta = session.bind("SELECT version, unlinked FROM " + LISTINGS
                    + " WHERE listingKey = ? AND entry = ?", key.value(), META).executeQuery()) {
                if (meta.next()) {
                    metaVersion = meta.getLong(1);
                    unlinked = meta.getLong(2) == 1;
                }
            }
            if (current.map(Listing::version).orElse(0L) != expectedVersion) {
                return Optional.<Listing>empty();
            }
            // An unlinked listing leaves its META with a higher version (see deleteListing), so a
            // mapping cached anywhere before the unlink can never match the new mapping's version.
            long tombstone = expectedVersion == 0 && unlinked ? metaVersion : 0;
            if (expectedVersion == 0 && metaVersion != null && !unlinked) {
                return Optional.<Listing>empty();
            }
            long version = Math.max(expectedVersion, tombstone) + 1;
            int changed = session.update("INSERT INTO " + LISTINGS + " (listingKey, entry, channelId, itemKey, version,"
                            + " unlinked, updatedAt) VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (listingKey, entry) DO UPDATE"
                            + " SET version = excluded.version, unlinked = 0, updatedAt = excluded.updatedAt"
                            + " WHERE version = ?",
                    key.value(), META, key.channelId(), key.itemKey(), version, now,
                    expectedVersion == 0 ? tombstone : expectedVersion);
            if (changed != 1) {
                throw new SqliteDatabase.Rollback(Optional.<Listing>empty());
            }
            session.update("DELETE FROM " + LISTINGS + " WHERE listingKey = ? AND entry LIKE 'C#%'", key.value());
            for (Component component : components) {
                session.update("INSERT INTO " + LISTINGS + " (listingKey, entry, sku, units, channelId, updatedAt)"
                                + " VALUES (?, ?, ?, ?, ?, ?)", key.value(), COMPONENT_PREFIX + component.sku(),
                        component.sku(), component.units(), key.channelId(), now);
            }
            return Optional.of(new Listing(key, components, version));
        });
    }

    @Override
    public boolean deleteListing(ListingKey key, long expectedVersion) {
        String now = clock.instant().toString();
        return database.write(session -> {
            Optional<Listing> current = readListing(session, key);
            if (current.isEmpty() || current.get().version() != expectedVersion) {
                return false;
            }
            int changed = session.update("UPDATE " + LISTINGS + " SET version = ?, unlinked = 1, updatedAt = ?"
                            + " WHERE listingKey = ? AND entry = ? AND version = ?",
                    expectedVersion + 1, now, key.value(), META, expectedVersion);
            if (changed != 1) {
                throw new SqliteDatabase.Rollback(false);
            }
            session.update("DELETE FROM " + LISTINGS + " WHERE listingKey = ? AND entry LIKE 'C#%'", key.value());
            return true;
        });
    }

    // ------------------------------------------------------------------ the commit

    @Override
    public CommitResult commit(LedgerCommit commit) {
        return commitMerged(Merged.of(commit));
    }

    /** One SQLite transaction holds any number of lines. */
    @Override
    public int maxCommitItems() {
        return Integer.MAX_VALUE;
    }

    @Override
    public CommitResult commitAll(List<LedgerCommit> commits) {
        return commitMerged(Merged.of(commits));
    }

    private CommitResult commitMerged(Merged commit) {
        if (commit.isEmpty()) {
            return new CommitResult.Committed();
        }
        Instant now = clock.instant();
        try {
            return database.write(session -> {
                boolean lineChanged = false;
                Optional<OrderLine> currentLine = Optional.empty();
                boolean listingChanged = false;
                boolean journalTaken = false;
                Map<String, Optional<StockLevel>> currentStock = new HashMap<>();

                for (LineWrite write : commit.lines()) {
                    if (!writeLine(session, write, now)) {
                        if (!lineChanged) {
                            currentLine = readLine(session, write.line().lineKey());
                        }
                        lineChanged = true;
                    }
                }
                for (ListingGuard guard : commit.listingGuards()) {
                    if (guard.requiresUnmapped()) {
                        // An UNMAPPED line holds only while no live mapping exists.
                        try (ResultSet row = session.bind("SELECT 1 FROM " + LISTINGS
                                + " WHERE listingKey = ? AND entry = ? AND unlinked = 0", guard.key().value(), META)
                                .executeQuery()) {
                            listingChanged |= row.next();
                        }
                    } else {
                        try (ResultSet row = session.bind("SELECT 1 FROM " + LISTINGS
                                + " WHERE listingKey = ? AND entry = ? AND version = ?", guard.key().value(), META,
                                guard.version()).executeQuery()) {
                            listingChanged |= !row.next();
                        }
                    }
                }
                for (StockWrite write : commit.stock()) {
                    if (!writeStock(session, write, now)) {
                        currentStock.put(write.after().sku(), readLevel(session, write.after().sku()));
                    }
                }
                for (StockGuard guard : commit.stockGuards()) {
                    Optional<StockLevel> level = readLevel(session, guard.sku());
                    boolean holds = guard.version().isPresent()
                            ? level.isPresent() && level.get().version() == guard.version().get()
                            : level.isEmpty();
                    if (!holds) {
                        currentStock.put(guard.sku(), level);
                    }
                }
                for (JournalEntry entry : commit.journal()) {
                    int inserted = session.update("INSERT INTO " + JOURNAL + " (sku, version, before, after,"
                                    + " safetyStockBefore, safetyStockAfter, reason, source, at)"
                                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sku, version) DO NOTHING",
                            entry.sku(), entry.version(), entry.before(), entry.after(), entry.safetyStockBefore(),
                            entry.safetyStockAfter(), entry.reason().name(), entry.source().toString(),
                            entry.at().toString());
                    journalTaken |= inserted == 0;
                }
                if (!lineChanged && !listingChanged && currentStock.isEmpty() && !journalTaken) {
                    return (CommitResult) new CommitResult.Committed();
                }
                if (journalTaken && currentStock.isEmpty()) {
                    throw new IllegalStateException("journal version taken although every stock version was free");
                }
                throw new SqliteDatabase.Rollback(new CommitResult.Conflict(lineChanged, currentLine, listingChanged,
                        currentStock, false));
            });
        } catch (SqlBusyException busy) {
            // Another writer held the database past the busy timeout: retry as is, like DynamoDB's
            // TransactionConflict.
            return new CommitResult.Conflict(false, Optional.empty(), false, Map.of(), true);
        }
    }

    @Override
    public Optional<Instant> lineExpiresAt(String lineKey) {
        return database.read(session -> {
            try (ResultSet row = session.bind("SELECT expiresAt FROM " + LINES + " WHERE lineKey = ?", lineKey)
                    .executeQuery()) {
                if (!row.next()) {
                    return Optional.<Instant>empty();
                }
                long at = row.getLong(1);
                return row.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochSecond(at));
            }
        });
    }

    /** The line's conditional write; false when its condition failed. */
    private boolean writeLine(SqliteDatabase.Session session, LineWrite write, Instant now) throws SQLException {
        OrderLine line = write.line();
        Object[] values = {line.channelId(), line.orderId(), line.lineId(), line.itemKey(), line.quantity(),
                line.state().name(), json(line.taken()), json(line.shortfall()), line.mallStatus(), line.revision(),
                line.updatedAt().toString(),
                // Only closed lines expire (see DynamoDbStockLedger): an open line never vanishes.
                line.closed() ? now.plus(LINE_RETENTION).getEpochSecond() : null,
                line.state().needsAttention() ? line.state().name() : null, line.mallRevision().toString(),
                line.orderName().isEmpty() ? null : line.orderName(), line.lineKey()};
        if (write.expectedRevision() == 0) {
            return session.update("INSERT INTO " + LINES + " (channelId, orderId, lineId, itemKey, quantity, state,"
                    + " taken, shortfall, mallStatus, revision, updatedAt, expiresAt, attention, mallRevision, orderName,"
                    + " lineKey) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (lineKey) DO NOTHING",
                    values) == 1;
        }
        Object[] withRevision = java.util.Arrays.copyOf(values, values.length + 1);
        withRevision[values.length] = write.expectedRevision();
        return session.update("UPDATE " + LINES + " SET channelId = ?, orderId = ?, lineId = ?, itemKey = ?,"
                + " quantity = ?, state = ?, taken = ?, shortfall = ?, mallStatus = ?, revision = ?, updatedAt = ?,"
                + " expiresAt = ?, attention = ?, mallRevision = ?, orderName = ? WHERE lineKey = ? AND revision = ?",
                withRevision) == 1;
    }

    /** One stock write: conditional on the version read and, for a decrement, on enough units. */
    private static boolean writeStock(SqliteDatabase.Session session, StockWrite write, Instant now)
            throws SQLException {
        StockLevel after = write.after();
        if (write.before().isEmpty()) {
            return session.update("INSERT INTO " + STOCK + " (sku, available, safetyStock, version, jan, name,"
                            + " updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sku) DO NOTHING",
                    after.sku(), after.available(), after.safetyStock(), after.version(), after.jan(), after.name(),
                    now.toString()) == 1;
        }
        StockLevel before = write.before().get();
        long delta = after.available() - before.available();
        // The decrement itself is conditional: even a wrong version could never drive it below 0.
        return session.update("UPDATE " + STOCK + " SET available = available + ?, version = ?, safetyStock = ?,"
                        + " updatedAt = ?, jan = COALESCE(?, jan), name = COALESCE(?, name)"
                        + " WHERE sku = ? AND version = ? AND available >= ?",
                delta, after.version(), after.safetyStock(), now.toString(), after.jan(), after.name(), after.sku(),
                before.version(), delta < 0 ? -delta : 0) == 1;
    }

    private static Optional<StockLevel> readLevel(SqliteDatabase.Session session, String sku) throws SQLException {
        try (ResultSet row = session.bind("SELECT * FROM " + STOCK + " WHERE sku = ?", sku).executeQuery()) {
            return row.next() ? Optional.of(toStock(row)) : Optional.empty();
        }
    }

    // ------------------------------------------------------------------ mapping

    private String json(Map<String, Long> values) {
        try {
            return mapper.writeValueAsString(new TreeMap<>(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private OrderLine toLine(ResultSet row) throws SQLException {
        try {
            return new OrderLine(row.getString("lineKey"), row.getString("channelId"), row.getString("orderId"),
                    row.getString("lineId"), row.getString("itemKey"), row.getInt("quantity"),
                    LineState.valueOf(row.getString("state")), mapper.readValue(row.getString("taken"), NUMBER_MAP),
                    mapper.readValue(row.getString("shortfall"), NUMBER_MAP),
                    Optional.ofNullable(row.getString("mallStatus")).orElse(""), row.getLong("revision"),
                    Instant.parse(row.getString("updatedAt")),
                    Optional.ofNullable(row.getString("mallRevision")).map(Instant::parse).orElse(Instant.EPOCH),
                    Optional.ofNullable(row.getString("orderName")).orElse(""));
        } catch (JsonProcessingException e) {
            throw new SqlStoreException("order line " + row.getString("lineKey") + " has a corrupt taken/shortfall", e);
        }
    }

    static StockLevel toStock(ResultSet row) throws SQLException {
        return new StockLevel(row.getString("sku"), row.getLong("available"), row.getLong("safetyStock"),
                row.getLong("version"), Optional.ofNullable(row.getString("jan")),
                Optional.ofNullable(row.getString("name")));
    }

    private static JournalEntry toJournal(ResultSet row) throws SQLException {
        return new JournalEntry(row.getString("sku"), row.getLong("version"), row.getLong("before"),
                row.getLong("after"), row.getLong("safetyStockBefore"), row.getLong("safetyStockAfter"),
                ChangeReason.valueOf(row.getString("reason")), ChangeSource.parse(row.getString("source")),
                Instant.parse(row.getString("at")));
    }
}
