package dev.zaiko.adapter.dynamodb;

import dev.zaiko.domain.LineState;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.schema.Tables;
import dev.zaiko.support.dynamo.DynamoTarget;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table written by the release before the reverse items (listings and UNMAPPED lines without
 * them) read through the current adapter: the first use backfills them once, exactly, and writes the
 * marker; a second backfill changes nothing.
 */
abstract class ReverseItemsBackfillContract {
    static final Instant NOW = Instant.parse("2026-11-23T01:02:03Z");
    static final ListingKey SINGLE = new ListingKey("rakuten-main", "item-1");
    static final ListingKey SET = new ListingKey("yahoo-main", "set-1");
    static final ListingKey UNKNOWN = new ListingKey("qoo10-main", "q-item");

    abstract DynamoTarget target();

    @Test
    void theFirstUseBackfillsWhatTheOldReleaseWroteOnceAndExactly() throws InterruptedException {
        DynamoDbClient dynamo = target().dynamo();
        TableNames tables = target().freshTables();
        // as the release before wrote them: META and C# items, lines with only the attention index
        oldListing(dynamo, tables, SINGLE, "A");
        oldListing(dynamo, tables, SET, "A", "B");
        oldLine(dynamo, tables, "qoo10-main#q-1#1", "q-1", LineState.UNMAPPED);
        oldLine(dynamo, tables, "qoo10-main#q-2#1", "q-2", LineState.CANCELLED);
        // The backfill finds old UNMAPPED lines through the (eventually consistent) index: a line
        // written a moment before the deploy is there long before; here, wait until it is.
        awaitIndexed(dynamo, tables, "qoo10-main#q-1#1");

        DynamoDbStockLedger ledger = new DynamoDbStockLedger(dynamo, tables, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(ledger.listingsContaining("A")).containsExactly(SINGLE, SET);
        assertThat(ledger.listingsContaining("B")).containsExactly(SET);
        assertThat(ledger.unmappedLinesOf(UNKNOWN, 10)).extracting(OrderLine::orderId).containsExactly("q-1");

        Map<String, AttributeValue> marker = dynamo.getItem(r -> r.tableName(tables.listings())
                .key(ReverseItems.markerKey()).consistentRead(true)).item();
        assertThat(marker.get("skuItems").n()).isEqualTo("3");
        assertThat(marker.get("unmappedItems").n()).isEqualTo("1");

        // another container: the marker is there, nothing is written again; a forced second run is a no-op
        ReverseItems again = new ReverseItems(dynamo, tables, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(again.backfill()).isEqualTo(new ReverseItems.Backfill(3, 1));
        assertThat(new DynamoDbStockLedger(dynamo, tables, Clock.systemUTC()).listingsContaining("A"))
                .containsExactly(SINGLE, SET);
        assertThat(dynamo.scan(r -> r.tableName(tables.listings()).consistentRead(true)).count())
                .as("2 META + 3 C# + 3 SKU# + 1 UNMAPPED# + the marker").isEqualTo(10);
    }

    static void oldListing(DynamoDbClient dynamo, TableNames tables, ListingKey key, String... skus) {
        dynamo.putItem(r -> r.tableName(tables.listings()).item(Map.of(
                "listingKey", AttributeValue.fromS(key.value()), "entry", AttributeValue.fromS("META"),
                "channelId", AttributeValue.fromS(key.channelId()), "itemKey", AttributeValue.fromS(key.itemKey()),
                "version", AttributeValue.fromN("1"), "updatedAt", AttributeValue.fromS(NOW.toString()))));
        for (String sku : skus) {
            dynamo.putItem(r -> r.tableName(tables.listings()).item(Map.of(
                    "listingKey", AttributeValue.fromS(key.value()), "entry", AttributeValue.fromS("C#" + sku),
                    "sku", AttributeValue.fromS(sku), "units", AttributeValue.fromN("1"),
                    "channelId", AttributeValue.fromS(key.channelId()), "updatedAt", AttributeValue.fromS(NOW.toString()))));
        }
    }

    static void oldLine(DynamoDbClient dynamo, TableNames tables, String lineKey, String orderId, LineState state) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                "lineKey", AttributeValue.fromS(lineKey), "channelId", AttributeValue.fromS(UNKNOWN.channelId()),
                "orderId", AttributeValue.fromS(orderId), "lineId", AttributeValue.fromS("1"),
                "itemKey", AttributeValue.fromS(UNKNOWN.itemKey()), "quantity", AttributeValue.fromN("2"),
                "state", AttributeValue.fromS(state.name()), "revision", AttributeValue.fromN("1"),
                "updatedAt", AttributeValue.fromS(NOW.toString()), "mallStatus", AttributeValue.fromS("new")));
        item.put("taken", AttributeValue.fromM(Map.of()));
        item.put("shortfall", AttributeValue.fromM(Map.of()));
        if (state.needsAttention()) {
            item.put("attention", AttributeValue.fromS(state.name()));
        }
        dynamo.putItem(r -> r.tableName(tables.orderLines()).item(item));
    }

    /** Bounded wait for the condition itself (the index showing the line), no fixed sleep. */
    static void awaitIndexed(DynamoDbClient dynamo, TableNames tables, String lineKey) {
        dev.zaiko.testsupport.Await.until(java.time.Duration.ofSeconds(30), "the index byAttention showing " + lineKey,
                () -> dynamo.query(r -> r.tableName(tables.orderLines()).indexName(Tables.ORDER_LINES_BY_ATTENTION)
                        .keyConditionExpression("attention = :a")
                        .expressionAttributeValues(Map.of(":a", AttributeValue.fromS("UNMAPPED")))).items().stream()
                        .anyMatch(item -> item.get("lineKey").s().equals(lineKey)));
    }
}
