package dev.zaiko.adapter.dynamodb;

import dev.zaiko.domain.FbaClaim;
import dev.zaiko.domain.FbaSource;
import dev.zaiko.domain.port.FbaSources;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * FBA-sourced SKUs on the channels table, one item per SKU under its Amazon channel:
 * {@code (channelId, "FBA#" + sku)} with the seller SKU, the journal version read up to, the last
 * count and the open claims (a map by order-line reference). Saves are conditional on
 * {@code revision}. No TTL: the mark lasts until the seller removes it.
 */
public final class DynamoDbFbaSources implements FbaSources {
    static final String PREFIX = "FBA#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbFbaSources(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.channels();
    }

    @Override
    public List<FbaSource> sourcesOf(String channelId) {
        List<FbaSource> sources = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse response = dynamo.query(r -> r.tableName(table)
                    .keyConditionExpression("channelId = :c AND begins_with(entry, :p)")
                    .expressionAttributeValues(Map.of(":c", Attr.s(channelId), ":p", Attr.s(PREFIX)))
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            response.items().forEach(item -> sources.add(fromItem(item)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return sources;
    }

    @Override
    public Optional<FbaSource> find(String channelId, String sku) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("channelId", Attr.s(channelId), "entry", Attr.s(PREFIX + sku)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public boolean save(FbaSource source, long expectedRevision) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("channelId", Attr.s(source.channelId()));
        item.put("entry", Attr.s(PREFIX + source.sku()));
        item.put("sku", Attr.s(source.sku()));
        item.put("sellerSku", Attr.s(source.sellerSku()));
        item.put("journalVersion", Attr.n(source.journalVersion()));
        item.put("revision", Attr.n(expectedRevision + 1));
        source.lastFulfillable().ifPresent(q -> item.put("lastFulfillable", Attr.n(q)));
        source.lastCountAt().ifPresent(at -> item.put("lastCountAt", Attr.s(at.toString())));
        Map<String, AttributeValue> claims = new HashMap<>();
        source.claims().forEach((reference, claim) -> {
            Map<String, AttributeValue> c = new HashMap<>();
            c.put("units", Attr.n(claim.units()));
            c.put("state", Attr.s(claim.state().name()));
            c.put("reservedAt", Attr.s(claim.reservedAt().toString()));
            claim.submittedAt().ifPresent(at -> c.put("submittedAt", Attr.s(at.toString())));
            c.put("fulfillmentOrderId", Attr.s(claim.fulfillmentOrderId()));
            claims.put(reference, AttributeValue.fromM(c));
        });
        item.put("claims", AttributeValue.fromM(claims));
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(item);
        if (expectedRevision == 0) {
            put.conditionExpression("attribute_not_exists(entry)");
        } else {
            put.conditionExpression("revision = :r").expressionAttributeValues(Map.of(":r", Attr.n(expectedRevision)));
        }
        try {
            dynamo.putItem(put.build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void remove(String channelId, String sku) {
        dynamo.deleteItem(r -> r.tableName(table)
                .key(Map.of("channelId", Attr.s(channelId), "entry", Attr.s(PREFIX + sku))));
    }

    private static FbaSource fromItem(Map<String, AttributeValue> item) {
        Map<String, FbaClaim> claims = new HashMap<>();
        AttributeValue stored = item.get("claims");
        if (stored != null && stored.hasM()) {
            stored.m().forEach((reference, value) -> {
                Map<String, AttributeValue> c = value.m();
                claims.put(reference, new FbaClaim(reference, Attr.number(c, "units"),
                        FbaClaim.State.valueOf(Attr.string(c, "state")), Instant.parse(Attr.string(c, "reservedAt")),
                        Attr.optionalString(c, "submittedAt").map(Instant::parse),
                        Attr.optionalString(c, "fulfillmentOrderId").orElse("")));
            });
        }
        AttributeValue fulfillable = item.get("lastFulfillable");
        return new FbaSource(Attr.string(item, "sku"), Attr.string(item, "channelId"), Attr.string(item, "sellerSku"),
                Attr.number(item, "journalVersion"), claims,
                fulfillable == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fulfillable.n())),
                Attr.optionalString(item, "lastCountAt").map(Instant::parse), Attr.number(item, "revision"));
    }
}
