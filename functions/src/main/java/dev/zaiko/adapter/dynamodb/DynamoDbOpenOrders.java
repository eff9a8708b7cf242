package dev.zaiko.adapter.dynamodb;

import dev.zaiko.domain.channel.OpenOrders;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A channel's open orders on the channels table, items {@code (channelId, "OPEN#" + orderId)}.
 * They expire after {@link #KEEP} through the table's TTL, so an order the mall never closes
 * cannot be re-checked forever.
 */
public final class DynamoDbOpenOrders implements OpenOrders {
    static final String PREFIX = "OPEN#";
    static final Duration KEEP = Duration.ofDays(60);

    private final DynamoDbClient dynamo;
    private final String table;
    private final String channelId;
    private final Clock clock;

    public DynamoDbOpenOrders(DynamoDbClient dynamo, TableNames tables, String channelId, Clock clock) {
        this.dynamo = dynamo;
        this.table = tables.channels();
        this.channelId = channelId;
        this.clock = clock;
    }

    @Override
    public Set<String> openOrderIds() {
        Set<String> ids = new HashSet<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse response = dynamo.query(r -> r.tableName(table)
                    .keyConditionExpression("channelId = :c AND begins_with(entry, :p)")
                    .expressionAttributeValues(Map.of(":c", Attr.s(channelId), ":p", Attr.s(PREFIX)))
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            response.items().forEach(item -> ids.add(Attr.string(item, "entry").substring(PREFIX.length())));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return ids;
    }

    @Override
    public void markOpen(Collection<String> orderIds) {
        long expiresAt = clock.instant().plus(KEEP).getEpochSecond();
        write(orderIds.stream().map(id -> WriteRequest.builder().putRequest(p -> p.item(Map.of(
                "channelId", Attr.s(channelId), "entry", Attr.s(PREFIX + id),
                "expiresAt", Attr.n(expiresAt)))).build()).toList());
    }

    @Override
    public void markClosed(Collection<String> orderIds) {
        write(orderIds.stream().map(id -> WriteRequest.builder().deleteRequest(d -> d.key(Map.of(
                "channelId", Attr.s(channelId), "entry", Attr.s(PREFIX + id)))).build()).toList());
    }

    private void write(List<WriteRequest> requests) {
        for (int from = 0; from < requests.size(); from += 25) {
            List<WriteRequest> pending = new ArrayList<>(requests.subList(from, Math.min(requests.size(), from + 25)));
            while (!pending.isEmpty()) {
                List<WriteRequest> chunk = pending;
                Map<String, List<WriteRequest>> unprocessed = dynamo.batchWriteItem(r -> r.requestItems(
                        Map.of(table, chunk))).unprocessedItems();
                pending = unprocessed == null ? List.of() : unprocessed.getOrDefault(table, List.of());
            }
        }
    }
}
