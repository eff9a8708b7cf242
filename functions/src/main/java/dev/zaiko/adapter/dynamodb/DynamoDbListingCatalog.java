package dev.zaiko.adapter.dynamodb;

import dev.zaiko.domain.Component;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.port.ListingCatalog;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A channel's listings by a filtered Scan of the listings table. The table has no index by
 * channel (its keys serve the ledger's hot path), and this runs once an hour per channel: a few
 * thousand small items cost a few hundred read units per run, cents a month, against an index
 * that every listing write would pay for.
 */
public final class DynamoDbListingCatalog implements ListingCatalog {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbListingCatalog(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.listings();
    }

    @Override
    public List<Listing> listingsOf(String channelId) {
        Map<String, Long> versions = new TreeMap<>();
        Map<String, List<Component>> components = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse response = dynamo.scan(r -> r.tableName(table)
                    .filterExpression("channelId = :c")
                    .expressionAttributeValues(Map.of(":c", Attr.s(channelId)))
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : response.items()) {
                String key = Attr.string(item, "listingKey");
                String entry = Attr.string(item, "entry");
                if (entry.equals(DynamoDbStockLedger.META)) {
                    versions.put(key, Attr.number(item, "version"));
                } else if (entry.startsWith(DynamoDbStockLedger.COMPONENT_PREFIX)) {
                    components.computeIfAbsent(key, k -> new ArrayList<>()).add(
                            new Component(Attr.string(item, "sku"), (int) Attr.number(item, "units")));
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        List<Listing> listings = new ArrayList<>();
        versions.forEach((key, version) -> {
            List<Component> parts = components.get(key);
            if (parts != null && !parts.isEmpty()) {
                parts.sort(Comparator.comparing(Component::sku));
                listings.add(new Listing(ListingKey.parse(key), parts, version));
            }
        });
        listings.sort(Comparator.comparing(l -> l.key().itemKey()));
        return listings;
    }
}
