package dev.zaiko.adapter.dynamodb;

import dev.zaiko.adapter.dynamodb.stub.DynamoStub;
import dev.zaiko.adapter.dynamodb.stub.DynamoStub.Reason;
import dev.zaiko.adapter.dynamodb.stub.DynamoStub.Reply;
import dev.zaiko.domain.ChangeReason;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.port.StockLedger.CommitResult;
import dev.zaiko.domain.port.StockLedger.CommitResult.Committed;
import dev.zaiko.domain.port.StockLedger.CommitResult.Conflict;
import dev.zaiko.domain.port.StockLedger.LedgerCommit;
import dev.zaiko.domain.port.StockLedger.LineWrite;
import dev.zaiko.domain.port.StockLedger.ListingGuard;
import dev.zaiko.domain.port.StockLedger.StockGuard;
import dev.zaiko.domain.port.StockLedger.StockWrite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.zaiko.adapter.dynamodb.stub.RequestAssert.assertRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every request {@link DynamoDbStockLedger} sends, byte for byte as JSON, through the real SDK client
 * against {@link DynamoStub}, and its reaction to every cancellation reason DynamoDB can return. These
 * run everywhere (loopback only) and fail when a condition, key or value in the adapter changes.
 */
class DynamoDbStockLedgerRequestIT {
    static final Instant NOW = Instant.parse("2026-11-23T01:02:03Z");
    /** NOW + LINE_RETENTION (120 days), epoch seconds: the order line's TTL. */
    static final long LINE_EXPIRES = 1805763723L;
    static final TableNames TABLES = new TableNames("t-stock", "t-listings", "t-lines", "t-journal", "t-channels");

    DynamoStub stub;
    DynamoDbClient dynamo;
    DynamoDbStockLedger ledger;

