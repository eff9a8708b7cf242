package dev.zaiko.adapter.sql;

import dev.zaiko.domain.ListingKey;
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

/** The last push of a listing, on the listing's META row (never creates a listing), as on DynamoDB. */
public final class SqlListingPushLog implements ListingPushLog {
    private static final String LISTINGS = SqlStockLedger.LISTINGS;
    private final SqliteDatabase database;

    public SqlListingPushLog(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public OptionalLong lastPushed(ListingKey listing) {
        return entry(listing).map(Entry::lastPushedQuantity).orElse(OptionalLong.empty());
    }

    @Override
    public Map<ListingKey, OptionalLong> lastPushed(Collection<ListingKey> listings) {
        Map<ListingKey, OptionalLong> result = new LinkedHashMap<>();
        List<ListingKey> all = new ArrayList<>(new LinkedHashSet<>(listings));
        all.forEach(key -> result.put(key, OptionalLong.empty()));
        entries(all).forEach((key, entry) -> result.put(key, entry.lastPushedQuantity()));
        return result;
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
                values[0] = SqlStockLedger.META;
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
                        result.put(key, toEntry(key, row));
                    }
                }
            }
            return null;
        });
        return result;
    }

    private static final int CHUNK = 200;
    private static final String PLACEHOLDERS = String.join(",", java.util.Collections.nCopies(CHUNK, "?"));

    private static Entry toEntry(ListingKey listing, ResultSet row) throws java.sql.SQLException {
        long quantity = row.getLong("lastPushedQuantity");
        OptionalLong lastPushed = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(quantity);
        return new Entry(listing, lastPushed, PushStatus.valueOf(row.getString("pushStatus")),
                Optional.ofNullable(row.getString("pushCode")).orElse(""),
                Optional.ofNullable(row.getString("pushMessage")).orElse(""),
                Instant.parse(row.getString("pushedAt")));
    }

    @Override
    public Optional<Entry> entry(ListingKey listing) {
        return database.read(session -> {
            try (ResultSet row = session.bind("SELECT lastPushedQuantity, pushStatus, pushCode, pushMessage, pushedAt"
                    + " FROM " + LISTINGS + " WHERE listingKey = ? AND entry = ?", listing.value(),
                    SqlStockLedger.META).executeQuery()) {
                if (!row.next() || row.getString("pushStatus") == null) {
                    return Optional.<Entry>empty();
                }
                return Optional.of(toEntry(listing, row));
            }
        });
    }

    @Override
    public void record(ListingKey listing, long quantity, PushStatus status, String mallCode, String message,
                       Instant at) {
        String code = mallCode == null ? "" : mallCode;
        String text = message == null ? "" : message;
        // UPDATE only: a listing unmapped meanwhile has no row to record against (nothing is created).
        database.write(session -> status == PushStatus.OK
                ? session.update("UPDATE " + LISTINGS + " SET lastPushedQuantity = ?, pushStatus = ?, pushCode = ?,"
                        + " pushMessage = ?, pushedAt = ? WHERE listingKey = ? AND entry = ?", quantity, status.name(),
                code, text, at.toString(), listing.value(), SqlStockLedger.META)
                : session.update("UPDATE " + LISTINGS + " SET pushStatus = ?, pushCode = ?, pushMessage = ?,"
                        + " pushedAt = ? WHERE listingKey = ? AND entry = ?", status.name(), code, text, at.toString(),
                listing.value(), SqlStockLedger.META));
    }
}
