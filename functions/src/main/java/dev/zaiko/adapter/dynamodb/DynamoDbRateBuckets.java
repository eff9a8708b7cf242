package dev.zaiko.adapter.dynamodb;

import dev.zaiko.domain.port.RateBuckets;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Shared rate buckets on the channels table, item {@code (channelId, "RATE#<bucket>")} with one number
 * {@code tatMicros} (see {@link RateBuckets} for the semantics). No read ever precedes a write: a take
 * is a conditional update for the idle case ({@code tat <= now}: set {@code tat = now + cost}) and, when
 * that condition fails, one for the busy case ({@code now < tat <= now + tolerance - cost}: add
 * {@code cost}); DynamoDB evaluates each condition atomically, so concurrent takers never overdraw.
 * A refused take reads the {@code tat} that refused it from the failed write itself
 * ({@code ReturnValuesOnConditionCheckFailure.ALL_OLD}) to say how long to wait.
 */
public final class DynamoDbRateBuckets implements RateBuckets {
    static final String PREFIX = "RATE#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbRateBuckets(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.channels();
    }

    private static Map<String, AttributeValue> key(String channelId, String bucket) {
        return Map.of("channelId", Attr.s(channelId), "entry", Attr.s(PREFIX + bucket));
    }

    @Override
    public Take tryTake(String channelId, String bucket, int tokens, double capacity, double refillPerSecond,
                        Instant now) {
        Gcra.checkTokens(tokens, capacity);
        long nowMicros = Gcra.micros(now);
        long cost = tokens * Gcra.intervalMicros(refillPerSecond);
        long tolerance = Gcra.toleranceMicros(capacity, refillPerSecond);
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(channelId, bucket))
                    .updateExpression("SET tatMicros = :next")
                    .conditionExpression("attribute_not_exists(tatMicros) OR tatMicros <= :now")
                    .expressionAttributeValues(Map.of(":next", Attr.n(nowMicros + cost), ":now", Attr.n(nowMicros))));
            return Take.TAKEN;
        } catch (ConditionalCheckFailedException busy) {
            // tat is in the future: the bucket is partly drained
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(channelId, bucket))
                    .updateExpression("SET tatMicros = tatMicros + :cost")
                    .conditionExpression("tatMicros > :now AND tatMicros <= :limit")
                    .expressionAttributeValues(Map.of(":cost", Attr.n(cost), ":now", Attr.n(nowMicros),
                            ":limit", Attr.n(nowMicros + tolerance - cost)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Take.TAKEN;
        } catch (ConditionalCheckFailedException empty) {
            long tat = empty.hasItem() && empty.item().containsKey("tatMicros")
                    ? Long.parseLong(empty.item().get("tatMicros").n()) : nowMicros;
            long waitMicros = Math.max(tat, nowMicros) + cost - tolerance - nowMicros;
            // tat <= now here means another taker just idled it between our two writes: try again at once
            return new Take(false, Duration.ofNanos(Math.max(0, waitMicros) * 1_000));
        }
    }

    @Override
    public void holdUntil(String channelId, String bucket, double capacity, double refillPerSecond, Instant until) {
        long held = Gcra.heldTat(Gcra.micros(until), capacity, refillPerSecond);
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(channelId, bucket))
                    .updateExpression("SET tatMicros = :held")
                    .conditionExpression("attribute_not_exists(tatMicros) OR tatMicros < :held")
                    .expressionAttributeValues(Map.of(":held", Attr.n(held))));
        } catch (ConditionalCheckFailedException alreadyLater) {
            // a later hold or enough takes already push the bucket past this point
        }
    }
}
