package dev.zaiko.adapter.dynamodb;

import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.PollResume;
import dev.zaiko.domain.port.ChannelStates;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Channel state on the channels table, item {@code (channelId, "STATE")}. Instants that are
 * compared in conditions are stored as epoch milliseconds (ISO strings of varying precision do not
 * sort), with an ISO copy for people reading the table.
 */
public final class DynamoDbChannelStates implements ChannelStates {
    static final String STATE = "STATE";
    static final String WEBHOOK_PREFIX = "WEBHOOK#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbChannelStates(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.channels();
    }

    private Map<String, AttributeValue> key(String channelId, String entry) {
        return Map.of("channelId", Attr.s(channelId), "entry", Attr.s(entry));
    }

    @Override
    public ChannelState get(String channelId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(channelId, STATE))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return ChannelState.fresh(channelId);
        }
        return new ChannelState(channelId,
                millis(item, "cursorMillis"),
                ChannelHealth.valueOf(Attr.optionalString(item, "health").orElse("OK")),
                Attr.optionalString(item, "healthMessage").orElse(""),
                millis(item, "healthSinceMillis"),
                millis(item, "lastPollMillis"),
                Attr.number(item, "lastPollEvents", 0),
                Attr.optionalString(item, "credentialsFingerprint").orElse(""),
                (int) Attr.number(item, "consecutiveRetries", 0));
    }

    private static Optional<Instant> millis(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(Long.parseLong(value.n())));
    }

    @Override
    public void recordPoll(String channelId, Instant cursor, Instant polledAt, long events) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":c", Attr.n(cursor.toEpochMilli()));
        values.put(":ci", Attr.s(cursor.toString()));
        values.put(":p", Attr.n(polledAt.toEpochMilli()));
        values.put(":pi", Attr.s(polledAt.toString()));
        values.put(":e", Attr.n(events));
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(channelId, STATE))
                    .updateExpression("SET cursorMillis = :c, cursorAt = :ci, lastPollMillis = :p, lastPollAt = :pi, "
                            + "lastPollEvents = :e")
                    .conditionExpression("attribute_not_exists(cursorMillis) OR cursorMillis <= :c")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException cursorAhead) {
            // Another run already moved the cursor further: never move it back, just note the poll.
            values.remove(":c");
            values.remove(":ci");
            dynamo.updateItem(r -> r.tableName(table).key(key(channelId, STATE))
                    .updateExpression("SET lastPollMillis = :p, lastPollAt = :pi, lastPollEvents = :e")
                    .expressionAttributeValues(values));
        }
    }

    /** Item {@code (channelId, "RESUME")}: the window of an incomplete poll and its next page token. */
    static final String RESUME = "RESUME";

    @Override
    public Optional<PollResume> pollResume(String channelId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(channelId, RESUME))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PollResume(Instant.ofEpochMilli(Attr.number(item, "fromMillis")),
                Instant.ofEpochMilli(Attr.number(item, "toMillis")), Attr.string(item, "pageToken")));
    }

    @Override
    public void savePollResume(String channelId, Optional<PollResume> resume) {
        if (resume.isEmpty()) {
            dynamo.deleteItem(r -> r.tableName(table).key(key(channelId, RESUME)));
            return;
        }
        PollResume at = resume.get();
        Map<String, AttributeValue> item = new HashMap<>(key(channelId, RESUME));
        item.put("fromMillis", Attr.n(at.from().toEpochMilli()));
        item.put("toMillis", Attr.n(at.to().toEpochMilli()));
        item.put("pageToken", Attr.s(at.pageToken()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public void setHealth(String channelId, ChannelHealth health, String message, String credentialsFingerprint,
                          int consecutiveRetries, Instant at) {
        ChannelHealth previous = get(channelId).health();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":h", Attr.s(health.name()));
        values.put(":m", Attr.s(message == null ? "" : message));
        values.put(":f", Attr.s(credentialsFingerprint == null ? "" : credentialsFingerprint));
        values.put(":r", Attr.n(consecutiveRetries));
        StringBuilder set = new StringBuilder("SET health = :h, healthMessage = :m, credentialsFingerprint = :f, "
                + "consecutiveRetries = :r");
        if (previous != health) {
            set.append(", healthSinceMillis = :s, healthSince = :si");
            values.put(":s", Attr.n(at.toEpochMilli()));
            values.put(":si", Attr.s(at.toString()));
        }
        dynamo.updateItem(r -> r.tableName(table).key(key(channelId, STATE))
                .updateExpression(set.toString()).expressionAttributeValues(values));
    }

    @Override
    public boolean acquirePushLease(String channelId, String owner, Instant now, Instant until) {
        Map<String, AttributeValue> values = Map.of(":o", Attr.s(owner), ":u", Attr.n(until.toEpochMilli()),
                ":now", Attr.n(now.toEpochMilli()));
        try {
            // A new holder drains everything queued, so it spends any "drain again" mark ...
            dynamo.updateItem(r -> r.tableName(table).key(key(channelId, STATE))
                    .updateExpression("SET leaseOwner = :o, leaseUntilMillis = :u REMOVE pushDirty")
                    .conditionExpression("attribute_not_exists(leaseUntilMillis) OR leaseUntilMillis < :now")
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException held) {
            // held: by us (a renewal) or by someone else
        }
        try {
            // ... the holder renewing keeps it (it must drain again).
            dynamo.updateItem(r -> r.tableName(table).key(key(channelId, STATE))
                    .updateExpression("SET leaseOwner = :o, leaseUntilMillis = :u")
                    .conditionExpression("leaseOwner = :o")
                    .expressionAttributeValues(Map.of(":o", Attr.s(owner), ":u", Attr.n(until.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException heldByAnother) {
            return false;
        }
    }

    @Override
    public void markPushDirty(String channelId) {
        dynamo.updateItem(r -> r.tableName(table).key(key(channelId, STATE))
                .updateExpression("SET pushDirty = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))));
    }

    @Override
    public boolean releasePushLease(String channelId, String owner) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(channelId, STATE))
                    .updateExpression("REMOVE leaseOwner, leaseUntilMillis")
                    .conditionExpression("leaseOwner = :o AND attribute_not_exists(pushDirty)")
                    .expressionAttributeValues(Map.of(":o", Attr.s(owner))));
            return true;
        } catch (ConditionalCheckFailedException dirtyOrNotOurs) {
            // Either marked dirty (spend the mark, keep the lease, drain again) or taken over.
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(channelId, STATE))
                    .updateExpression("REMOVE pushDirty")
                    .conditionExpression("leaseOwner = :o")
                    .expressionAttributeValues(Map.of(":o", Attr.s(owner))));
            return false;
        } catch (ConditionalCheckFailedException notOurs) {
            // Expired and taken over meanwhile: nothing of ours to release.
            return true;
        }
    }

    @Override
    public boolean claimPollNow(String channelId, Instant now, Instant until) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(channelId, STATE))
                    .updateExpression("SET pollRequestedUntilMillis = :u, pollRequestedUntil = :ui")
                    .conditionExpression("attribute_not_exists(pollRequestedUntilMillis) OR pollRequestedUntilMillis <= :now")
                    .expressionAttributeValues(Map.of(":u", Attr.n(until.toEpochMilli()), ":ui", Attr.s(until.toString()),
                            ":now", Attr.n(now.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException claimed) {
            // another container asked for this channel's poll within the window
            return false;
        }
    }

    @Override
    public boolean deliverySeen(String channelId, String deliveryId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(channelId, WEBHOOK_PREFIX + deliveryId)).consistentRead(true)).item();
        return item != null && !item.isEmpty();
    }

    @Override
    public boolean firstDelivery(String channelId, String deliveryId, Instant now, Duration keepFor) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(Map.of(
                            "channelId", Attr.s(channelId),
                            "entry", Attr.s(WEBHOOK_PREFIX + deliveryId),
                            "receivedAt", Attr.s(now.toString()),
                            "expiresAt", Attr.n(now.plus(keepFor).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(entry)"));
            return true;
        } catch (ConditionalCheckFailedException seen) {
            return false;
        }
    }
}