    @BeforeEach
    void start() {
        stub = new DynamoStub();
        dynamo = stub.client();
        ledger = new DynamoDbStockLedger(dynamo, TABLES, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        assertThat(stub.unusedReplies()).as("scripted replies the adapter never asked for").isEmpty();
        dynamo.close();
        stub.close();
    }

    // ------------------------------------------------------------------ fixtures

    static final ListingKey LISTING = new ListingKey("rakuten-main", "item-1");

    static OrderLine reservedLine(long revision) {
        return new OrderLine("rakuten-main#o-1#1", "rakuten-main", "o-1", "1", "item-1", 2, LineState.RESERVED,
                Map.of("A", 2L), Map.of(), "new", revision, Instant.parse("2026-11-23T00:00:00Z"));
    }

    static StockLevel level(String sku, long available, long safety, long version) {
        return new StockLevel(sku, available, safety, version, Optional.empty(), Optional.empty());
    }

    static JournalEntry journal(String sku, long version, long before, long after, ChangeReason reason) {
        return new JournalEntry(sku, version, before, after, 1, 1, reason,
                new ChangeSource(ChangeSource.Kind.ORDER, "rakuten-main/o-1/1"), NOW);
    }

    /** Line, listing guard, a decrement of A, a guard on B, A's journal entry: one item of every role. */
    static LedgerCommit everyRole() {
        return new LedgerCommit(
                Optional.of(new LineWrite(reservedLine(1), 0)),
                Optional.of(new ListingGuard(LISTING, 3)),
                List.of(new StockWrite(Optional.of(level("A", 10, 1, 7)), level("A", 8, 1, 8))),
                List.of(journal("A", 8, 10, 8, ChangeReason.ORDER_RESERVED)),
                List.of(new StockGuard("B", Optional.of(4L))));
    }

    static final String STORED_LINE = """
            {"lineKey":{"S":"rakuten-main#o-1#1"},"channelId":{"S":"rakuten-main"},"orderId":{"S":"o-1"},
             "lineId":{"S":"1"},"itemKey":{"S":"item-1"},"quantity":{"N":"2"},"state":{"S":"CANCELLED"},
             "taken":{"M":{}},"shortfall":{"M":{}},"mallStatus":{"S":"Canceled"},"revision":{"N":"2"},
             "updatedAt":{"S":"2026-11-23T00:30:00Z"},"expiresAt":{"N":"1805763723"}}""";

    static final String STORED_A = """
            {"sku":{"S":"A"},"available":{"N":"1"},"safetyStock":{"N":"0"},"version":{"N":"9"},
             "updatedAt":{"S":"2026-11-23T00:59:00Z"},"jan":{"S":"4901234567894"}}""";

    static final String STORED_B = """
            {"sku":{"S":"B"},"available":{"N":"6"},"safetyStock":{"N":"2"},"version":{"N":"5"},
             "updatedAt":{"S":"2026-11-23T00:59:00Z"},"name":{"S":"Sencha"}}""";

    Conflict conflict(CommitResult result) {
        assertThat(result).isInstanceOf(Conflict.class);
        return (Conflict) result;
    }

    // ------------------------------------------------------------------ the transaction itself

    @Test
    void aReservationIsOneTransactionWithTheLineGuardsDecrementAndJournalInThatOrder() {
        StockLevel before = new StockLevel("A", 10, 1, 7, Optional.of("4901234567894"), Optional.of("Tea"));
        StockLevel after = new StockLevel("A", 8, 1, 8, Optional.of("4901234567894"), Optional.of("Tea"));
        LedgerCommit commit = new LedgerCommit(
                Optional.of(new LineWrite(reservedLine(1), 0)),
                Optional.of(new ListingGuard(LISTING, 3)),
                List.of(new StockWrite(Optional.of(before), after)),
                List.of(journal("A", 8, 10, 8, ChangeReason.ORDER_RESERVED)));

        assertThat(ledger.commit(commit)).isEqualTo(new Committed());

        assertRequest(stub.onlyCall(), "TransactWriteItems", """
                {"TransactItems":[
                 {"Put":{"TableName":"t-lines",
                   "Item":{"lineKey":{"S":"rakuten-main#o-1#1"},"channelId":{"S":"rakuten-main"},"orderId":{"S":"o-1"},
                     "lineId":{"S":"1"},"itemKey":{"S":"item-1"},"quantity":{"N":"2"},"state":{"S":"RESERVED"},
                     "taken":{"M":{"A":{"N":"2"}}},"shortfall":{"M":{}},"mallStatus":{"S":"new"},"revision":{"N":"1"},
                     "updatedAt":{"S":"2026-11-23T00:00:00Z"},"mallRevision":{"S":"1970-01-01T00:00:00Z"}},
                   "ConditionExpression":"attribute_not_exists(lineKey)",
                   "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
                 {"ConditionCheck":{"TableName":"t-listings",
                   "Key":{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"META"}},
                   "ConditionExpression":"version = :v","ExpressionAttributeValues":{":v":{"N":"3"}}}},
                 {"Update":{"TableName":"t-stock","Key":{"sku":{"S":"A"}},
                   "UpdateExpression":"SET #v = :nv, safetyStock = :ss, updatedAt = :now, #a = #a - :take, jan = :jan, #n = :name",
                   "ConditionExpression":"#v = :v AND #a >= :take",
                   "ExpressionAttributeNames":{"#a":"available","#v":"version","#n":"name"},
                   "ExpressionAttributeValues":{":v":{"N":"7"},":nv":{"N":"8"},":ss":{"N":"1"},
                     ":now":{"S":"2026-11-23T01:02:03Z"},":take":{"N":"2"},":jan":{"S":"4901234567894"},
                     ":name":{"S":"Tea"}},
                   "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
                 {"Put":{"TableName":"t-journal",
                   "Item":{"sku":{"S":"A"},"version":{"N":"8"},"before":{"N":"10"},"after":{"N":"8"},
                     "safetyStockBefore":{"N":"1"},"safetyStockAfter":{"N":"1"},"reason":{"S":"ORDER_RESERVED"},
                     "source":{"S":"order:rakuten-main/o-1/1"},"at":{"S":"2026-11-23T01:02:03Z"}},
                   "ConditionExpression":"attribute_not_exists(sku)"}}
                ]}""");
    }

    @Test
    void aTransitionOfAnExistingLineIsConditionalOnItsRevisionAndAnIncrementOnlyOnTheVersion() {
        OrderLine cancelled = new OrderLine("rakuten-main#o-1#1", "rakuten-main", "o-1", "1", "item-1", 2,
                LineState.CANCELLED, Map.of(), Map.of(), "Canceled", 2, Instant.parse("2026-11-23T00:30:00Z"));
        LedgerCommit commit = new LedgerCommit(
                Optional.of(new LineWrite(cancelled, 1)),
                Optional.empty(),
                List.of(new StockWrite(Optional.of(level("A", 8, 0, 8)), level("A", 10, 0, 9))),
                List.of(journal("A", 9, 8, 10, ChangeReason.ORDER_CANCELLED)));

        assertThat(ledger.commit(commit)).isEqualTo(new Committed());

        assertRequest(stub.onlyCall(), "TransactWriteItems", """
                {"TransactItems":[
                 {"Put":{"TableName":"t-lines",
                   "Item":{"lineKey":{"S":"rakuten-main#o-1#1"},"channelId":{"S":"rakuten-main"},"orderId":{"S":"o-1"},
                     "lineId":{"S":"1"},"itemKey":{"S":"item-1"},"quantity":{"N":"2"},"state":{"S":"CANCELLED"},
                     "taken":{"M":{}},"shortfall":{"M":{}},"mallStatus":{"S":"Canceled"},"revision":{"N":"2"},
                     "updatedAt":{"S":"2026-11-23T00:30:00Z"},"expiresAt":{"N":"1805763723"},
                     "mallRevision":{"S":"1970-01-01T00:00:00Z"}},
                   "ConditionExpression":"revision = :r","ExpressionAttributeValues":{":r":{"N":"1"}},
                   "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
                 {"Update":{"TableName":"t-stock","Key":{"sku":{"S":"A"}},
                   "UpdateExpression":"SET #v = :nv, safetyStock = :ss, updatedAt = :now, #a = #a + :add",
                   "ConditionExpression":"#v = :v",
                   "ExpressionAttributeNames":{"#a":"available","#v":"version"},
                   "ExpressionAttributeValues":{":v":{"N":"8"},":nv":{"N":"9"},":ss":{"N":"0"},
                     ":now":{"S":"2026-11-23T01:02:03Z"},":add":{"N":"2"}},
                   "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
                 {"Put":{"TableName":"t-journal",
                   "Item":{"sku":{"S":"A"},"version":{"N":"9"},"before":{"N":"8"},"after":{"N":"10"},
                     "safetyStockBefore":{"N":"1"},"safetyStockAfter":{"N":"1"},"reason":{"S":"ORDER_CANCELLED"},
                     "source":{"S":"order:rakuten-main/o-1/1"},"at":{"S":"2026-11-23T01:02:03Z"}},
                   "ConditionExpression":"attribute_not_exists(sku)"}}
                ]}""");
    }

    @Test
    void anOversoldLineCarriesAttentionAndGuardsTheStockItReadButDoesNotWrite() {
        OrderLine oversold = new OrderLine("yahoo-main#o-9#1", "yahoo-main", "o-9", "1", "set-1", 1,
                LineState.OVERSOLD, Map.of("A", 1L), Map.of("B", 2L), "", 1, Instant.parse("2026-11-23T00:00:00Z"));
        LedgerCommit commit = new LedgerCommit(
                Optional.of(new LineWrite(oversold, 0)),
                Optional.of(new ListingGuard(new ListingKey("yahoo-main", "set-1"), 1)),
                List.of(new StockWrite(Optional.of(level("A", 1, 0, 3)), level("A", 0, 0, 4))),
                List.of(journal("A", 4, 1, 0, ChangeReason.ORDER_OVERSOLD)),
                List.of(new StockGuard("B", Optional.of(6L)), new StockGuard("C", Optional.empty())));

        assertThat(ledger.commit(commit)).isEqualTo(new Committed());

        assertRequest(stub.onlyCall(), "TransactWriteItems", """
                {"TransactItems":[
                 {"Put":{"TableName":"t-lines",
                   "Item":{"lineKey":{"S":"yahoo-main#o-9#1"},"channelId":{"S":"yahoo-main"},"orderId":{"S":"o-9"},
                     "lineId":{"S":"1"},"itemKey":{"S":"set-1"},"quantity":{"N":"1"},"state":{"S":"OVERSOLD"},
                     "taken":{"M":{"A":{"N":"1"}}},"shortfall":{"M":{"B":{"N":"2"}}},"mallStatus":{"S":""},
                     "revision":{"N":"1"},"updatedAt":{"S":"2026-11-23T00:00:00Z"},"mallRevision":{"S":"1970-01-01T00:00:00Z"},
                     "attention":{"S":"OVERSOLD"}},
                   "ConditionExpression":"attribute_not_exists(lineKey)",
                   "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
                 {"ConditionCheck":{"TableName":"t-listings",
                   "Key":{"listingKey":{"S":"yahoo-main#set-1"},"entry":{"S":"META"}},
                   "ConditionExpression":"version = :v","ExpressionAttributeValues":{":v":{"N":"1"}}}},
                 {"Update":{"TableName":"t-stock","Key":{"sku":{"S":"A"}},
                   "UpdateExpression":"SET #v = :nv, safetyStock = :ss, updatedAt = :now, #a = #a - :take",
                   "ConditionExpression":"#v = :v AND #a >= :take",
                   "ExpressionAttributeNames":{"#a":"available","#v":"version"},
                   "ExpressionAttributeValues":{":v":{"N":"3"},":nv":{"N":"4"},":ss":{"N":"0"},
                     ":now":{"S":"2026-11-23T01:02:03Z"},":take":{"N":"1"}},
                   "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
                 {"ConditionCheck":{"TableName":"t-stock","Key":{"sku":{"S":"B"}},
                   "ConditionExpression":"version = :v","ExpressionAttributeValues":{":v":{"N":"6"}},
                   "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
                 {"ConditionCheck":{"TableName":"t-stock","Key":{"sku":{"S":"C"}},
                   "ConditionExpression":"attribute_not_exists(sku)",
                   "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
                 {"Put":{"TableName":"t-journal",
                   "Item":{"sku":{"S":"A"},"version":{"N":"4"},"before":{"N":"1"},"after":{"N":"0"},
                     "safetyStockBefore":{"N":"1"},"safetyStockAfter":{"N":"1"},"reason":{"S":"ORDER_OVERSOLD"},
                     "source":{"S":"order:rakuten-main/o-1/1"},"at":{"S":"2026-11-23T01:02:03Z"}},
                   "ConditionExpression":"attribute_not_exists(sku)"}}
                ]}""");
    }

    @Test
    void aNewSkuIsAPutThatMustNotOverwriteAnExistingOne() {
        StockLevel created = new StockLevel("NEW-1", 5, 2, 1, Optional.of("4901234567894"), Optional.of("Matcha"));
        LedgerCommit commit = new LedgerCommit(Optional.empty(), Optional.empty(),
                List.of(new StockWrite(Optional.empty(), created)),
                List.of(new JournalEntry("NEW-1", 1, 0, 5, 0, 2, ChangeReason.STOCK_CREATED,
                        ChangeSource.csv("stock.csv", 3), NOW)));

        assertThat(ledger.commit(commit)).isEqualTo(new Committed());

        assertRequest(stub.onlyCall(), "TransactWriteItems", """
                {"TransactItems":[
                 {"Put":{"TableName":"t-stock",
                   "Item":{"sku":{"S":"NEW-1"},"available":{"N":"5"},"safetyStock":{"N":"2"},"version":{"N":"1"},
                     "updatedAt":{"S":"2026-11-23T01:02:03Z"},"jan":{"S":"4901234567894"},"name":{"S":"Matcha"}},
                   "ConditionExpression":"attribute_not_exists(sku)",
                   "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
                 {"Put":{"TableName":"t-journal",
                   "Item":{"sku":{"S":"NEW-1"},"version":{"N":"1"},"before":{"N":"0"},"after":{"N":"5"},
                     "safetyStockBefore":{"N":"0"},"safetyStockAfter":{"N":"2"},"reason":{"S":"STOCK_CREATED"},
                     "source":{"S":"csv:stock.csv:3"},"at":{"S":"2026-11-23T01:02:03Z"}},
                   "ConditionExpression":"attribute_not_exists(sku)"}}
                ]}""");
    }

    @Test
    void anEmptyCommitSendsNothing() {
        assertThat(ledger.commit(new LedgerCommit(Optional.empty(), Optional.empty(), List.of(), List.of())))
                .isEqualTo(new Committed());
        assertThat(stub.calls()).isEmpty();
    }

    // ------------------------------------------------------------------ the SDK reads the stub's wire format

    @Test
    void theSdkParsesTheStubsCancellationReasonsWithCodesMessagesAndItems() {
        stub.reply("TransactWriteItems", Reply.transactionCanceled(
                Reason.conditionalCheckFailed(STORED_A), Reason.none(), Reason.code("TransactionConflict"),
                Reason.nullCode()));

        assertThatThrownBy(() -> dynamo.transactWriteItems(r -> r.transactItems(List.of())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TransactionCanceledException");
                    assertThat(e.hasCancellationReasons()).isTrue();
                    List<CancellationReason> reasons = e.cancellationReasons();
                    assertThat(reasons).extracting(CancellationReason::code)
                            .containsExactly("ConditionalCheckFailed", "None", "TransactionConflict", null);
                    assertThat(reasons.get(0).message()).isEqualTo("The conditional request failed");
                    assertThat(reasons.get(0).item()).containsEntry("available", AttributeValue.fromN("1"))
                            .containsEntry("sku", AttributeValue.fromS("A")).hasSize(6);
                    assertThat(reasons.get(1).hasItem()).isFalse();
                });
    }

    // ------------------------------------------------------------------ the reaction to each reason

    /** Roles in {@link #everyRole()}: 0 line, 1 listing, 2 stock A, 3 guard B, 4 journal A. */
    @Nested
    class CancellationReasons {

        Reason[] allNoneBut(int index, Reason reason) {
            Reason[] reasons = {Reason.none(), Reason.none(), Reason.none(), Reason.none(), Reason.none()};
            reasons[index] = reason;
            return reasons;
        }

        CommitResult commitCancelledWith(Reason... reasons) {
            stub.reply("TransactWriteItems", Reply.transactionCanceled(reasons));
            return ledger.commit(everyRole());
        }

        @Test
        void lineConditionFailedWithTheStoredLineReturnsItForTheCallerToDecideAgain() {
            Conflict conflict = conflict(commitCancelledWith(
                    allNoneBut(0, Reason.conditionalCheckFailed(STORED_LINE))));

            assertThat(conflict.lineChanged()).isTrue();
            assertThat(conflict.currentLine()).contains(new OrderLine("rakuten-main#o-1#1", "rakuten-main", "o-1",
                    "1", "item-1", 2, LineState.CANCELLED, Map.of(), Map.of(), "Canceled", 2,
                    Instant.parse("2026-11-23T00:30:00Z")));
            assertThat(conflict.listingChanged()).isFalse();
            assertThat(conflict.currentStock()).isEmpty();
            assertThat(conflict.transientConflict()).isFalse();
            assertThat(stub.operations()).containsExactly("TransactWriteItems");
        }

        @Test
        void lineConditionFailedWithoutTheItemSaysChangedAndLeavesTheReadToTheCaller() {
            Conflict conflict = conflict(commitCancelledWith(allNoneBut(0, Reason.conditionalCheckFailed())));

            assertThat(conflict.lineChanged()).isTrue();
            assertThat(conflict.currentLine()).isEmpty();
            assertThat(conflict.listingChanged()).isFalse();
            assertThat(conflict.currentStock()).isEmpty();
            assertThat(conflict.transientConflict()).isFalse();
            assertThat(stub.operations()).containsExactly("TransactWriteItems");
        }

        @Test
        void listingGuardFailedSaysTheMappingChanged() {
            Conflict conflict = conflict(commitCancelledWith(allNoneBut(1, Reason.conditionalCheckFailed())));

            assertThat(conflict.listingChanged()).isTrue();
            assertThat(conflict.lineChanged()).isFalse();
            assertThat(conflict.currentLine()).isEmpty();
            assertThat(conflict.currentStock()).isEmpty();
            assertThat(conflict.transientConflict()).isFalse();
        }

        @Test
        void stockConditionFailedWithTheStoredItemReturnsTheCurrentLevelWithoutAnotherRead() {
            Conflict conflict = conflict(commitCancelledWith(
                    allNoneBut(2, Reason.conditionalCheckFailed(STORED_A))));

            assertThat(conflict.currentStock()).containsExactly(Map.entry("A", Optional.of(
                    new StockLevel("A", 1, 0, 9, Optional.of("4901234567894"), Optional.empty()))));
            assertThat(conflict.lineChanged()).isFalse();
            assertThat(conflict.listingChanged()).isFalse();
            assertThat(conflict.transientConflict()).isFalse();
            assertThat(stub.operations()).containsExactly("TransactWriteItems");
        }

        @Test
        void stockConditionFailedWithoutTheItemReadsTheSkuConsistently() {
            stub.replyOk("BatchGetItem", "{\"Responses\":{\"t-stock\":[" + STORED_A + "]},\"UnprocessedKeys\":{}}");

            Conflict conflict = conflict(commitCancelledWith(allNoneBut(2, Reason.conditionalCheckFailed())));

            assertThat(conflict.currentStock()).containsExactly(Map.entry("A", Optional.of(
                    new StockLevel("A", 1, 0, 9, Optional.of("4901234567894"), Optional.empty()))));
            assertThat(stub.operations()).containsExactly("TransactWriteItems", "BatchGetItem");
            assertRequest(stub.call(1), "BatchGetItem", """
                    {"RequestItems":{"t-stock":{"Keys":[{"sku":{"S":"A"}}],"ConsistentRead":true}}}""");
        }

        @Test
        void stockConditionFailedOnASkuThatVanishedReportsItAbsent() {
            stub.replyOk("BatchGetItem", "{\"Responses\":{\"t-stock\":[]},\"UnprocessedKeys\":{}}");

            Conflict conflict = conflict(commitCancelledWith(allNoneBut(2, Reason.conditionalCheckFailed())));

            assertThat(conflict.currentStock()).containsExactly(Map.entry("A", Optional.empty()));
        }

        @Test
        void stockGuardFailedWithTheStoredItemReturnsTheGuardedSkusLevel() {
            Conflict conflict = conflict(commitCancelledWith(
                    allNoneBut(3, Reason.conditionalCheckFailed(STORED_B))));

            assertThat(conflict.currentStock()).containsExactly(Map.entry("B", Optional.of(
                    new StockLevel("B", 6, 2, 5, Optional.empty(), Optional.of("Sencha")))));
            assertThat(conflict.transientConflict()).isFalse();
            assertThat(stub.operations()).containsExactly("TransactWriteItems");
        }

        @Test
        void stockGuardFailedWithoutTheItemReadsTheGuardedSku() {
            stub.replyOk("BatchGetItem", "{\"Responses\":{\"t-stock\":[" + STORED_B + "]}}");

            Conflict conflict = conflict(commitCancelledWith(allNoneBut(3, Reason.conditionalCheckFailed())));

            assertThat(conflict.currentStock()).containsOnlyKeys("B");
            assertThat(conflict.currentStock().get("B")).map(StockLevel::version).contains(5L);
            assertRequest(stub.call(1), "BatchGetItem", """
                    {"RequestItems":{"t-stock":{"Keys":[{"sku":{"S":"B"}}],"ConsistentRead":true}}}""");
        }

        @Test
        void listingGuardFailedWithAnItemStillOnlySaysTheMappingChanged() {
            Conflict conflict = conflict(commitCancelledWith(allNoneBut(1, Reason.conditionalCheckFailed(
                    "{\"listingKey\":{\"S\":\"rakuten-main#item-1\"},\"entry\":{\"S\":\"META\"},\"version\":{\"N\":\"4\"}}"))));

            assertThat(conflict).isEqualTo(new Conflict(false, Optional.empty(), true, Map.of(), false));
        }

        @Test
        void eachReasonIsMatchedToItsOwnSkuWhenSeveralStockItemsAreWritten() {
            // Items: 0 stock A (decrement), 1 stock B (create), 2 guard C, 3 journal A, 4 journal B.
            LedgerCommit commit = new LedgerCommit(Optional.empty(), Optional.empty(),
                    List.of(new StockWrite(Optional.of(level("A", 10, 0, 7)), level("A", 9, 0, 8)),
                            new StockWrite(Optional.empty(), level("B", 5, 0, 1))),
                    List.of(journal("A", 8, 10, 9, ChangeReason.ORDER_RESERVED),
                            journal("B", 1, 0, 5, ChangeReason.STOCK_CREATED)),
                    List.of(new StockGuard("C", Optional.empty())));
            String storedC = STORED_B.replace("\"S\":\"B\"", "\"S\":\"C\"");
            stub.reply("TransactWriteItems", Reply.transactionCanceled(Reason.none(),
                    Reason.conditionalCheckFailed(STORED_B), Reason.conditionalCheckFailed(storedC),
                    Reason.none(), Reason.conditionalCheckFailed()));

            Conflict conflict = conflict(ledger.commit(commit));

            assertThat(conflict.currentStock()).containsOnlyKeys("B", "C");
            assertThat(conflict.currentStock().get("B")).map(StockLevel::sku).contains("B");
            assertThat(conflict.currentStock().get("C")).map(StockLevel::sku).contains("C");
            assertThat(conflict.transientConflict()).isFalse();
            assertThat(stub.operations()).containsExactly("TransactWriteItems");
        }

        @Test
        void journalVersionTakenTogetherWithItsStockVersionIsAStockConflict() {
            Reason[] reasons = allNoneBut(2, Reason.conditionalCheckFailed(STORED_A));
            reasons[4] = Reason.conditionalCheckFailed();

            Conflict conflict = conflict(commitCancelledWith(reasons));

            assertThat(conflict.currentStock()).containsOnlyKeys("A");
            assertThat(conflict.lineChanged()).isFalse();
            assertThat(conflict.transientConflict()).isFalse();
        }

        @Test
        void journalVersionTakenWhileEveryStockVersionWasFreeIsABrokenChainNotARetry() {
            assertThatThrownBy(() -> commitCancelledWith(allNoneBut(4, Reason.conditionalCheckFailed())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("journal version taken although every stock version was free")
                    .hasCauseInstanceOf(TransactionCanceledException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"})
        void anotherTransactionOnTheSameItemsIsTransientAndChangesNothingElse(String code) {
            Conflict conflict = conflict(commitCancelledWith(allNoneBut(2, Reason.code(code))));

            assertThat(conflict.transientConflict()).isTrue();
            assertThat(conflict.lineChanged()).isFalse();
            assertThat(conflict.listingChanged()).isFalse();
            assertThat(conflict.currentLine()).isEmpty();
            assertThat(conflict.currentStock()).isEmpty();
            assertThat(stub.operations()).containsExactly("TransactWriteItems");
        }

        @Test
        void transactionConflictOnTheLineWithAFailedStockConditionReportsBoth() {
            Reason[] reasons = allNoneBut(0, Reason.code("TransactionConflict"));
            reasons[2] = Reason.conditionalCheckFailed(STORED_A);

            Conflict conflict = conflict(commitCancelledWith(reasons));

            assertThat(conflict.transientConflict()).isTrue();
            assertThat(conflict.lineChanged()).isFalse();
            assertThat(conflict.currentStock()).containsOnlyKeys("A");
        }

        @Test
        void reasonsThatAreAllNoneOrNullCodeReportNoChangeAndNoRetry() {
            Conflict conflict = conflict(commitCancelledWith(Reason.none(), Reason.nullCode(), Reason.none(),
                    Reason.nullCode(), Reason.none()));

            assertThat(conflict).isEqualTo(new Conflict(false, Optional.empty(), false, Map.of(), false));
        }

        @ParameterizedTest
        @ValueSource(strings = {"ValidationError", "ItemCollectionSizeLimitExceeded", "DuplicateItem",
                "SomethingNew"})
        void anUnknownOrPermanentCodeIsAnErrorNamingTheCode(String code) {
            assertThatThrownBy(() -> commitCancelledWith(allNoneBut(3, Reason.code(code))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("ledger transaction refused (" + code + "): " + code + " happened")
                    .hasCauseInstanceOf(TransactionCanceledException.class);
        }

        @Test
        void aCancellationWithoutReasonsIsTreatedAsTransient() {
            stub.reply("TransactWriteItems", Reply.transactionCanceledWithoutReasons());

            Conflict conflict = conflict(ledger.commit(everyRole()));

            assertThat(conflict).isEqualTo(new Conflict(false, Optional.empty(), false, Map.of(), true));
        }

        @Test
        void aCancellationWithAnEmptyReasonsListIsTreatedAsTransient() {
            Conflict conflict = conflict(commitCancelledWith());

            assertThat(conflict).isEqualTo(new Conflict(false, Optional.empty(), false, Map.of(), true));
        }
    }

    // ------------------------------------------------------------------ listings

    static final String META_V2 = """
            {"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"META"},"channelId":{"S":"rakuten-main"},
             "itemKey":{"S":"item-1"},"version":{"N":"2"},"updatedAt":{"S":"2026-11-22T00:00:00Z"}}""";

    static String component(String sku, int units) {
        return "{\"listingKey\":{\"S\":\"rakuten-main#item-1\"},\"entry\":{\"S\":\"C#" + sku + "\"},"
                + "\"sku\":{\"S\":\"" + sku + "\"},\"units\":{\"N\":\"" + units + "\"},"
                + "\"channelId\":{\"S\":\"rakuten-main\"},\"updatedAt\":{\"S\":\"2026-11-22T00:00:00Z\"}}";
    }

    static final String FIND_LISTING = """
            {"TableName":"t-listings","KeyConditionExpression":"listingKey = :k",
             "ExpressionAttributeValues":{":k":{"S":"rakuten-main#item-1"}},"ConsistentRead":true}""";

    static final String GET_META = """
            {"TableName":"t-listings","ConsistentRead":true,
             "Key":{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"META"}}}""";

    @Test
    void findListingQueriesTheListingsPartitionAndAssemblesMetaAndComponents() {
        stub.replyOk("Query", "{\"Items\":[" + component("A", 2) + "," + component("B", 1) + "," + META_V2
                + "],\"Count\":3}");

        assertThat(ledger.findListing(LISTING)).contains(
                new Listing(LISTING, List.of(new Component("A", 2), new Component("B", 1)), 2));
        assertRequest(stub.onlyCall(), "Query", FIND_LISTING);
    }

    @Test
    void aListingWithoutMetaOrWithoutComponentsIsNotMapped() {
        stub.replyOk("Query", "{\"Items\":[" + component("A", 1) + "]}");
        stub.replyOk("Query", "{\"Items\":[" + META_V2 + "]}");

        assertThat(ledger.findListing(LISTING)).isEmpty();
        assertThat(ledger.findListing(LISTING)).isEmpty();
    }

    @Test
    void mappingANewListingRequiresThatNoMetaExistsAndPutsTheSkusReverseItemInTheSameTransaction() {
        stub.replyOk("Query", "{\"Items\":[]}");
        stub.replyOk("GetItem", "{}");

        assertThat(ledger.saveListing(LISTING, List.of(new Component("A", 1)), 0))
                .contains(new Listing(LISTING, List.of(new Component("A", 1)), 1));

        assertThat(stub.operations()).containsExactly("Query", "GetItem", "TransactWriteItems");
        assertRequest(stub.call(0), "Query", FIND_LISTING);
        assertRequest(stub.call(1), "GetItem", GET_META);
        assertRequest(stub.call(2), "TransactWriteItems", """
                {"TransactItems":[
                 {"Put":{"TableName":"t-listings",
                   "Item":{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"META"},"channelId":{"S":"rakuten-main"},
                     "itemKey":{"S":"item-1"},"version":{"N":"1"},"updatedAt":{"S":"2026-11-23T01:02:03Z"}},
                   "ConditionExpression":"attribute_not_exists(listingKey)"}},
                 {"Put":{"TableName":"t-listings",
                   "Item":{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"C#A"},"sku":{"S":"A"},
                     "units":{"N":"1"},"channelId":{"S":"rakuten-main"},"updatedAt":{"S":"2026-11-23T01:02:03Z"}}}},
                 {"Put":{"TableName":"t-listings",
                   "Item":{"listingKey":{"S":"SKU#A"},"entry":{"S":"L#rakuten-main#item-1"}}}}
                ]}""");
    }

    @Test
    void mappingAgainAfterAnUnlinkContinuesTheTombstonesVersionAndRequiresTheTombstone() {
        String tombstone = """
                {"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"META"},"version":{"N":"4"},
                 "unlinked":{"BOOL":true},"channelId":{"S":"rakuten-main"},"itemKey":{"S":"item-1"}}""";
        stub.replyOk("Query", "{\"Items\":[" + tombstone + "]}");
        stub.replyOk("GetItem", "{\"Item\":" + tombstone + "}");

        assertThat(ledger.saveListing(LISTING, List.of(new Component("B", 3)), 0)).map(Listing::version).contains(5L);

        assertRequest(stub.call(2), "TransactWriteItems", """
                {"TransactItems":[
                 {"Put":{"TableName":"t-listings",
                   "Item":{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"META"},"channelId":{"S":"rakuten-main"},
                     "itemKey":{"S":"item-1"},"version":{"N":"5"},"updatedAt":{"S":"2026-11-23T01:02:03Z"}},
                   "ConditionExpression":"version = :v AND #u = :t",
                   "ExpressionAttributeNames":{"#u":"unlinked"},
                   "ExpressionAttributeValues":{":v":{"N":"4"},":t":{"BOOL":true}}}},
                 {"Put":{"TableName":"t-listings",
                   "Item":{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"C#B"},"sku":{"S":"B"},
                     "units":{"N":"3"},"channelId":{"S":"rakuten-main"},"updatedAt":{"S":"2026-11-23T01:02:03Z"}}}},
                 {"Put":{"TableName":"t-listings",
                   "Item":{"listingKey":{"S":"SKU#B"},"entry":{"S":"L#rakuten-main#item-1"}}}}
                ]}""");
    }

    @Test
    void remappingIsConditionalOnTheVersionAndMovesComponentsAndTheirReverseItemsInOneTransaction() {
        stub.replyOk("Query", "{\"Items\":[" + META_V2 + "," + component("A", 1) + "," + component("B", 1) + "]}");

        assertThat(ledger.saveListing(LISTING, List.of(new Component("A", 2), new Component("C", 1)), 2))
                .map(Listing::version).contains(3L);

        assertThat(stub.operations()).containsExactly("Query", "TransactWriteItems");
        assertRequest(stub.call(1), "TransactWriteItems", """
                {"TransactItems":[
                 {"Put":{"TableName":"t-listings",
                   "Item":{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"META"},"channelId":{"S":"rakuten-main"},
                     "itemKey":{"S":"item-1"},"version":{"N":"3"},"updatedAt":{"S":"2026-11-23T01:02:03Z"}},
                   "ConditionExpression":"version = :v","ExpressionAttributeValues":{":v":{"N":"2"}}}},
                 {"Delete":{"TableName":"t-listings",
                   "Key":{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"C#B"}}}},
                 {"Delete":{"TableName":"t-listings",
                   "Key":{"listingKey":{"S":"SKU#B"},"entry":{"S":"L#rakuten-main#item-1"}}}},
                 {"Put":{"TableName":"t-listings",
                   "Item":{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"C#A"},"sku":{"S":"A"},
                     "units":{"N":"2"},"channelId":{"S":"rakuten-main"},"updatedAt":{"S":"2026-11-23T01:02:03Z"}}}},
                 {"Put":{"TableName":"t-listings",
                   "Item":{"listingKey":{"S":"SKU#A"},"entry":{"S":"L#rakuten-main#item-1"}}}},
                 {"Put":{"TableName":"t-listings",
                   "Item":{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"C#C"},"sku":{"S":"C"},
                     "units":{"N":"1"},"channelId":{"S":"rakuten-main"},"updatedAt":{"S":"2026-11-23T01:02:03Z"}}}},
                 {"Put":{"TableName":"t-listings",
                   "Item":{"listingKey":{"S":"SKU#C"},"entry":{"S":"L#rakuten-main#item-1"}}}}
                ]}""");
    }

    @Test
    void aStaleExpectedVersionWritesNothing() {
        stub.replyOk("Query", "{\"Items\":[" + META_V2 + "," + component("A", 1) + "]}");

        assertThat(ledger.saveListing(LISTING, List.of(new Component("A", 2)), 1)).isEmpty();
        assertThat(stub.operations()).containsExactly("Query");
    }

    @Test
    void aMappingWhoseTransactionIsCancelledIsNotSaved() {
        stub.replyOk("Query", "{\"Items\":[" + META_V2 + "," + component("A", 1) + "]}");
        stub.reply("TransactWriteItems", Reply.transactionCanceled(Reason.conditionalCheckFailed(), Reason.none()));

        assertThat(ledger.saveListing(LISTING, List.of(new Component("A", 2)), 2)).isEmpty();
    }

    @Test
    void unlinkingLeavesAVersionedTombstoneConditionalOnTheVersionAndDeletesEveryComponentAndReverseItem() {
        stub.replyOk("Query", "{\"Items\":[" + META_V2 + "," + component("A", 1) + "," + component("B", 1) + "]}");

        assertThat(ledger.deleteListing(LISTING, 2)).isTrue();

        assertRequest(stub.call(1), "TransactWriteItems", """
                {"TransactItems":[
                 {"Put":{"TableName":"t-listings",
                   "Item":{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"META"},"channelId":{"S":"rakuten-main"},
                     "itemKey":{"S":"item-1"},"version":{"N":"3"},"unlinked":{"BOOL":true},
                     "updatedAt":{"S":"2026-11-23T01:02:03Z"}},
                   "ConditionExpression":"version = :v","ExpressionAttributeValues":{":v":{"N":"2"}}}},
                 {"Delete":{"TableName":"t-listings",
                   "Key":{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"C#A"}}}},
                 {"Delete":{"TableName":"t-listings",
                   "Key":{"listingKey":{"S":"SKU#A"},"entry":{"S":"L#rakuten-main#item-1"}}}},
                 {"Delete":{"TableName":"t-listings",
                   "Key":{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"C#B"}}}},
                 {"Delete":{"TableName":"t-listings",
                   "Key":{"listingKey":{"S":"SKU#B"},"entry":{"S":"L#rakuten-main#item-1"}}}}
                ]}""");
    }

    @Test
    void unlinkingAStaleVersionOrACancelledTransactionReportsFalse() {
        stub.replyOk("Query", "{\"Items\":[" + META_V2 + "," + component("A", 1) + "]}");
        assertThat(ledger.deleteListing(LISTING, 1)).isFalse();
        assertThat(stub.operations()).containsExactly("Query");

        stub.replyOk("Query", "{\"Items\":[" + META_V2 + "," + component("A", 1) + "]}");
        stub.reply("TransactWriteItems", Reply.transactionCanceled(Reason.conditionalCheckFailed(), Reason.none()));
        assertThat(ledger.deleteListing(LISTING, 2)).isFalse();
    }

    // ------------------------------------------------------------------ reads

    @Test
    void theMallsOrderNameIsOneMoreAttributeOfTheLineAndIsReadBack() {
        OrderLine named = new OrderLine("shopify-main#5200000102#1", "shopify-main", "5200000102", "1",
                "808950810@655441491", 1, LineState.UNMAPPED, Map.of(), Map.of(), "open", 1,
                Instant.parse("2026-11-23T00:30:00Z"), Instant.EPOCH, "#1001");
        LedgerCommit commit = new LedgerCommit(Optional.of(new LineWrite(named, 0)), Optional.empty(), List.of(),
                List.of());

        assertThat(ledger.commit(commit)).isEqualTo(new Committed());

        assertRequest(stub.onlyCall(), "TransactWriteItems", """
                {"TransactItems":[
                 {"Put":{"TableName":"t-lines",
                   "Item":{"lineKey":{"S":"shopify-main#5200000102#1"},"channelId":{"S":"shopify-main"},
                     "orderId":{"S":"5200000102"},"lineId":{"S":"1"},"itemKey":{"S":"808950810@655441491"},
                     "quantity":{"N":"1"},"state":{"S":"UNMAPPED"},"taken":{"M":{}},"shortfall":{"M":{}},
                     "mallStatus":{"S":"open"},"revision":{"N":"1"},"updatedAt":{"S":"2026-11-23T00:30:00Z"},
                     "mallRevision":{"S":"1970-01-01T00:00:00Z"},"orderName":{"S":"#1001"},
                     "attention":{"S":"UNMAPPED"}},
                   "ConditionExpression":"attribute_not_exists(lineKey)",
                   "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
                 {"Put":{"TableName":"t-listings",
                   "Item":{"listingKey":{"S":"UNMAPPED#shopify-main#808950810@655441491"},
                     "entry":{"S":"U#shopify-main#5200000102#1"}}}}
                ]}""");

        stub.replyOk("GetItem", "{\"Item\":" + STORED_LINE.substring(0, STORED_LINE.length() - 1)
                + ",\"orderName\":{\"S\":\"#1001\"}}}");
        assertThat(ledger.findLine("rakuten-main#o-1#1")).map(OrderLine::orderName).contains("#1001");
    }

    @Test
    void findLineIsAConsistentGetByLineKey() {
        stub.replyOk("GetItem", "{\"Item\":" + STORED_LINE + "}");
        stub.replyOk("GetItem", "{}");

        assertThat(ledger.findLine("rakuten-main#o-1#1")).map(OrderLine::state).contains(LineState.CANCELLED);
        assertThat(ledger.findLine("rakuten-main#o-2#1")).isEmpty();

        assertRequest(stub.call(0), "GetItem", """
                {"TableName":"t-lines","Key":{"lineKey":{"S":"rakuten-main#o-1#1"}},"ConsistentRead":true}""");
    }

    @Test
    void readStockBatchesAHundredKeysAndRetriesUnprocessedKeys() {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            skus.add("S" + i);
        }
        skus.add("S0");
        stub.replyOk("BatchGetItem", "{\"Responses\":{\"t-stock\":[" + STORED_A + "]},"
                + "\"UnprocessedKeys\":{\"t-stock\":{\"Keys\":[{\"sku\":{\"S\":\"S7\"}}],\"ConsistentRead\":true}}}");
        stub.replyOk("BatchGetItem", "{\"Responses\":{\"t-stock\":[" + STORED_B + "]}}");
        stub.replyOk("BatchGetItem", "{\"Responses\":{\"t-stock\":[]}}");

        Map<String, StockLevel> levels = ledger.readStock(skus);

        assertThat(levels).containsOnlyKeys("A", "B");
        assertThat(stub.operations()).containsExactly("BatchGetItem", "BatchGetItem", "BatchGetItem");
        var first = stub.call(0).body().path("RequestItems").path("t-stock");
        assertThat(first.path("Keys")).hasSize(100);
        assertThat(first.path("Keys").get(0).path("sku").path("S").asText()).isEqualTo("S0");
        assertThat(first.path("Keys").get(99).path("sku").path("S").asText()).isEqualTo("S99");
        assertThat(first.path("ConsistentRead").asBoolean()).isTrue();
        assertRequest(stub.call(1), "BatchGetItem", """
                {"RequestItems":{"t-stock":{"Keys":[{"sku":{"S":"S7"}}],"ConsistentRead":true}}}""");
        assertRequest(stub.call(2), "BatchGetItem", """
                {"RequestItems":{"t-stock":{"Keys":[{"sku":{"S":"S100"}}],"ConsistentRead":true}}}""");
    }

    // ------------------------------------------------------------------ reverse items (issue 15, defects 10, 13)

    static final String MARKER = """
            {"Item":{"listingKey":{"S":"REVERSE-ITEMS"},"entry":{"S":"BACKFILLED"},"skuItems":{"N":"0"},
             "unmappedItems":{"N":"0"},"at":{"S":"2026-11-23T00:00:00Z"}}}""";
    static final String GET_MARKER = """
            {"TableName":"t-listings","Key":{"listingKey":{"S":"REVERSE-ITEMS"},"entry":{"S":"BACKFILLED"}},
             "ConsistentRead":true}""";

    @Test
    void listingsContainingIsAConsistentQueryOfTheSkusReverseItemsNotTheEventuallyConsistentIndex() {
        stub.replyOk("GetItem", MARKER);
        stub.replyOk("Query", "{\"Items\":[{\"listingKey\":{\"S\":\"SKU#A\"},\"entry\":{\"S\":\"L#rakuten-main#item-1\"}}],"
                + "\"LastEvaluatedKey\":{\"listingKey\":{\"S\":\"SKU#A\"},\"entry\":{\"S\":\"L#rakuten-main#item-1\"}}}");
        stub.replyOk("Query", "{\"Items\":[{\"listingKey\":{\"S\":\"SKU#A\"},\"entry\":{\"S\":\"L#yahoo-main#set-1\"}}]}");

        assertThat(ledger.listingsContaining("A")).containsExactly(LISTING, new ListingKey("yahoo-main", "set-1"));

        // The base table, ConsistentRead: a listing mapped a moment ago (its reverse item was in the
        // mapping's transaction) is in the fan-out. The index bySku could not be read strongly.
        assertRequest(stub.call(0), "GetItem", GET_MARKER);
        assertRequest(stub.call(1), "Query", """
                {"TableName":"t-listings","KeyConditionExpression":"listingKey = :k AND begins_with(entry, :p)",
                 "ExpressionAttributeValues":{":k":{"S":"SKU#A"},":p":{"S":"L#"}},"ConsistentRead":true}""");
        assertRequest(stub.call(2), "Query", """
                {"TableName":"t-listings","KeyConditionExpression":"listingKey = :k AND begins_with(entry, :p)",
                 "ExpressionAttributeValues":{":k":{"S":"SKU#A"},":p":{"S":"L#"}},"ConsistentRead":true,
                 "ExclusiveStartKey":{"listingKey":{"S":"SKU#A"},"entry":{"S":"L#rakuten-main#item-1"}}}""");

        // The marker is read once per adapter: the next fan-out is one Query.
        stub.clear();
        stub.replyOk("Query", "{\"Items\":[]}");
        assertThat(ledger.listingsContaining("B")).isEmpty();
        assertThat(stub.operations()).containsExactly("Query");
    }

    @Test
    void theFanOutRightAfterAMappingFindsTheListingThroughTheReverseItemOfItsTransaction() {
        // The mapping's transaction carries (SKU#A, L#rakuten-main#item-1) ...
        stub.replyOk("Query", "{\"Items\":[]}");
        stub.replyOk("GetItem", "{}");
        ledger.saveListing(LISTING, List.of(new Component("A", 1)), 0);
        var mapping = stub.call(2).body().path("TransactItems");
        assertThat(mapping).contains(DynamoStub.json("""
                {"Put":{"TableName":"t-listings","Item":{"listingKey":{"S":"SKU#A"},"entry":{"S":"L#rakuten-main#item-1"}}}}"""));

        // ... and the next fan-out reads exactly that partition of the base table, strongly.
        stub.clear();
        stub.replyOk("GetItem", MARKER);
        stub.replyOk("Query", "{\"Items\":[{\"listingKey\":{\"S\":\"SKU#A\"},\"entry\":{\"S\":\"L#rakuten-main#item-1\"}}]}");
        assertThat(ledger.listingsContaining("A")).containsExactly(LISTING);
        var read = stub.call(1).body();
        assertThat(read.has("IndexName")).isFalse();
        assertThat(read.path("ConsistentRead").asBoolean()).isTrue();
        assertThat(read.path("ExpressionAttributeValues").path(":k").path("S").asText()).isEqualTo("SKU#A");
    }

    @Test
    void theFirstReadOfATableWithoutTheMarkerBackfillsTheReverseItemsOnceConditionallyThenWritesTheMarker() {
        stub.replyOk("GetItem", "{}");
        stub.replyOk("Scan", """
                {"Items":[{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"C#A"}},
                          {"listingKey":{"S":"yahoo-main#set-1"},"entry":{"S":"C#A"}}],
                 "LastEvaluatedKey":{"listingKey":{"S":"yahoo-main#set-1"},"entry":{"S":"C#A"}}}""");
        stub.replyOk("Scan", """
                {"Items":[{"listingKey":{"S":"yahoo-main#set-1"},"entry":{"S":"C#B"}}]}""");
        stub.replyOk("Query", """
                {"Items":[{"lineKey":{"S":"qoo10-main#q-1#1"},"channelId":{"S":"qoo10-main"},"itemKey":{"S":"q-item"}}]}""");
        stub.replyOk("Query", "{\"Items\":[{\"listingKey\":{\"S\":\"SKU#A\"},\"entry\":{\"S\":\"L#rakuten-main#item-1\"}},"
                + "{\"listingKey\":{\"S\":\"SKU#A\"},\"entry\":{\"S\":\"L#yahoo-main#set-1\"}}]}");

        assertThat(ledger.listingsContaining("A")).containsExactly(LISTING, new ListingKey("yahoo-main", "set-1"));

        assertThat(stub.operations()).containsExactly("GetItem", "Scan", "Scan", "Query", "TransactWriteItems",
                "TransactWriteItems", "PutItem", "Query");
        assertRequest(stub.call(1), "Scan", """
                {"TableName":"t-listings","ProjectionExpression":"listingKey, entry",
                 "FilterExpression":"begins_with(entry, :c)","ExpressionAttributeValues":{":c":{"S":"C#"}},
                 "ConsistentRead":true}""");
        assertRequest(stub.call(3), "Query", """
                {"TableName":"t-lines","IndexName":"byAttention","KeyConditionExpression":"attention = :a",
                 "ProjectionExpression":"lineKey, channelId, itemKey",
                 "ExpressionAttributeValues":{":a":{"S":"UNMAPPED"}}}""");
        // Each reverse item only while what it mirrors still holds: a mapping changed since the scan
        // wrote (or removed) its own in its transaction.
        assertRequest(stub.call(4), "TransactWriteItems", """
                {"TransactItems":[
                 {"ConditionCheck":{"TableName":"t-listings",
                   "Key":{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"C#A"}},
                   "ConditionExpression":"attribute_exists(listingKey)"}},
                 {"Put":{"TableName":"t-listings","Item":{"listingKey":{"S":"SKU#A"},"entry":{"S":"L#rakuten-main#item-1"}}}},
                 {"ConditionCheck":{"TableName":"t-listings",
                   "Key":{"listingKey":{"S":"yahoo-main#set-1"},"entry":{"S":"C#A"}},
                   "ConditionExpression":"attribute_exists(listingKey)"}},
                 {"Put":{"TableName":"t-listings","Item":{"listingKey":{"S":"SKU#A"},"entry":{"S":"L#yahoo-main#set-1"}}}},
                 {"ConditionCheck":{"TableName":"t-listings",
                   "Key":{"listingKey":{"S":"yahoo-main#set-1"},"entry":{"S":"C#B"}},
                   "ConditionExpression":"attribute_exists(listingKey)"}},
                 {"Put":{"TableName":"t-listings","Item":{"listingKey":{"S":"SKU#B"},"entry":{"S":"L#yahoo-main#set-1"}}}}
                ]}""");
        assertRequest(stub.call(5), "TransactWriteItems", """
                {"TransactItems":[
                 {"ConditionCheck":{"TableName":"t-lines","Key":{"lineKey":{"S":"qoo10-main#q-1#1"}},
                   "ConditionExpression":"#s = :u","ExpressionAttributeNames":{"#s":"state"},
                   "ExpressionAttributeValues":{":u":{"S":"UNMAPPED"}}}},
                 {"Put":{"TableName":"t-listings",
                   "Item":{"listingKey":{"S":"UNMAPPED#qoo10-main#q-item"},"entry":{"S":"U#qoo10-main#q-1#1"}}}}
                ]}""");
        assertRequest(stub.call(6), "PutItem", """
                {"TableName":"t-listings","Item":{"listingKey":{"S":"REVERSE-ITEMS"},"entry":{"S":"BACKFILLED"},
                 "skuItems":{"N":"3"},"unmappedItems":{"N":"1"},"at":{"S":"2026-11-23T01:02:03Z"}}}""");
    }

    @Test
    void theBackfillSkipsAPairWhoseSourceChangedAndRetriesOneThatConflicted() {
        stub.replyOk("GetItem", "{}");
        stub.replyOk("Scan", """
                {"Items":[{"listingKey":{"S":"rakuten-main#item-1"},"entry":{"S":"C#A"}},
                          {"listingKey":{"S":"yahoo-main#set-1"},"entry":{"S":"C#A"}},
                          {"listingKey":{"S":"yahoo-main#set-2"},"entry":{"S":"C#A"}}]}""");
        stub.replyOk("Query", "{\"Items\":[]}");
        // rakuten's listing was remapped since the scan; another backfill was writing set-2's item
        stub.reply("TransactWriteItems", Reply.transactionCanceled(Reason.conditionalCheckFailed(), Reason.none(),
                Reason.none(), Reason.none(), Reason.none(), Reason.code("TransactionConflict")));
        stub.replyOk("TransactWriteItems", "{}");
        stub.replyOk("Query", "{\"Items\":[]}");

        ledger.listingsContaining("A");

        assertThat(stub.operations()).containsExactly("GetItem", "Scan", "Query", "TransactWriteItems",
                "TransactWriteItems", "PutItem", "Query");
        var retried = stub.call(4).body().path("TransactItems");
        assertThat(retried).hasSize(4);
        assertThat(retried.get(1).path("Put").path("Item").path("entry").path("S").asText())
                .isEqualTo("L#yahoo-main#set-1");
        assertThat(retried.get(3).path("Put").path("Item").path("entry").path("S").asText())
                .isEqualTo("L#yahoo-main#set-2");
        assertThat(stub.call(5).body().path("Item").path("skuItems").path("N").asText()).isEqualTo("2");
    }

    @Test
    void aBackfillThatCannotFinishWritesNoMarkerAndTheNextUseTriesAgain() {
        stub.replyOk("GetItem", "{}");
        stub.replyOk("Scan", "{\"Items\":[{\"listingKey\":{\"S\":\"rakuten-main#item-1\"},\"entry\":{\"S\":\"C#A\"}}]}");
        stub.replyOk("Query", "{\"Items\":[]}");
        stub.reply("TransactWriteItems", Reply.transactionCanceled(Reason.none(), Reason.code("ValidationError")));

        assertThatThrownBy(() -> ledger.listingsContaining("A")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reverse item backfill refused (ValidationError)");
        assertThat(stub.operations()).doesNotContain("PutItem");

        stub.clear();
        stub.replyOk("GetItem", MARKER);
        stub.replyOk("Query", "{\"Items\":[]}");
        assertThat(ledger.listingsContaining("A")).isEmpty();
        assertThat(stub.operations()).containsExactly("GetItem", "Query");
    }

    static String unmappedLine(String orderId) {
        return STORED_LINE.replace("o-1", orderId).replace("CANCELLED", "UNMAPPED")
                .replace(",\"expiresAt\":{\"N\":\"1805763723\"}", "");
    }

    @Test
    void unmappedLinesOfIsAConsistentQueryOfTheListingsReverseItemsThenAConsistentGetOfTheLines() {
        stub.replyOk("GetItem", MARKER);
        stub.replyOk("Query", """
                {"Items":[{"listingKey":{"S":"UNMAPPED#rakuten-main#item-1"},"entry":{"S":"U#rakuten-main#o-1#1"}},
                          {"listingKey":{"S":"UNMAPPED#rakuten-main#item-1"},"entry":{"S":"U#rakuten-main#o-2#1"}},
                          {"listingKey":{"S":"UNMAPPED#rakuten-main#item-1"},"entry":{"S":"U#rakuten-main#o-3#1"}}]}""");
        // answered out of order; o-3 was applied between the two reads (it is no longer UNMAPPED)
        stub.replyOk("BatchGetItem", "{\"Responses\":{\"t-lines\":[" + unmappedLine("o-2") + ","
                + unmappedLine("o-1") + "," + STORED_LINE.replace("o-1", "o-3") + "]}}");

        assertThat(ledger.unmappedLinesOf(LISTING, 10)).extracting(OrderLine::orderId).containsExactly("o-1", "o-2");

        assertRequest(stub.call(1), "Query", """
                {"TableName":"t-listings","KeyConditionExpression":"listingKey = :k AND begins_with(entry, :p)",
                 "ExpressionAttributeValues":{":k":{"S":"UNMAPPED#rakuten-main#item-1"},":p":{"S":"U#"}},
                 "ConsistentRead":true}""");
        assertRequest(stub.call(2), "BatchGetItem", """
                {"RequestItems":{"t-lines":{"Keys":[{"lineKey":{"S":"rakuten-main#o-1#1"}},
                 {"lineKey":{"S":"rakuten-main#o-2#1"}},{"lineKey":{"S":"rakuten-main#o-3#1"}}],"ConsistentRead":true}}}""");

        stub.clear();
        stub.replyOk("Query", "{\"Items\":[]}");
        assertThat(ledger.unmappedLinesOf(new ListingKey("yahoo-main", "none"), 10)).isEmpty();
        assertThat(stub.operations()).containsExactly("Query");
    }

    @Test
    void aLineThatLeavesUnmappedDropsItsReverseItemInTheSameTransaction() {
        OrderLine reserved = new OrderLine("rakuten-main#o-1#1", "rakuten-main", "o-1", "1", "item-1", 2,
                LineState.RESERVED, Map.of("A", 2L), Map.of(), "new", 2, Instant.parse("2026-11-23T00:00:00Z"));
        LedgerCommit commit = new LedgerCommit(Optional.of(new LineWrite(reserved, 1, Optional.of(LineState.UNMAPPED))),
                Optional.of(new ListingGuard(LISTING, 1)), List.of(), List.of());
        stub.reply("TransactWriteItems", Reply.transactionCanceled(Reason.none(), Reason.none(),
                Reason.conditionalCheckFailed()));

        // The reasons line up with the items: the third (the listing guard) failed, not the reverse item.
        assertThat(ledger.commit(commit)).isInstanceOfSatisfying(Conflict.class, conflict -> {
            assertThat(conflict.listingChanged()).isTrue();
            assertThat(conflict.lineChanged()).isFalse();
        });
        var items = stub.onlyCall().body().path("TransactItems");
        assertThat(items).hasSize(3);
        assertRequest(new DynamoStub.Call("item", items.get(1)), "item", """
                {"Delete":{"TableName":"t-listings",
                  "Key":{"listingKey":{"S":"UNMAPPED#rakuten-main#item-1"},"entry":{"S":"U#rakuten-main#o-1#1"}}}}""");
        assertThat(items.get(2).has("ConditionCheck")).isTrue();

        // a line that was not UNMAPPED writes no reverse item at all
        stub.clear();
        ledger.commit(new LedgerCommit(Optional.of(new LineWrite(reserved, 1, Optional.of(LineState.OVERSOLD))),
                Optional.empty(), List.of(), List.of()));
        assertThat(stub.onlyCall().body().path("TransactItems")).hasSize(1);
    }

    @Test
    void linesNeedingAttentionQueriesTheSparseIndexAndStopsAtTheLimit() {
        String oversold = STORED_LINE.replace("CANCELLED", "OVERSOLD");
        stub.replyOk("Query", "{\"Items\":[" + oversold + "," + oversold.replace("o-1", "o-2") + ","
                + oversold.replace("o-1", "o-3") + "],\"LastEvaluatedKey\":{\"attention\":{\"S\":\"OVERSOLD\"},"
                + "\"lineKey\":{\"S\":\"rakuten-main#o-3#1\"}}}");

        assertThat(ledger.linesNeedingAttention(LineState.OVERSOLD, 2)).extracting(OrderLine::orderId)
                .containsExactly("o-1", "o-2");
        assertRequest(stub.onlyCall(), "Query", """
                {"TableName":"t-lines","IndexName":"byAttention","KeyConditionExpression":"attention = :a",
                 "ExpressionAttributeValues":{":a":{"S":"OVERSOLD"}}}""");
    }

    @Test
    void theJournalIsReadNewestFirstConsistentlyWithTheLimit() {
        stub.replyOk("Query", """
                {"Items":[{"sku":{"S":"A"},"version":{"N":"8"},"before":{"N":"10"},"after":{"N":"8"},
                  "safetyStockBefore":{"N":"1"},"safetyStockAfter":{"N":"1"},"reason":{"S":"ORDER_RESERVED"},
                  "source":{"S":"order:rakuten-main/o-1/1"},"at":{"S":"2026-11-23T01:02:03Z"}}]}""");

        assertThat(ledger.journal("A", 25)).containsExactly(journal("A", 8, 10, 8, ChangeReason.ORDER_RESERVED));
        assertRequest(stub.onlyCall(), "Query", """
                {"TableName":"t-journal","KeyConditionExpression":"sku = :s",
                 "ExpressionAttributeValues":{":s":{"S":"A"}},"ScanIndexForward":false,"Limit":25,
                 "ConsistentRead":true}""");
    }

    @Test
    void allStockScansEveryPageConsistentlyAndSortsBySku() {
        stub.replyOk("Scan", "{\"Items\":[" + STORED_B + "],\"LastEvaluatedKey\":{\"sku\":{\"S\":\"B\"}}}");
        stub.replyOk("Scan", "{\"Items\":[" + STORED_A + "]}");

        assertThat(ledger.allStock()).extracting(StockLevel::sku).containsExactly("A", "B");
        assertRequest(stub.call(0), "Scan", """
                {"TableName":"t-stock","ConsistentRead":true}""");
        assertRequest(stub.call(1), "Scan", """
                {"TableName":"t-stock","ConsistentRead":true,"ExclusiveStartKey":{"sku":{"S":"B"}}}""");
    }

    @Test
    void allLinesScansTheOrderLinesConsistentlyAndSortsByLineKey() {
        stub.replyOk("Scan", "{\"Items\":[" + STORED_LINE.replace("o-1", "o-2") + "],"
                + "\"LastEvaluatedKey\":{\"lineKey\":{\"S\":\"rakuten-main#o-2#1\"}}}");
        stub.replyOk("Scan", "{\"Items\":[" + STORED_LINE + "]}");

        assertThat(ledger.allLines()).extracting(OrderLine::lineKey)
                .containsExactly("rakuten-main#o-1#1", "rakuten-main#o-2#1");
        assertRequest(stub.call(0), "Scan", """
                {"TableName":"t-lines","ConsistentRead":true}""");
        assertRequest(stub.call(1), "Scan", """
                {"TableName":"t-lines","ConsistentRead":true,"ExclusiveStartKey":{"lineKey":{"S":"rakuten-main#o-2#1"}}}""");
    }

    @Test
    void allListingsSkipsTombstonesAndSortsComponents() {
        String tombstone = "{\"listingKey\":{\"S\":\"yahoo-main#gone\"},\"entry\":{\"S\":\"META\"},"
                + "\"version\":{\"N\":\"4\"},\"unlinked\":{\"BOOL\":true}}";
        stub.replyOk("Scan", "{\"Items\":[" + component("B", 1) + "," + tombstone + "," + META_V2 + ","
                + component("A", 2) + "]}");

        assertThat(ledger.allListings()).containsExactly(
                new Listing(LISTING, List.of(new Component("A", 2), new Component("B", 1)), 2));
        assertRequest(stub.onlyCall(), "Scan", """
                {"TableName":"t-listings","ConsistentRead":true}""");
    }
}
