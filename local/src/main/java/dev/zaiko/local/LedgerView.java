package dev.zaiko.local;

import dev.zaiko.adapter.dynamodb.DynamoDbStockLedger;
import dev.zaiko.adapter.dynamodb.TableNames;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Whole-table listings for the local admin API, the demo's checks and restarts: every SKU, every
 * mapped listing, every order line. Full scans are fine on one machine's data; the Lambda code
 * never scans (it reads by key and index), so this stays out of the ledger port.
 */
public final class LedgerView {
    private final DynamoDbClient dynamo;
    private final TableNames tables;
    private final DynamoDbStockLedger store;

    public LedgerView(DynamoDbClient dynamo, TableNames tables, DynamoDbStockLedger store) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.store = store;
    }

    public List<String> skus() {
        TreeSet<String> skus = new TreeSet<>();
        scan(tables.stock(), List.of("sku"), item -> skus.add(item.get("sku").s()));
        return List.copyOf(skus);
    }

    /** Every mapped listing (the META entry of each), sorted by channel then item key. */
    public List<ListingKey> listings() {
        TreeSet<String> keys = new TreeSet<>();
        scan(tables.listings(), List.of("listingKey", "entry"), item -> {
            if ("META".equals(item.get("entry").s())) {
                keys.add(item.get("listingKey").s());
            }
        });
        return keys.stream().map(ListingKey::parse).toList();
    }

    /** Every order line, read back through the ledger adapter (so states and amounts parse as the ledger sees them). */
    public List<OrderLine> lines() {
        List<String> keys = new ArrayList<>();
        scan(tables.orderLines(), List.of("lineKey"), item -> keys.add(item.get("lineKey").s()));
        List<OrderLine> lines = new ArrayList<>();
        for (String key : keys) {
            store.findLine(key).ifPresent(lines::add);
        }
        return lines;
    }

    private void scan(String table, List<String> attributes, Consumer<Map<String, AttributeValue>> each) {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            names.put("#a" + i, attributes.get(i));
        }
        String projection = String.join(", ", names.keySet());
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(table).projectionExpression(projection)
                    .expressionAttributeNames(names).consistentRead(true);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse response = dynamo.scan(request.build());
            response.items().forEach(each);
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
    }
}
