package dev.zaiko.adapter.sql;

import dev.zaiko.domain.port.RateBuckets;

import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;

/**
 * Rate buckets on the channels table, rows {@code (channelId, "RATE#" + bucket)} with
 * {@code tatMicros}, as the {@link RateBuckets} contract defines them. Each call is one
 * {@code BEGIN IMMEDIATE} transaction that reads {@code tatMicros} and writes it back only under
 * {@code WHERE tatMicros IS ?} (the value the decision used), so two processes on one file can never
 * both spend the same tokens.
 */
public final class SqlRateBuckets implements RateBuckets {
    static final String PREFIX = "RATE#";
    private static final String CHANNELS = SqlChannelStates.CHANNELS;

    private final SqliteDatabase database;

    public SqlRateBuckets(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public Take tryTake(String channelId, String bucket, int tokens, double capacity, double refillPerSecond,
                        Instant now) {
        Gcra.checkTokens(tokens, capacity);
        long nowMicros = Gcra.micros(now);
        long cost = tokens * Gcra.intervalMicros(refillPerSecond);
        long tolerance = Gcra.toleranceMicros(capacity, refillPerSecond);
        return database.write(session -> {
            Long tat = readTat(session, channelId, bucket);
            long base = Math.max(tat == null ? nowMicros : tat, nowMicros);
            long next = base + cost;
            if (next - nowMicros > tolerance) {
                return new Take(false, Duration.ofNanos((next - tolerance - nowMicros) * 1_000));
            }
            writeTat(session, channelId, bucket, tat, next);
            return Take.TAKEN;
        });
    }

    @Override
    public void holdUntil(String channelId, String bucket, double capacity, double refillPerSecond, Instant until) {
        long held = Gcra.heldTat(Gcra.micros(until), capacity, refillPerSecond);
        database.write(session -> {
            Long tat = readTat(session, channelId, bucket);
            if (tat == null || tat < held) {
                writeTat(session, channelId, bucket, tat, held);
            }
            return null;
        });
    }

    private static Long readTat(SqliteDatabase.Session session, String channelId, String bucket)
            throws java.sql.SQLException {
        try (ResultSet row = session.bind("SELECT tatMicros FROM " + CHANNELS + " WHERE channelId = ? AND entry = ?",
                channelId, PREFIX + bucket).executeQuery()) {
            if (!row.next()) {
                return null;
            }
            long value = row.getLong(1);
            return row.wasNull() ? null : value;
        }
    }

    /** Conditional on the value the decision read (absent: the row must not exist yet). */
    private static void writeTat(SqliteDatabase.Session session, String channelId, String bucket, Long seen,
                                 long next) throws java.sql.SQLException {
        int changed = seen == null
                ? session.update("INSERT INTO " + CHANNELS + " (channelId, entry, tatMicros) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING", channelId, PREFIX + bucket, next)
                : session.update("UPDATE " + CHANNELS + " SET tatMicros = ? WHERE channelId = ? AND entry = ?"
                        + " AND tatMicros = ?", next, channelId, PREFIX + bucket, seen);
        if (changed != 1) {
            throw new IllegalStateException("rate bucket " + channelId + "/" + bucket + " changed inside its"
                    + " own transaction");
        }
    }
}
