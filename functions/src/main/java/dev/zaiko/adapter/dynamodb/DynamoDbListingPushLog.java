package dev.zaiko.adapter.dynamodb;

import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.port.ListingPushLog;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The last push of a listing, on the listing's META item (never creates a listing). */
public final class DynamoDbListingPushLog implements ListingPushLog {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbListingPushLog(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.listings();
    }

    private static Map<String, AttributeValue> key(ListingKey listing) {
        return Map.of("listingKey", Attr.s(listing.value()), "entry", Attr.s(DynamoDbStockLedger.META));
    }

    @Override
    public OptionalLong lastPushed(ListingKey listing) {
        return entry(listing).map(ListingPushLog.Entry::lastPushedQuantity).orElse(OptionalLong.empty());
    }

    /** One BatchGetItem per 100 listings instead of a GetItem each. */
    @Override
    public Map<ListingKey, OptionalLong> lastPushed(java.util.Collection<ListingKey> listings) {
        Map<ListingKey, OptionalLong> result = new java.util.LinkedHashMap<>();
        java.util.List<ListingKey> all = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(listings));
        all.forEach(key -> result.put(key, OptionalLong.empty()));
        for (int from = 0; from < all.size(); from += 100) {
            java.util.List<Map<String, AttributeValue>> keys = all.subList(from, Math.min(all.size(), from + 100))
                    .stream().map(DynamoDbListingPushLog::key).toList();
            Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> request = Map.of(table,
                    software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().keys(keys)
                            .consistentRead(true).projectionExpression("listingKey, lastPushedQuantity").build());
            while (request != null && !request.isEmpty()) {
                Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> pending = request;
                var response = dynamo.batchGetItem(r -> r.requestItems(pending));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, java.util.List.of())) {
                    AttributeValue quantity = item.get("lastPushedQuantity");
                    if (quantity != null) {
                        result.put(ListingKey.parse(item.get("listingKey").s()),
                                OptionalLong.of(Long.parseLong(quantity.n())));
                    }
                }
                request = response.hasUnprocessedKeys() && !response.unprocessedKeys().isEmpty()
                        ? response.unprocessedKeys() : null;
            }
        }
        return result;
    }

    @Override
    public Optional<Entry> entry(ListingKey listing) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(listing))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty() || !item.containsKey("pushStatus")) {
            return Optional.empty();
        }
        AttributeValue quantity = item.get("lastPushedQuantity");
        return Optional.of(new Entry(listing,
                quantity == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(quantity.n())),
                PushStatus.valueOf(Attr.string(item, "pushStatus")),
                Attr.optionalString(item, "pushCode").orElse(""),
                Attr.optionalString(item, "pushMessage").orElse(""),
                Instant.parse(Attr.string(item, "pushedAt"))));
    }

    @Override
    public void record(ListingKey listing, long quantity, PushStatus status, String mallCode, String message,
                       Instant at) {
        String set = status == PushStatus.OK
                ? "SET lastPushedQuantity = :q, pushStatus = :s, pushCode = :c, pushMessage = :m, pushedAt = :t"
                : "SET pushStatus = :s, pushCode = :c, pushMessage = :m, pushedAt = :t";
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(
                ":s", Attr.s(status.name()), ":c", Attr.s(mallCode == null ? "" : mallCode),
                ":m", Attr.s(message == null ? "" : message), ":t", Attr.s(at.toString())));
        if (status == PushStatus.OK) {
            values.put(":q", Attr.n(quantity));
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(listing)).updateExpression(set)
                    .conditionExpression("attribute_exists(listingKey)")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException unmapped) {
            // The listing was unmapped meanwhile; nothing to record against.
        }
    }
}
