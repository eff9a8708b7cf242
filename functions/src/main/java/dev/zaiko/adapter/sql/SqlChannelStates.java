package dev.zaiko.adapter.sql;

import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.PollResume;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.schema.Tables;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Channel state on the channels table, row {@code (channelId, "STATE")}, as
 * {@code DynamoDbChannelStates} keeps it: the cursor only moves forward and the push lease is taken
 * by one conditional upsert, so two processes on one file can never both hold it.
 */
public final class SqlChannelStates implements ChannelStates {
    static final String STATE = "STATE";
    static final String WEBHOOK_PREFIX = "WEBHOOK#";
    static final String CHANNELS = SqlSchema.table(Tables.CHANNELS);

    private final SqliteDatabase database;

    public SqlChannelStates(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public ChannelState get(String channelId) {
        return database.read(session -> {
            try (ResultSet row = session.bind("SELECT * FROM " + CHANNELS + " WHERE channelId = ? AND entry = ?",
                    channelId, STATE).executeQuery()) {
                if (!row.next()) {
                    return ChannelState.fresh(channelId);
                }
                return new ChannelState(channelId, millis(row, "cursorMillis"),
                        ChannelHealth.valueOf(Optional.ofNullable(row.getString("health")).orElse("OK")),
                        Optional.ofNullable(row.getString("healthMessage")).orElse(""),
                        millis(row, "healthSinceMillis"), millis(row, "lastPollMillis"),
                        row.getLong("lastPollEvents"),
                        Optional.ofNullable(row.getString("credentialsFingerprint")).orElse(""),
                        row.getInt("consecutiveRetries"));
            }
        });
    }

    private static Optional<Instant> millis(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }

    private static void ensureRow(SqliteDatabase.Session session, String channelId) throws SQLException {
        session.update("INSERT INTO " + CHANNELS + " (channelId, entry) VALUES (?, ?) ON CONFLICT DO NOTHING",
                channelId, STATE);
    }

    @Override
    public void recordPoll(String channelId, Instant cursor, Instant polledAt, long events) {
        database.write(session -> {
            ensureRow(session, channelId);
            // Never moves the cursor back: another run may already have moved it further.
            session.update("UPDATE " + CHANNELS + " SET cursorMillis = CASE WHEN cursorMillis IS NULL OR"
                            + " cursorMillis <= ? THEN ? ELSE cursorMillis END, lastPollMillis = ?, lastPollEvents = ?"
                            + " WHERE channelId = ? AND entry = ?",
                    cursor.toEpochMilli(), cursor.toEpochMilli(), polledAt.toEpochMilli(), events, channelId, STATE);
            return null;
        });
    }

    /** Row {@code (channelId, "RESUME")}: the window of an incomplete poll (doc) and its next page token. */
    static final String RESUME = "RESUME";

    @Override
    public Optional<PollResume> pollResume(String channelId) {
        return database.read(session -> {
            try (ResultSet row = session.bind("SELECT doc FROM " + CHANNELS + " WHERE channelId = ? AND entry = ?",
                    channelId, RESUME).executeQuery()) {
                if (!row.next() || row.getString(1) == null) {
                    return Optional.<PollResume>empty();
                }
                String[] parts = row.getString(1).split("\n", 3);
                return Optional.of(new PollResume(Instant.ofEpochMilli(Long.parseLong(parts[0])),
                        Instant.ofEpochMilli(Long.parseLong(parts[1])), parts[2]));
            }
        });
    }

    @Override
    public void savePollResume(String channelId, Optional<PollResume> resume) {
        database.write(session -> {
            if (resume.isEmpty()) {
                session.update("DELETE FROM " + CHANNELS + " WHERE channelId = ? AND entry = ?", channelId, RESUME);
            } else {
                PollResume at = resume.get();
                session.update("INSERT INTO " + CHANNELS + " (channelId, entry, doc) VALUES (?, ?, ?)"
                                + " ON CONFLICT (channelId, entry) DO UPDATE SET doc = excluded.doc", channelId, RESUME,
                        at.from().toEpochMilli() + "\n" + at.to().toEpochMilli() + "\n" + at.pageToken());
            }
            return null;
        });
    }

    @Override
    public void setHealth(String channelId, ChannelHealth health, String message, String credentialsFingerprint,
                          int consecutiveRetries, Instant at) {
        database.write(session -> {
            ensureRow(session, channelId);
            session.update("UPDATE " + CHANNELS + " SET healthSinceMillis = CASE WHEN COALESCE(health, 'OK') = ?"
                            + " THEN healthSinceMillis ELSE ? END, health = ?, healthMessage = ?,"
                            + " credentialsFingerprint = ?, consecutiveRetries = ? WHERE channelId = ? AND entry = ?",
                    health.name(), at.toEpochMilli(), health.name(), message == null ? "" : message,
                    credentialsFingerprint == null ? "" : credentialsFingerprint, consecutiveRetries, channelId,
                    STATE);
            return null;
        });
    }

    @Override
    public boolean acquirePushLease(String channelId, String owner, Instant now, Instant until) {
        return database.write(session -> {
            ensureRow(session, channelId);
            // A new holder drains everything queued, so an older "drain again" mark is spent; the
            // holder's own renewal keeps a mark set while it drains (it must drain again).
            return session.update("UPDATE " + CHANNELS + " SET pushDirty = CASE WHEN leaseOwner = ? THEN pushDirty"
                            + " ELSE NULL END, leaseOwner = ?, leaseUntilMillis = ?"
                            + " WHERE channelId = ? AND entry = ? AND (leaseUntilMillis IS NULL OR leaseUntilMillis < ?"
                            + " OR leaseOwner = ?)",
                    owner, owner, until.toEpochMilli(), channelId, STATE, now.toEpochMilli(), owner) == 1;
        });
    }

    @Override
    public void markPushDirty(String channelId) {
        database.write(session -> {
            ensureRow(session, channelId);
            return session.update("UPDATE " + CHANNELS + " SET pushDirty = 1 WHERE channelId = ? AND entry = ?",
                    channelId, STATE);
        });
    }

    @Override
    public boolean releasePushLease(String channelId, String owner) {
        return database.write(session -> {
            if (session.update("UPDATE " + CHANNELS + " SET leaseOwner = NULL, leaseUntilMillis = NULL"
                    + " WHERE channelId = ? AND entry = ? AND leaseOwner = ? AND pushDirty IS NULL",
                    channelId, STATE, owner) == 1) {
                return true;
            }
            // Marked dirty while we held it: spend the mark, keep the lease, drain again.
            return session.update("UPDATE " + CHANNELS + " SET pushDirty = NULL WHERE channelId = ? AND entry = ?"
                    + " AND leaseOwner = ?", channelId, STATE, owner) == 0;
        });
    }

    @Override
    public boolean claimPollNow(String channelId, Instant now, Instant until) {
        return database.write(session -> {
            ensureRow(session, channelId);
            return session.update("UPDATE " + CHANNELS + " SET pollRequestedUntilMillis = ?"
                            + " WHERE channelId = ? AND entry = ? AND (pollRequestedUntilMillis IS NULL"
                            + " OR pollRequestedUntilMillis <= ?)",
                    until.toEpochMilli(), channelId, STATE, now.toEpochMilli()) == 1;
        });
    }

    @Override
    public boolean deliverySeen(String channelId, String deliveryId) {
        return database.read(session -> {
            try (ResultSet row = session.bind("SELECT 1 FROM " + CHANNELS + " WHERE channelId = ? AND entry = ?",
                    channelId, WEBHOOK_PREFIX + deliveryId).executeQuery()) {
                return row.next();
            }
        });
    }

    @Override
    public boolean firstDelivery(String channelId, String deliveryId, Instant now, Duration keepFor) {
        return database.write(session -> {
            // What DynamoDB's TTL does: expired delivery ids of this channel go first.
            session.update("DELETE FROM " + CHANNELS + " WHERE channelId = ? AND entry LIKE 'WEBHOOK#%'"
                    + " AND expiresAt IS NOT NULL AND expiresAt < ?", channelId, now.getEpochSecond());
            return session.update("INSERT INTO " + CHANNELS + " (channelId, entry, expiresAt) VALUES (?, ?, ?)"
                            + " ON CONFLICT DO NOTHING", channelId, WEBHOOK_PREFIX + deliveryId,
                    now.plus(keepFor).getEpochSecond()) == 1;
        });
    }
}
