package dev.zaiko.adapter.dynamodb;

import dev.zaiko.adapter.dynamodb.stub.DynamoStub;
import dev.zaiko.adapter.dynamodb.stub.DynamoStub.Reply;
import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.ChannelState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static dev.zaiko.adapter.dynamodb.stub.RequestAssert.assertRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every request {@link DynamoDbChannelStates} sends, and what it does when a condition fails. */
class DynamoDbChannelStatesRequestIT {
    static final TableNames TABLES = new TableNames("t-stock", "t-listings", "t-lines", "t-journal", "t-channels");
    static final Instant CURSOR = Instant.parse("2026-11-23T01:02:03Z");      // 1795395723000 ms
    static final Instant POLLED = Instant.parse("2026-11-23T01:05:00Z");      // 1795395900000 ms
    static final String STATE_KEY = "{\"channelId\":{\"S\":\"qoo10-main\"},\"entry\":{\"S\":\"STATE\"}}";

    DynamoStub stub;
    DynamoDbClient dynamo;
    DynamoDbChannelStates states;

    @BeforeEach
    void start() {
        stub = new DynamoStub();
        dynamo = stub.client();
        states = new DynamoDbChannelStates(dynamo, TABLES);
    }

    @AfterEach
    void stop() {
        assertThat(stub.unusedReplies()).as("scripted replies the adapter never asked for").isEmpty();
        dynamo.close();
        stub.close();
    }

    @Test
    void getReadsTheStateItemConsistentlyAndMillisBecomeInstants() {
        stub.replyOk("GetItem", """
                {"Item":{"channelId":{"S":"qoo10-main"},"entry":{"S":"STATE"},"cursorMillis":{"N":"1795395723000"},
                 "cursorAt":{"S":"2026-11-23T01:02:03Z"},"health":{"S":"AUTH_ERROR"},"healthMessage":{"S":"key expired"},
                 "healthSinceMillis":{"N":"1795395600000"},"lastPollMillis":{"N":"1795395900000"},
                 "lastPollEvents":{"N":"12"},"credentialsFingerprint":{"S":"fp-1"},"consecutiveRetries":{"N":"3"}}}""");

        assertThat(states.get("qoo10-main")).isEqualTo(new ChannelState("qoo10-main", Optional.of(CURSOR),
                ChannelHealth.AUTH_ERROR, "key expired", Optional.of(Instant.parse("2026-11-23T01:00:00Z")),
                Optional.of(POLLED), 12, "fp-1", 3));
        assertRequest(stub.onlyCall(), "GetItem",
                "{\"TableName\":\"t-channels\",\"Key\":" + STATE_KEY + ",\"ConsistentRead\":true}");
    }

    @Test
    void aChannelWithoutAStateItemIsFresh() {
        stub.replyOk("GetItem", "{}");

        assertThat(states.get("qoo10-main")).isEqualTo(ChannelState.fresh("qoo10-main"));
    }

    @Test
    void recordPollMovesTheCursorOnlyForwards() {
        states.recordPoll("qoo10-main", CURSOR, POLLED, 12);

        assertRequest(stub.onlyCall(), "UpdateItem", """
                {"TableName":"t-channels","Key":%s,
                 "UpdateExpression":"SET cursorMillis = :c, cursorAt = :ci, lastPollMillis = :p, lastPollAt = :pi, lastPollEvents = :e",
                 "ConditionExpression":"attribute_not_exists(cursorMillis) OR cursorMillis <= :c",
                 "ExpressionAttributeValues":{":c":{"N":"1795395723000"},":ci":{"S":"2026-11-23T01:02:03Z"},
                   ":p":{"N":"1795395900000"},":pi":{"S":"2026-11-23T01:05:00Z"},":e":{"N":"12"}}}"""
                .formatted(STATE_KEY));
    }

    @Test
    void whenAnotherRunMovedTheCursorFurtherOnlyThePollIsNoted() {
        stub.reply("UpdateItem", Reply.conditionalCheckFailed());

        states.recordPoll("qoo10-main", CURSOR, POLLED, 12);

        assertThat(stub.operations()).containsExactly("UpdateItem", "UpdateItem");
        assertRequest(stub.call(1), "UpdateItem", """
                {"TableName":"t-channels","Key":%s,
                 "UpdateExpression":"SET lastPollMillis = :p, lastPollAt = :pi, lastPollEvents = :e",
                 "ExpressionAttributeValues":{":p":{"N":"1795395900000"},":pi":{"S":"2026-11-23T01:05:00Z"},
                   ":e":{"N":"12"}}}""".formatted(STATE_KEY));
    }

