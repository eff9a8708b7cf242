package dev.zaiko.adapter.dynamodb;

import dev.zaiko.adapter.dynamodb.stub.DynamoStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static dev.zaiko.adapter.dynamodb.stub.RequestAssert.assertRequest;
import static org.assertj.core.api.Assertions.assertThat;

/** Every request {@link DynamoDbOpenOrders} sends: batches of 25, unprocessed items sent again. */
class DynamoDbOpenOrdersRequestIT {
    static final TableNames TABLES = new TableNames("t-stock", "t-listings", "t-lines", "t-journal", "t-channels");
    static final Instant NOW = Instant.parse("2026-11-23T01:02:03Z");
    /** NOW + 60 days, epoch seconds. */
    static final long EXPIRES = 1800579723L;

    DynamoStub stub;
    DynamoDbClient dynamo;
    DynamoDbOpenOrders open;

    @BeforeEach
    void start() {
        stub = new DynamoStub();
        dynamo = stub.client();
        open = new DynamoDbOpenOrders(dynamo, TABLES, "rakuten-main", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        assertThat(stub.unusedReplies()).as("scripted replies the adapter never asked for").isEmpty();
        dynamo.close();
        stub.close();
    }

    static String put(String orderId) {
        return "{\"PutRequest\":{\"Item\":{\"channelId\":{\"S\":\"rakuten-main\"},\"entry\":{\"S\":\"OPEN#" + orderId
                + "\"},\"expiresAt\":{\"N\":\"" + EXPIRES + "\"}}}}";
    }

    static String delete(String orderId) {
        return "{\"DeleteRequest\":{\"Key\":{\"channelId\":{\"S\":\"rakuten-main\"},\"entry\":{\"S\":\"OPEN#" + orderId
                + "\"}}}}";
    }

    @Test
    void openOrderIdsQueryThePrefixConsistentlyPageByPage() {
        stub.replyOk("Query", """
                {"Items":[{"channelId":{"S":"rakuten-main"},"entry":{"S":"OPEN#o-1"}}],
                 "LastEvaluatedKey":{"channelId":{"S":"rakuten-main"},"entry":{"S":"OPEN#o-1"}}}""");
        stub.replyOk("Query", """
                {"Items":[{"channelId":{"S":"rakuten-main"},"entry":{"S":"OPEN#o-2#x"}}]}""");

        assertThat(open.openOrderIds()).containsExactlyInAnyOrder("o-1", "o-2#x");
        assertRequest(stub.call(0), "Query", """
                {"TableName":"t-channels","KeyConditionExpression":"channelId = :c AND begins_with(entry, :p)",
                 "ExpressionAttributeValues":{":c":{"S":"rakuten-main"},":p":{"S":"OPEN#"}},"ConsistentRead":true}""");
        assertRequest(stub.call(1), "Query", """
                {"TableName":"t-channels","KeyConditionExpression":"channelId = :c AND begins_with(entry, :p)",
                 "ExpressionAttributeValues":{":c":{"S":"rakuten-main"},":p":{"S":"OPEN#"}},"ConsistentRead":true,
                 "ExclusiveStartKey":{"channelId":{"S":"rakuten-main"},"entry":{"S":"OPEN#o-1"}}}""");
    }

    @Test
    void markOpenPutsEachOrderWithItsExpiryTwentyFiveAtATime() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            ids.add("o-" + i);
        }

        open.markOpen(ids);

        assertThat(stub.operations()).containsExactly("BatchWriteItem", "BatchWriteItem");
        var first = stub.call(0).body().path("RequestItems").path("t-channels");
        assertThat(first).hasSize(25);
        assertThat(first.get(0)).isEqualTo(DynamoStub.json(put("o-0")));
        assertThat(first.get(24)).isEqualTo(DynamoStub.json(put("o-24")));
        assertRequest(stub.call(1), "BatchWriteItem", "{\"RequestItems\":{\"t-channels\":[" + put("o-25") + "]}}");
    }

    @Test
    void unprocessedItemsAreSentAgainUntilNoneRemain() {
        stub.replyOk("BatchWriteItem", "{\"UnprocessedItems\":{\"t-channels\":[" + delete("o-2") + "]}}");
        stub.replyOk("BatchWriteItem", "{\"UnprocessedItems\":{}}");

        open.markClosed(List.of("o-1", "o-2"));

        assertThat(stub.operations()).containsExactly("BatchWriteItem", "BatchWriteItem");
        assertRequest(stub.call(0), "BatchWriteItem",
                "{\"RequestItems\":{\"t-channels\":[" + delete("o-1") + "," + delete("o-2") + "]}}");
        assertRequest(stub.call(1), "BatchWriteItem", "{\"RequestItems\":{\"t-channels\":[" + delete("o-2") + "]}}");
    }

    @Test
    void nothingToMarkSendsNothing() {
        open.markOpen(List.of());
        open.markClosed(List.of());

        assertThat(stub.calls()).isEmpty();
    }
}
