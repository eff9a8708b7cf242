package dev.zaiko.adapter.sql;

import dev.zaiko.domain.channel.OpenOrders;

import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * A channel's open orders on the channels table, rows {@code (channelId, "OPEN#" + orderId)}. They
 * expire after {@link #KEEP} like the DynamoDB items (TTL): expired rows are not returned and are
 * deleted on the next write.
 */
public final class SqlOpenOrders implements OpenOrders {
    static final String PREFIX = "OPEN#";
    static final Duration KEEP = Duration.ofDays(60);
    private static final String CHANNELS = SqlChannelStates.CHANNELS;

    private final SqliteDatabase database;
    private final String channelId;
    private final Clock clock;

    public SqlOpenOrders(SqliteDatabase database, String channelId, Clock clock) {
        this.database = database;
        this.channelId = channelId;
        this.clock = clock;
    }

    @Override
    public Set<String> openOrderIds() {
        long now = clock.instant().getEpochSecond();
        return database.read(session -> {
            Set<String> ids = new HashSet<>();
            try (ResultSet row = session.bind("SELECT entry FROM " + CHANNELS + " WHERE channelId = ?"
                    + " AND entry LIKE 'OPEN#%' AND (expiresAt IS NULL OR expiresAt >= ?)", channelId, now)
                    .executeQuery()) {
                while (row.next()) {
                    ids.add(row.getString(1).substring(PREFIX.length()));
                }
            }
            return ids;
        });
    }

    @Override
    public void markOpen(Collection<String> orderIds) {
        long expiresAt = clock.instant().plus(KEEP).getEpochSecond();
        database.write(session -> {
            session.update("DELETE FROM " + CHANNELS + " WHERE channelId = ? AND entry LIKE 'OPEN#%'"
                    + " AND expiresAt < ?", channelId, clock.instant().getEpochSecond());
            for (String id : orderIds) {
                session.update("INSERT INTO " + CHANNELS + " (channelId, entry, expiresAt) VALUES (?, ?, ?)"
                        + " ON CONFLICT (channelId, entry) DO UPDATE SET expiresAt = excluded.expiresAt",
                        channelId, PREFIX + id, expiresAt);
            }
            return null;
        });
    }

    @Override
    public void markClosed(Collection<String> orderIds) {
        database.write(session -> {
            for (String id : orderIds) {
                session.update("DELETE FROM " + CHANNELS + " WHERE channelId = ? AND entry = ?", channelId, PREFIX + id);
            }
            return null;
        });
    }
}