    @Test
    void otherErrorsOfRecordPollAreNotSwallowed() {
        stub.reply("UpdateItem", Reply.error("ResourceNotFoundException", "Requested resource not found"));

        assertThatThrownBy(() -> states.recordPoll("qoo10-main", CURSOR, POLLED, 12))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Requested resource not found");
        assertThat(stub.operations()).containsExactly("UpdateItem");
    }

    @Test
    void aChangeOfHealthStampsHealthSince() {
        stub.replyOk("GetItem", "{}");

        states.setHealth("qoo10-main", ChannelHealth.DEGRADED, "maintenance", null, 2, POLLED);

        assertThat(stub.operations()).containsExactly("GetItem", "UpdateItem");
        assertRequest(stub.call(1), "UpdateItem", """
                {"TableName":"t-channels","Key":%s,
                 "UpdateExpression":"SET health = :h, healthMessage = :m, credentialsFingerprint = :f, consecutiveRetries = :r, healthSinceMillis = :s, healthSince = :si",
                 "ExpressionAttributeValues":{":h":{"S":"DEGRADED"},":m":{"S":"maintenance"},":f":{"S":""},
                   ":r":{"N":"2"},":s":{"N":"1795395900000"},":si":{"S":"2026-11-23T01:05:00Z"}}}"""
                .formatted(STATE_KEY));
    }

    @Test
    void theSameHealthAgainKeepsHealthSince() {
        stub.replyOk("GetItem", "{\"Item\":{\"channelId\":{\"S\":\"qoo10-main\"},\"entry\":{\"S\":\"STATE\"},"
                + "\"health\":{\"S\":\"DEGRADED\"}}}");

        states.setHealth("qoo10-main", ChannelHealth.DEGRADED, "still", "fp", 3, POLLED);

        assertRequest(stub.call(1), "UpdateItem", """
                {"TableName":"t-channels","Key":%s,
                 "UpdateExpression":"SET health = :h, healthMessage = :m, credentialsFingerprint = :f, consecutiveRetries = :r",
                 "ExpressionAttributeValues":{":h":{"S":"DEGRADED"},":m":{"S":"still"},":f":{"S":"fp"},
                   ":r":{"N":"3"}}}""".formatted(STATE_KEY));
    }

    @Test
    void thePushLeaseIsTakenWhenFreeExpiredOrOurs() {
        assertThat(states.acquirePushLease("qoo10-main", "pusher-1", CURSOR, POLLED)).isTrue();

        // A new holder drains everything queued, so it spends any "drain again" mark.
        assertRequest(stub.onlyCall(), "UpdateItem", """
                {"TableName":"t-channels","Key":%s,
                 "UpdateExpression":"SET leaseOwner = :o, leaseUntilMillis = :u REMOVE pushDirty",
                 "ConditionExpression":"attribute_not_exists(leaseUntilMillis) OR leaseUntilMillis < :now",
                 "ExpressionAttributeValues":{":o":{"S":"pusher-1"},":u":{"N":"1795395900000"},
                   ":now":{"N":"1795395723000"}}}""".formatted(STATE_KEY));
    }

    @Test
    void aLeaseHeldByAnotherPusherIsRefused() {
        stub.reply("UpdateItem", Reply.conditionalCheckFailed());
        stub.reply("UpdateItem", Reply.conditionalCheckFailed());

        assertThat(states.acquirePushLease("qoo10-main", "pusher-2", CURSOR, POLLED)).isFalse();
        // The second try is the holder's renewal, which keeps a "drain again" mark.
        assertRequest(stub.call(1), "UpdateItem", """
                {"TableName":"t-channels","Key":%s,"UpdateExpression":"SET leaseOwner = :o, leaseUntilMillis = :u",
                 "ConditionExpression":"leaseOwner = :o",
                 "ExpressionAttributeValues":{":o":{"S":"pusher-2"},":u":{"N":"1795395900000"}}}"""
                .formatted(STATE_KEY));
        assertThat(stub.operations()).containsExactly("UpdateItem", "UpdateItem");
    }

