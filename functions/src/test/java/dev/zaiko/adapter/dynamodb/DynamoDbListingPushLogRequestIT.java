package dev.zaiko.adapter.dynamodb;

import dev.zaiko.adapter.dynamodb.stub.DynamoStub;
import dev.zaiko.adapter.dynamodb.stub.DynamoStub.Reply;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.port.ListingPushLog.Entry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static dev.zaiko.adapter.dynamodb.stub.RequestAssert.assertRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request {@link DynamoDbListingPushLog} sends: the log is its own item (entry {@code PUSH}), the
 * fence only moves forward, a fenced answer is recorded only under its own fence, and an unfenced
 * record never creates the log of an unmapped listing.
 */
class DynamoDbListingPushLogRequestIT {
    static final TableNames TABLES = new TableNames("t-stock", "t-listings", "t-lines", "t-journal", "t-channels");
    static final ListingKey LISTING = new ListingKey("qoo10-main", "g-1");
    static final Instant AT = Instant.parse("2026-11-23T01:02:03Z");
    static final String META_KEY = "{\"listingKey\":{\"S\":\"qoo10-main#g-1\"},\"entry\":{\"S\":\"META\"}}";
    static final String PUSH_KEY = "{\"listingKey\":{\"S\":\"qoo10-main#g-1\"},\"entry\":{\"S\":\"PUSH\"}}";

    DynamoStub stub;
    DynamoDbClient dynamo;
    DynamoDbListingPushLog log;

    @BeforeEach
    void start() {
        stub = new DynamoStub();
        dynamo = stub.client();
        log = new DynamoDbListingPushLog(dynamo, TABLES);
    }

    @AfterEach
    void stop() {
        assertThat(stub.unusedReplies()).as("scripted replies the adapter never asked for").isEmpty();
        dynamo.close();
        stub.close();
    }

    @Test
    void anOkPushRecordsTheQuantityOnlyWhileTheListingIsMapped() {
        log.record(LISTING, 7, PushStatus.OK, null, null, AT);

        assertRequest(stub.onlyCall(), "TransactWriteItems", """
                {"TransactItems":[
                  {"ConditionCheck":{"TableName":"t-listings","Key":%s,
                    "ConditionExpression":"attribute_exists(listingKey) AND attribute_not_exists(#u)",
                    "ExpressionAttributeNames":{"#u":"unlinked"}}},
                  {"Update":{"TableName":"t-listings","Key":%s,
                    "UpdateExpression":"SET lastPushedQuantity = :q, pushStatus = :s, pushCode = :c, pushMessage = :m, pushedAt = :t",
                    "ExpressionAttributeValues":{":q":{"N":"7"},":s":{"S":"OK"},":c":{"S":""},":m":{"S":""},
                      ":t":{"S":"2026-11-23T01:02:03Z"}}}}]}""".formatted(META_KEY, PUSH_KEY));
    }

    @Test
    void aRejectedPushKeepsTheLastQuantityTheMallAccepted() {
        log.record(LISTING, 7, PushStatus.REJECTED, "E123", "unknown item", AT);

        assertThat(stub.onlyCall().body().at("/TransactItems/1/Update/UpdateExpression").asText())
                .isEqualTo("SET pushStatus = :s, pushCode = :c, pushMessage = :m, pushedAt = :t");
        assertThat(stub.call(0).body().at("/TransactItems/1/Update/ExpressionAttributeValues").has(":q")).isFalse();
    }

    @Test
    void aListingUnmappedMeanwhileIsNotRecreatedAndNotAnError() {
        stub.reply("TransactWriteItems", Reply.transactionCanceled(DynamoStub.Reason.conditionalCheckFailed(), DynamoStub.Reason.none()));

        log.record(LISTING, 7, PushStatus.OK, "", "", AT);

        assertThat(stub.operations()).containsExactly("TransactWriteItems");
    }

    @Test
    void theFenceOnlyMovesForwardAndAnAnswerIsRecordedUnderItsOwnFence() {
        dev.zaiko.domain.PushFence fence = new dev.zaiko.domain.PushFence(2, 17);
        assertThat(log.claim(LISTING, fence, AT)).isTrue();
        stub.reply("UpdateItem", Reply.conditionalCheckFailed());
        assertThat(log.claim(LISTING, fence, AT)).isFalse();
        assertThat(log.record(LISTING, fence, 5, PushStatus.OK, "", "", AT)).isTrue();

        assertRequest(stub.call(0), "UpdateItem", """
                {"TableName":"t-listings","Key":%s,
                 "UpdateExpression":"SET fenceMapping = :fm, fenceStock = :fs, claimedAt = :t",
                 "ConditionExpression":"attribute_not_exists(fenceMapping) OR fenceMapping < :fm OR (fenceMapping = :fm AND fenceStock <= :fs)",
                 "ExpressionAttributeValues":{":fm":{"N":"2"},":fs":{"N":"17"},":t":{"S":"2026-11-23T01:02:03Z"}}}"""
                .formatted(PUSH_KEY));
        assertRequest(stub.call(2), "UpdateItem", """
                {"TableName":"t-listings","Key":%s,
                 "UpdateExpression":"SET lastPushedQuantity = :q, pushStatus = :s, pushCode = :c, pushMessage = :m, pushedAt = :t",
                 "ConditionExpression":"fenceMapping = :fm AND fenceStock = :fs",
                 "ExpressionAttributeValues":{":q":{"N":"5"},":s":{"S":"OK"},":c":{"S":""},":m":{"S":""},
                   ":t":{"S":"2026-11-23T01:02:03Z"},":fm":{"N":"2"},":fs":{"N":"17"}}}""".formatted(PUSH_KEY));
    }

