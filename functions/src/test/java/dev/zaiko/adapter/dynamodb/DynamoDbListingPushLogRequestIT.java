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

/** Every request {@link DynamoDbListingPushLog} sends: it writes only onto an existing listing's META. */
class DynamoDbListingPushLogRequestIT {
    static final TableNames TABLES = new TableNames("t-stock", "t-listings", "t-lines", "t-journal", "t-channels");
    static final ListingKey LISTING = new ListingKey("qoo10-main", "g-1");
    static final Instant AT = Instant.parse("2026-11-23T01:02:03Z");
    static final String META_KEY = "{\"listingKey\":{\"S\":\"qoo10-main#g-1\"},\"entry\":{\"S\":\"META\"}}";

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
    void anOkPushRecordsTheQuantityOnlyWhileTheListingExists() {
        log.record(LISTING, 7, PushStatus.OK, null, null, AT);

        assertRequest(stub.onlyCall(), "UpdateItem", """
                {"TableName":"t-listings","Key":%s,
                 "UpdateExpression":"SET lastPushedQuantity = :q, pushStatus = :s, pushCode = :c, pushMessage = :m, pushedAt = :t",
                 "ConditionExpression":"attribute_exists(listingKey)",
                 "ExpressionAttributeValues":{":q":{"N":"7"},":s":{"S":"OK"},":c":{"S":""},":m":{"S":""},
                   ":t":{"S":"2026-11-23T01:02:03Z"}}}""".formatted(META_KEY));
    }

    @Test
    void aRejectedPushKeepsTheLastQuantityTheMallAccepted() {
        log.record(LISTING, 7, PushStatus.REJECTED, "E123", "unknown item", AT);

        assertRequest(stub.onlyCall(), "UpdateItem", """
                {"TableName":"t-listings","Key":%s,
                 "UpdateExpression":"SET pushStatus = :s, pushCode = :c, pushMessage = :m, pushedAt = :t",
                 "ConditionExpression":"attribute_exists(listingKey)",
                 "ExpressionAttributeValues":{":s":{"S":"REJECTED"},":c":{"S":"E123"},":m":{"S":"unknown item"},
                   ":t":{"S":"2026-11-23T01:02:03Z"}}}""".formatted(META_KEY));
    }

    @Test
    void aListingUnmappedMeanwhileIsNotRecreatedAndNotAnError() {
        stub.reply("UpdateItem", Reply.conditionalCheckFailed());

        log.record(LISTING, 7, PushStatus.OK, "", "", AT);

        assertThat(stub.operations()).containsExactly("UpdateItem");
    }

    @Test
    void theEntryIsReadConsistentlyFromMetaAndAbsentWhenNeverPushed() {
        stub.replyOk("GetItem", """
                {"Item":{"listingKey":{"S":"qoo10-main#g-1"},"entry":{"S":"META"},"version":{"N":"2"},
                 "lastPushedQuantity":{"N":"7"},"pushStatus":{"S":"RETRY"},"pushCode":{"S":"-10001"},
                 "pushMessage":{"S":"busy"},"pushedAt":{"S":"2026-11-23T01:02:03Z"}}}""");
        stub.replyOk("GetItem", "{\"Item\":{\"listingKey\":{\"S\":\"qoo10-main#g-1\"},\"entry\":{\"S\":\"META\"}}}");
        stub.replyOk("GetItem", "{\"Item\":{\"listingKey\":{\"S\":\"qoo10-main#g-1\"},\"entry\":{\"S\":\"META\"},"
                + "\"lastPushedQuantity\":{\"N\":\"4\"},\"pushStatus\":{\"S\":\"OK\"},\"pushedAt\":{\"S\":\"2026-11-23T01:02:03Z\"}}}");

        assertThat(log.entry(LISTING)).contains(
                new Entry(LISTING, OptionalLong.of(7), PushStatus.RETRY, "-10001", "busy", AT));
        assertThat(log.entry(LISTING)).isEmpty();
        assertThat(log.lastPushed(LISTING)).isEqualTo(OptionalLong.of(4));
        assertRequest(stub.call(0), "GetItem",
                "{\"TableName\":\"t-listings\",\"Key\":" + META_KEY + ",\"ConsistentRead\":true}");
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
                 "UnprocessedKeys":{"t-listings":{"Keys":[{"listingKey":{"S":"qoo10-main#g-3"},"entry":{"S":"META"}}],
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
                {"RequestItems":{"t-listings":{"Keys":[{"listingKey":{"S":"qoo10-main#g-3"},"entry":{"S":"META"}}],
                  "ConsistentRead":true,"ProjectionExpression":"listingKey, lastPushedQuantity"}}}""");
        assertRequest(stub.call(2), "BatchGetItem", """
                {"RequestItems":{"t-listings":{"Keys":[{"listingKey":{"S":"qoo10-main#g-100"},"entry":{"S":"META"}}],
                  "ConsistentRead":true,"ProjectionExpression":"listingKey, lastPushedQuantity"}}}""");
    }
}