    @Test
    void releasingRemovesTheLeaseOnlyIfItIsStillOursAndNotMarkedDirty() {
        assertThat(states.releasePushLease("qoo10-main", "pusher-1")).isTrue();
        // Marked dirty meanwhile: the mark is spent, the lease kept, and the holder drains again.
        stub.reply("UpdateItem", Reply.conditionalCheckFailed());
        assertThat(states.releasePushLease("qoo10-main", "pusher-1")).isFalse();

        assertRequest(stub.call(0), "UpdateItem", """
                {"TableName":"t-channels","Key":%s,"UpdateExpression":"REMOVE leaseOwner, leaseUntilMillis",
                 "ConditionExpression":"leaseOwner = :o AND attribute_not_exists(pushDirty)",
                 "ExpressionAttributeValues":{":o":{"S":"pusher-1"}}}""".formatted(STATE_KEY));
        assertRequest(stub.call(2), "UpdateItem", """
                {"TableName":"t-channels","Key":%s,"UpdateExpression":"REMOVE pushDirty",
                 "ConditionExpression":"leaseOwner = :o","ExpressionAttributeValues":{":o":{"S":"pusher-1"}}}"""
                .formatted(STATE_KEY));
        assertThat(stub.operations()).containsExactly("UpdateItem", "UpdateItem", "UpdateItem");
    }

    @Test
    void aPollNowIsClaimedByOneConditionalWriteOfPollRequestedUntil() {
        assertThat(states.claimPollNow("qoo10-main", CURSOR, POLLED)).isTrue();
        stub.reply("UpdateItem", Reply.conditionalCheckFailed());
        assertThat(states.claimPollNow("qoo10-main", CURSOR, POLLED)).isFalse();

        assertRequest(stub.call(0), "UpdateItem", """
                {"TableName":"t-channels","Key":%s,
                 "UpdateExpression":"SET pollRequestedUntilMillis = :u, pollRequestedUntil = :ui",
                 "ConditionExpression":"attribute_not_exists(pollRequestedUntilMillis) OR pollRequestedUntilMillis <= :now",
                 "ExpressionAttributeValues":{":u":{"N":"1795395900000"},":ui":{"S":"2026-11-23T01:05:00Z"},
                   ":now":{"N":"1795395723000"}}}""".formatted(STATE_KEY));
        assertThat(stub.operations()).containsExactly("UpdateItem", "UpdateItem");
    }

    @Test
    void aWebhookDeliveryIsRecordedOnceWithItsExpiry() {
        Instant now = CURSOR;
        assertThat(states.firstDelivery("shopify-main", "d-42", now, Duration.ofDays(7))).isTrue();
        stub.reply("PutItem", Reply.conditionalCheckFailed());
        assertThat(states.firstDelivery("shopify-main", "d-42", now, Duration.ofDays(7))).isFalse();

        assertRequest(stub.call(0), "PutItem", """
                {"TableName":"t-channels",
                 "Item":{"channelId":{"S":"shopify-main"},"entry":{"S":"WEBHOOK#d-42"},
                   "receivedAt":{"S":"2026-11-23T01:02:03Z"},"expiresAt":{"N":"1796000523"}},
                 "ConditionExpression":"attribute_not_exists(entry)"}""");
    }

    @Test
    void deliverySeenIsAConsistentGetOfTheDeliveryItem() {
        stub.replyOk("GetItem", "{\"Item\":{\"channelId\":{\"S\":\"shopify-main\"},\"entry\":{\"S\":\"WEBHOOK#d-42\"}}}");
        stub.replyOk("GetItem", "{}");

        assertThat(states.deliverySeen("shopify-main", "d-42")).isTrue();
        assertThat(states.deliverySeen("shopify-main", "d-43")).isFalse();
        assertRequest(stub.call(0), "GetItem", """
                {"TableName":"t-channels","Key":{"channelId":{"S":"shopify-main"},"entry":{"S":"WEBHOOK#d-42"}},
                 "ConsistentRead":true}""");
    }
}
