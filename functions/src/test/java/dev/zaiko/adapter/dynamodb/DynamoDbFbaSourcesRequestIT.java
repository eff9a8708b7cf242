package dev.zaiko.adapter.dynamodb;

import dev.zaiko.adapter.dynamodb.stub.DynamoStub;
import dev.zaiko.adapter.dynamodb.stub.DynamoStub.Reply;
import dev.zaiko.domain.FbaClaim;
import dev.zaiko.domain.FbaSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.zaiko.adapter.dynamodb.stub.RequestAssert.assertRequest;
import static org.assertj.core.api.Assertions.assertThat;

/** Every request {@link DynamoDbFbaSources} sends: saves conditional on the revision. */
class DynamoDbFbaSourcesRequestIT {
    static final TableNames TABLES = new TableNames("t-stock", "t-listings", "t-lines", "t-journal", "t-channels");
    static final Instant RESERVED = Instant.parse("2026-11-23T01:00:00Z");
    static final Instant SUBMITTED = Instant.parse("2026-11-23T01:01:00Z");
    static final Instant COUNTED = Instant.parse("2026-11-23T01:02:03Z");

    static final FbaClaim PENDING = new FbaClaim("rakuten-main/o-1/1", 2, FbaClaim.State.PENDING, RESERVED,
            Optional.empty(), "");
    static final FbaClaim SUBMITTED_CLAIM = new FbaClaim("yahoo-main/o-2/1", 1, FbaClaim.State.SUBMITTED, RESERVED,
            Optional.of(SUBMITTED), "zaiko-yahoo-main-o-2-1-A");

    static final String STORED = """
            {"channelId":{"S":"amazon-jp"},"entry":{"S":"FBA#TEA-1"},"sku":{"S":"TEA-1"},"sellerSku":{"S":"AMZ-TEA-1"},
             "journalVersion":{"N":"12"},"revision":{"N":"4"},"lastFulfillable":{"N":"30"},
             "lastCountAt":{"S":"2026-11-23T01:02:03Z"},
             "claims":{"M":{
               "rakuten-main/o-1/1":{"M":{"units":{"N":"2"},"state":{"S":"PENDING"},
                 "reservedAt":{"S":"2026-11-23T01:00:00Z"},"fulfillmentOrderId":{"S":""}}},
               "yahoo-main/o-2/1":{"M":{"units":{"N":"1"},"state":{"S":"SUBMITTED"},
                 "reservedAt":{"S":"2026-11-23T01:00:00Z"},"submittedAt":{"S":"2026-11-23T01:01:00Z"},
                 "fulfillmentOrderId":{"S":"zaiko-yahoo-main-o-2-1-A"}}}}}}""";

    static final FbaSource SOURCE = new FbaSource("TEA-1", "amazon-jp", "AMZ-TEA-1", 12,
            Map.of(PENDING.reference(), PENDING, SUBMITTED_CLAIM.reference(), SUBMITTED_CLAIM),
            OptionalLong.of(30), Optional.of(COUNTED), 4);

    DynamoStub stub;
    DynamoDbClient dynamo;
    DynamoDbFbaSources sources;

    @BeforeEach
    void start() {
        stub = new DynamoStub();
        dynamo = stub.client();
        sources = new DynamoDbFbaSources(dynamo, TABLES);
    }

    @AfterEach
    void stop() {
        assertThat(stub.unusedReplies()).as("scripted replies the adapter never asked for").isEmpty();
        dynamo.close();
        stub.close();
    }

    @Test
    void theFirstSaveMustNotOverwriteAndCarriesRevisionOne() {
        FbaSource fresh = new FbaSource("TEA-1", "amazon-jp", "AMZ-TEA-1", 0, Map.of(), OptionalLong.empty(),
                Optional.empty(), 0);

        assertThat(sources.save(fresh, 0)).isTrue();

        assertRequest(stub.onlyCall(), "PutItem", """
                {"TableName":"t-channels",
                 "Item":{"channelId":{"S":"amazon-jp"},"entry":{"S":"FBA#TEA-1"},"sku":{"S":"TEA-1"},
                   "sellerSku":{"S":"AMZ-TEA-1"},"journalVersion":{"N":"0"},"revision":{"N":"1"},"claims":{"M":{}}},
                 "ConditionExpression":"attribute_not_exists(entry)"}""");
    }

    @Test
    void aLaterSaveIsConditionalOnTheRevisionItReadAndWritesEveryClaim() {
        assertThat(sources.save(SOURCE, 4)).isTrue();

        String stored = STORED.replace("\"revision\":{\"N\":\"4\"}", "\"revision\":{\"N\":\"5\"}");
        assertRequest(stub.onlyCall(), "PutItem", """
                {"TableName":"t-channels","Item":%s,
                 "ConditionExpression":"revision = :r","ExpressionAttributeValues":{":r":{"N":"4"}}}"""
                .formatted(stored));
    }

    @Test
    void aSaveThatLostTheRaceReportsFalse() {
        stub.reply("PutItem", Reply.conditionalCheckFailed());

        assertThat(sources.save(SOURCE, 4)).isFalse();
    }

    @Test
    void findReadsTheSkusItemConsistentlyAndRestoresEveryClaim() {
        stub.replyOk("GetItem", "{\"Item\":" + STORED + "}");
        stub.replyOk("GetItem", "{}");

        assertThat(sources.find("amazon-jp", "TEA-1")).contains(SOURCE);
        assertThat(sources.find("amazon-jp", "TEA-2")).isEmpty();
        assertRequest(stub.call(0), "GetItem", """
                {"TableName":"t-channels","ConsistentRead":true,
                 "Key":{"channelId":{"S":"amazon-jp"},"entry":{"S":"FBA#TEA-1"}}}""");
    }

    @Test
    void sourcesOfQueriesTheChannelsFbaPrefixPageByPage() {
        stub.replyOk("Query", "{\"Items\":[" + STORED + "],\"LastEvaluatedKey\":{\"channelId\":{\"S\":\"amazon-jp\"},"
                + "\"entry\":{\"S\":\"FBA#TEA-1\"}}}");
        stub.replyOk("Query", "{\"Items\":[]}");

        assertThat(sources.sourcesOf("amazon-jp")).containsExactly(SOURCE);
        assertRequest(stub.call(0), "Query", """
                {"TableName":"t-channels","KeyConditionExpression":"channelId = :c AND begins_with(entry, :p)",
                 "ExpressionAttributeValues":{":c":{"S":"amazon-jp"},":p":{"S":"FBA#"}},"ConsistentRead":true}""");
        assertRequest(stub.call(1), "Query", """
                {"TableName":"t-channels","KeyConditionExpression":"channelId = :c AND begins_with(entry, :p)",
                 "ExpressionAttributeValues":{":c":{"S":"amazon-jp"},":p":{"S":"FBA#"}},"ConsistentRead":true,
                 "ExclusiveStartKey":{"channelId":{"S":"amazon-jp"},"entry":{"S":"FBA#TEA-1"}}}""");
    }

    @Test
    void removeDeletesTheItemUnconditionally() {
        sources.remove("amazon-jp", "TEA-1");

        assertRequest(stub.onlyCall(), "DeleteItem", """
                {"TableName":"t-channels","Key":{"channelId":{"S":"amazon-jp"},"entry":{"S":"FBA#TEA-1"}}}""");
    }
}