    @Test
    void theEntryIsReadConsistentlyFromItsOwnItemAndAbsentWhenNeverPushed() {
        stub.replyOk("GetItem", """
                {"Item":{"listingKey":{"S":"qoo10-main#g-1"},"entry":{"S":"META"},"version":{"N":"2"},
                 "lastPushedQuantity":{"N":"7"},"pushStatus":{"S":"RETRY"},"pushCode":{"S":"-10001"},
                 "pushMessage":{"S":"busy"},"pushedAt":{"S":"2026-11-23T01:02:03Z"}}}""");
        stub.replyOk("GetItem", "{\"Item\":{\"listingKey\":{\"S\":\"qoo10-main#g-1\"},\"entry\":{\"S\":\"META\"}}}");
        // One listing's last quantity is read the way many are: a consistent BatchGetItem.
        stub.replyOk("BatchGetItem", "{\"Responses\":{\"t-listings\":[{\"listingKey\":{\"S\":\"qoo10-main#g-1\"},"
                + "\"lastPushedQuantity\":{\"N\":\"4\"}}]}}");

        assertThat(log.entry(LISTING)).contains(
                new Entry(LISTING, OptionalLong.of(7), PushStatus.RETRY, "-10001", "busy", AT));
        assertThat(log.entry(LISTING)).isEmpty();
        assertThat(log.lastPushed(LISTING)).isEqualTo(OptionalLong.of(4));
        assertRequest(stub.call(0), "GetItem",
                "{\"TableName\":\"t-listings\",\"Key\":" + PUSH_KEY + ",\"ConsistentRead\":true}");
    }

    @Test
    void manyListingsAreReadAHundredAtATimeWithAProjectionAndUnprocessedKeysRetried() {
        List<ListingKey> keys = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            keys.add(new ListingKey("qoo10-main", "g-" + i));
        }
        stub.replyOk("BatchGetItem", """
                {"Responses":{"t-listings":[{"listingKey":{"S":"qoo10-main#g-1"},"lastPushedQuantity":{"N":"7"}},
                                            {"listingKey":{"S":"qoo10-main#g-2"}}]},
                 "UnprocessedKeys":{"t-listings":{"Keys":[{"listingKey":{"S":"qoo10-main#g-3"},"entry":{"S":"PUSH"}}],
                   "ConsistentRead":true,"ProjectionExpression":"listingKey, lastPushedQuantity"}}}""");
        stub.replyOk("BatchGetItem", """
                {"Responses":{"t-listings":[{"listingKey":{"S":"qoo10-main#g-3"},"lastPushedQuantity":{"N":"0"}}]},
                 "UnprocessedKeys":{}}""");
        stub.replyOk("BatchGetItem", "{\"Responses\":{}}");

        Map<ListingKey, OptionalLong> pushed = log.lastPushed(keys);

        assertThat(pushed).hasSize(101);
        assertThat(pushed.get(new ListingKey("qoo10-main", "g-1"))).isEqualTo(OptionalLong.of(7));
        assertThat(pushed.get(new ListingKey("qoo10-main", "g-2"))).isEqualTo(OptionalLong.empty());
        assertThat(pushed.get(new ListingKey("qoo10-main", "g-3"))).isEqualTo(OptionalLong.of(0));
        assertThat(pushed.values().stream().filter(OptionalLong::isPresent).count()).isEqualTo(2);
        assertThat(stub.operations()).containsExactly("BatchGetItem", "BatchGetItem", "BatchGetItem");
        var first = stub.call(0).body().path("RequestItems").path("t-listings");
        assertThat(first.path("Keys")).hasSize(100);
        assertThat(first.path("ProjectionExpression").asText()).isEqualTo("listingKey, lastPushedQuantity");
        assertThat(first.path("ConsistentRead").asBoolean()).isTrue();
        assertRequest(stub.call(1), "BatchGetItem", """
                {"RequestItems":{"t-listings":{"Keys":[{"listingKey":{"S":"qoo10-main#g-3"},"entry":{"S":"PUSH"}}],
                  "ConsistentRead":true,"ProjectionExpression":"listingKey, lastPushedQuantity"}}}""");
        assertRequest(stub.call(2), "BatchGetItem", """
                {"RequestItems":{"t-listings":{"Keys":[{"listingKey":{"S":"qoo10-main#g-100"},"entry":{"S":"PUSH"}}],
                  "ConsistentRead":true,"ProjectionExpression":"listingKey, lastPushedQuantity"}}}""");
    }
}
