package dev.zaiko.adapter.sql;

import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushFence;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.port.ListingPushLog;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The push log of a listing on its own row {@code (listingKey, "PUSH")} of the listings table, as
 * DynamoDB keeps it on its own item: a push never writes the META row every reserve checks. A row is
 * only created while the listing is mapped (the INSERT selects on its META), and the fence only
 * moves forward (the upsert's WHERE).
 */
public final class SqlListingPushLog implements ListingPushLog {
    static final String PUSH = "PUSH";
    private static final String LISTINGS = SqlStockLedger.LISTINGS;
    /** Creates the PUSH row only when the listing is mapped now. */
    private static final String WHILE_MAPPED = " WHERE EXISTS (SELECT 1 FROM " + LISTINGS
            + " WHERE listingKey = ? AND entry = '" + SqlStockLedger.META + "' AND unlinked = 0)";

    private final SqliteDatabase database;

    public SqlListingPushLog(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public OptionalLong lastPushed(ListingKey listing) {
        return lastPushed(List.of(listing)).get(listing);
    }

    /** From {@link #entries}: one indexed read per 200 listings (a quantity is only ever stored with its status). */
    @Override
    public Map<ListingKey, OptionalLong> lastPushed(Collection<ListingKey> listings) {
        Map<ListingKey, OptionalLong> result = new LinkedHashMap<>();
        List<ListingKey> all = new ArrayList<>(new LinkedHashSet<>(listings));
        all.forEach(key -> result.put(key, OptionalLong.empty()));
        entries(all).forEach((key, entry) -> result.put(key, entry.lastPushedQuantity()));
        return result;
    }

    @Override
    public Optional<Entry> entry(ListingKey listing) {
        return database.read(session -> {
            try (ResultSet row = session.bind("SELECT lastPushedQuantity, pushStatus, pushCode, pushMessage, pushedAt"
                    + " FROM " + LISTINGS + " WHERE listingKey = ? AND entry = ?", listing.value(), PUSH)
                    .executeQuery()) {
                if (!row.next() || row.getString("pushStatus") == null) {
                    return Optional.<Entry>empty();
                }
                long quantity = row.getLong("lastPushedQuantity");
                OptionalLong lastPushed = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(quantity);
                return Optional.of(new Entry(listing, lastPushed, PushStatus.valueOf(row.getString("pushStatus")),
                        Optional.ofNullable(row.getString("pushCode")).orElse(""),
                        Optional.ofNullable(row.getString("pushMessage")).orElse(""),
                        Instant.parse(row.getString("pushedAt"))));
            }
        });
    }

    /** One indexed read per 200 listings (the console's snapshot asks for thousands at once). */
    @Override
    public Map<ListingKey, Entry> entries(Collection<ListingKey> listings) {
        List<ListingKey> all = new ArrayList<>(new LinkedHashSet<>(listings));
        Map<ListingKey, Entry> result = new LinkedHashMap<>();
        if (all.isEmpty()) {
            return result;
        }
        Map<String, ListingKey> byValue = new java.util.HashMap<>();
        all.forEach(key -> byValue.put(key.value(), key));
        database.read(session -> {
            for (int from = 0; from < all.size(); from += CHUNK) {
                List<ListingKey> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
                Object[] values = new Object[CHUNK + 1];
                values[0] = PUSH;
                for (int i = 0; i < CHUNK; i++) {
                    // Padding repeats a key: one statement shape for every chunk.
                    values[i + 1] = chunk.get(Math.min(i, chunk.size() - 1)).value();
                }
                try (ResultSet row = session.bind("SELECT listingKey, lastPushedQuantity, pushStatus, pushCode,"
                        + " pushMessage, pushedAt FROM " + LISTINGS + " WHERE entry = ? AND listingKey IN ("
                        + PLACEHOLDERS + ")", values).executeQuery()) {
                    while (row.next()) {
                        if (row.getString("pushStatus") == null) {
                            continue;
                        }
                        ListingKey key = byValue.get(row.getString("listingKey"));
                        long quantity = row.getLong("lastPushedQuantity");
                        OptionalLong lastPushed = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(quantity);
                        result.put(key, new Entry(key, lastPushed, PushStatus.valueOf(row.getString("pushStatus")),
                                Optional.ofNullable(row.getString("pushCode")).orElse(""),
                                Optional.ofNullable(row.getString("pushMessage")).orElse(""),
                                Instant.parse(row.getString("pushedAt"))));
                    }
                }
            }
            return null;
        });
        return result;
    }

    private static final int CHUNK = 200;
    private static final String PLACEHOLDERS = String.join(",", java.util.Collections.nCopies(CHUNK, "?"));

    @Override
    public PushFence fence(ListingKey listing) {
        return database.read(session -> {
            try (ResultSet row = session.bind("SELECT fenceMapping, fenceStock FROM " + LISTINGS
                    + " WHERE listingKey = ? AND entry = ?", listing.value(), PUSH).executeQuery()) {
                if (!row.next()) {
                    return PushFence.NONE;
                }
                long mapping = row.getLong(1);
                return row.wasNull() ? PushFence.NONE : new PushFence(mapping, row.getLong(2));
            }
        });
    }

    @Override
    public boolean claim(ListingKey listing, PushFence fence, Instant at) {
        return database.write(session -> session.update("INSERT INTO " + LISTINGS
                        + " (listingKey, entry, fenceMapping, fenceStock, updatedAt) SELECT ?, ?, ?, ?, ?" + WHILE_MAPPED
                        + " ON CONFLICT (listingKey, entry) DO UPDATE SET fenceMapping = excluded.fenceMapping,"
                        + " fenceStock = excluded.fenceStock, updatedAt = excluded.updatedAt"
                        + " WHERE fenceMapping IS NULL OR fenceMapping < excluded.fenceMapping"
                        + " OR (fenceMapping = excluded.fenceMapping AND fenceStock <= excluded.fenceStock)",
                listing.value(), PUSH, fence.mappingVersion(), fence.stockVersions(), at.toString(),
                listing.value()) == 1);
    }

    @Override
    public boolean record(ListingKey listing, PushFence fence, long quantity, PushStatus status, String mallCode,
                          String message, Instant at) {
        String code = mallCode == null ? "" : mallCode;
        String text = message == null ? "" : message;
        return database.write(session -> status == PushStatus.OK
                ? session.update("UPDATE " + LISTINGS + " SET lastPushedQuantity = ?, pushStatus = ?, pushCode = ?,"
                        + " pushMessage = ?, pushedAt = ? WHERE listingKey = ? AND entry = ? AND fenceMapping = ?"
                        + " AND fenceStock = ?", quantity, status.name(), code, text, at.toString(), listing.value(),
                PUSH, fence.mappingVersion(), fence.stockVersions())
                : session.update("UPDATE " + LISTINGS + " SET pushStatus = ?, pushCode = ?, pushMessage = ?,"
                        + " pushedAt = ? WHERE listingKey = ? AND entry = ? AND fenceMapping = ? AND fenceStock = ?",
                status.name(), code, text, at.toString(), listing.value(), PUSH, fence.mappingVersion(),
                fence.stockVersions())) == 1;
    }

    @Override
    public void record(ListingKey listing, long quantity, PushStatus status, String mallCode, String message,
                       Instant at) {
        String code = mallCode == null ? "" : mallCode;
        String text = message == null ? "" : message;
        boolean ok = status == PushStatus.OK;
        // Upsert only while mapped: a listing unmapped meanwhile gets no log (nothing is created).
        database.write(session -> session.update("INSERT INTO " + LISTINGS + " (listingKey, entry, lastPushedQuantity,"
                        + " pushStatus, pushCode, pushMessage, pushedAt, updatedAt) SELECT ?, ?, ?, ?, ?, ?, ?, ?"
                        + WHILE_MAPPED + " ON CONFLICT (listingKey, entry) DO UPDATE SET lastPushedQuantity = "
                        + (ok ? "excluded.lastPushedQuantity" : "lastPushedQuantity")
                        + ", pushStatus = excluded.pushStatus, pushCode = excluded.pushCode,"
                        + " pushMessage = excluded.pushMessage, pushedAt = excluded.pushedAt",
                listing.value(), PUSH, ok ? quantity : null, status.name(), code, text, at.toString(), at.toString(),
                listing.value()));
    }
}
