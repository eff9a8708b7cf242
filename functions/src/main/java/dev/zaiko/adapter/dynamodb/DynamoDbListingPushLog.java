package dev.zaiko.adapter.dynamodb;

import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushFence;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.port.ListingPushLog;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The push log of a listing on its own item {@code (listingKey, "PUSH")} of the listings table: a
 * push never writes the META item that every reserve condition-checks (a write there made reserves
 * of a hot SKU fail their transactions). The fence only moves forward: {@link #claim} is an
 * UpdateItem conditional on the stored fence being older or equal, {@link #record} one conditional
 * on it being unchanged.
 *
 * <p>The fenced calls do not check that the listing is still mapped (that would put the META item
 * into a transaction again); a PUSH item left by a listing unmapped between the pusher's read and
 * its claim is inert: nothing reads it while the listing is unmapped, a new mapping has a higher
 * mapping version and so a newer fence.
 */
public final class DynamoDbListingPushLog implements ListingPushLog {
    static final String PUSH = "PUSH";
    /** Newer or equal: the stored fence is absent, behind on the mapping, or behind/equal on the stock versions. */
    static final String FENCE_NOT_AHEAD = "attribute_not_exists(fenceMapping) OR fenceMapping < :fm"
            + " OR (fenceMapping = :fm AND fenceStock <= :fs)";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbListingPushLog(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.listings();
    }

    private static Map<String, AttributeValue> key(ListingKey listing) {
        return Map.of("listingKey", Attr.s(listing.value()), "entry", Attr.s(PUSH));
    }

    @Override
    public OptionalLong lastPushed(ListingKey listing) {
        return lastPushed(List.of(listing)).get(listing);
    }

    /** One BatchGetItem per 100 listings instead of a GetItem each. */
    @Override
    public Map<ListingKey, OptionalLong> lastPushed(Collection<ListingKey> listings) {
        Map<ListingKey, OptionalLong> result = new LinkedHashMap<>();
        List<ListingKey> all = new ArrayList<>(new LinkedHashSet<>(listings));
        all.forEach(key -> result.put(key, OptionalLong.empty()));
        for (int from = 0; from < all.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = all.subList(from, Math.min(all.size(), from + 100))
                    .stream().map(DynamoDbListingPushLog::key).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .consistentRead(true).projectionExpression("listingKey, lastPushedQuantity").build());
            while (request != null && !request.isEmpty()) {
                Map<String, KeysAndAttributes> pending = request;
                var response = dynamo.batchGetItem(r -> r.requestItems(pending));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
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
    public PushFence fence(ListingKey listing) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(listing))
                .consistentRead(true).projectionExpression("fenceMapping, fenceStock")).item();
        if (item == null || !item.containsKey("fenceMapping")) {
            return PushFence.NONE;
        }
        return new PushFence(Attr.number(item, "fenceMapping"), Attr.number(item, "fenceStock", 0));
    }

    @Override
    public boolean claim(ListingKey listing, PushFence fence, Instant at) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(listing))
                    .updateExpression("SET fenceMapping = :fm, fenceStock = :fs, claimedAt = :t")
                    .conditionExpression(FENCE_NOT_AHEAD)
                    .expressionAttributeValues(Map.of(":fm", Attr.n(fence.mappingVersion()),
                            ":fs", Attr.n(fence.stockVersions()), ":t", Attr.s(at.toString()))));
            return true;
        } catch (ConditionalCheckFailedException newer) {
            return false;
        }
    }

    @Override
    public boolean record(ListingKey listing, PushFence fence, long quantity, PushStatus status, String mallCode,
                          String message, Instant at) {
        Map<String, AttributeValue> values = answer(quantity, status, mallCode, message, at);
        values.put(":fm", Attr.n(fence.mappingVersion()));
        values.put(":fs", Attr.n(fence.stockVersions()));
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(listing)).updateExpression(setAnswer(status))
                    .conditionExpression("fenceMapping = :fm AND fenceStock = :fs")
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException superseded) {
            return false;
        }
    }

    /** Outside the fence (tools, tests): one transaction that checks the listing is mapped, so nothing is created for an unmapped one. */
    @Override
    public void record(ListingKey listing, long quantity, PushStatus status, String mallCode, String message,
                       Instant at) {
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                            .key(Map.of("listingKey", Attr.s(listing.value()), "entry",
                                    Attr.s(DynamoDbStockLedger.META)))
                            .conditionExpression("attribute_exists(listingKey) AND attribute_not_exists(#u)")
                            .expressionAttributeNames(Map.of("#u", DynamoDbStockLedger.UNLINKED)).build()).build(),
                    TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(listing))
                            .updateExpression(setAnswer(status))
                            .expressionAttributeValues(answer(quantity, status, mallCode, message, at))
                            .build()).build()));
        } catch (TransactionCanceledException unmapped) {
            // Not mapped (any more): nothing to record against.
        }
    }

    private static String setAnswer(PushStatus status) {
        return status == PushStatus.OK
                ? "SET lastPushedQuantity = :q, pushStatus = :s, pushCode = :c, pushMessage = :m, pushedAt = :t"
                : "SET pushStatus = :s, pushCode = :c, pushMessage = :m, pushedAt = :t";
    }

    private static Map<String, AttributeValue> answer(long quantity, PushStatus status, String mallCode,
                                                      String message, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":s", Attr.s(status.name()), ":c", Attr.s(mallCode == null ? "" : mallCode),
                ":m", Attr.s(message == null ? "" : message), ":t", Attr.s(at.toString())));
        if (status == PushStatus.OK) {
            values.put(":q", Attr.n(quantity));
        }
        return values;
    }
}
