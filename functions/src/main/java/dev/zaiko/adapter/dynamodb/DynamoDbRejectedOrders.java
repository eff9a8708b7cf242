package dev.zaiko.adapter.dynamodb;

import dev.zaiko.domain.RejectedOrder;
import dev.zaiko.domain.port.RejectedOrders;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Rejected orders on the channels table, items {@code (channelId, "REJECTED#" + orderId)} with
 * the reason and the raw excerpt (at most 2 KB, far below the 400 KB item limit). They expire after
 * {@link #KEEP} through the table's TTL.
 */
public final class DynamoDbRejectedOrders implements RejectedOrders {
    static final String PREFIX = "REJECTED#";
    static final Duration KEEP = Duration.ofDays(90);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbRejectedOrders(DynamoDbClient dynamo, TableNames tables, Clock clock) {
        this.dynamo = dynamo;
        this.table = tables.channels();
        this.clock = clock;
    }

    @Override
    public void quarantine(Collection<RejectedOrder> orders) {
        long expiresAt = clock.instant().plus(KEEP).getEpochSecond();
        for (RejectedOrder order : orders) {
            dynamo.putItem(r -> r.tableName(table).item(Map.of(
                    "channelId", Attr.s(order.channelId()),
                    "entry", Attr.s(PREFIX + order.orderId()),
                    "orderId", Attr.s(order.orderId()),
                    "reason", Attr.s(order.reason()),
                    "rawExcerpt", Attr.s(order.rawExcerpt().isEmpty() ? " " : order.rawExcerpt()),
                    "rejectedAt", Attr.s(order.rejectedAt().toString()),
                    "expiresAt", Attr.n(expiresAt))));
        }
    }

    @Override
    public List<RejectedOrder> rejected(String channelId, int limit) {
        long now = clock.instant().getEpochSecond();
        List<RejectedOrder> orders = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse response = dynamo.query(r -> r.tableName(table)
                    .keyConditionExpression("channelId = :c AND begins_with(entry, :p)")
                    .expressionAttributeValues(Map.of(":c", Attr.s(channelId), ":p", Attr.s(PREFIX)))
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : response.items()) {
                // TTL deletes lazily: an expired item may still be read.
                if (item.containsKey("expiresAt") && Attr.number(item, "expiresAt") < now) {
                    continue;
                }
                orders.add(new RejectedOrder(channelId, Attr.string(item, "orderId"), Attr.string(item, "reason"),
                        Attr.string(item, "rawExcerpt").strip(), Instant.parse(Attr.string(item, "rejectedAt"))));
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        orders.sort(Comparator.comparing(RejectedOrder::rejectedAt).reversed().thenComparing(RejectedOrder::orderId));
        return orders.size() > limit ? List.copyOf(orders.subList(0, limit)) : orders;
    }
}
