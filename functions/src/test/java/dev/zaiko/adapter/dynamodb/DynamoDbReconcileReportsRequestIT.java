package dev.zaiko.adapter.dynamodb;

import dev.zaiko.adapter.dynamodb.stub.DynamoStub;
import dev.zaiko.domain.port.ReconcileReports.Finding;
import dev.zaiko.domain.port.ReconcileReports.Mode;
import dev.zaiko.domain.port.ReconcileReports.Report;
import dev.zaiko.domain.port.ReconcileReports.Row;
import dev.zaiko.domain.port.ReconcileReports.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import static dev.zaiko.adapter.dynamodb.stub.RequestAssert.assertRequest;
import static org.assertj.core.api.Assertions.assertThat;

/** Every request {@link DynamoDbReconcileReports} sends: one unconditional put replaces the latest report. */
class DynamoDbReconcileReportsRequestIT {
    static final TableNames TABLES = new TableNames("t-stock", "t-listings", "t-lines", "t-journal", "t-channels");

    static final Report REPORT = new Report("qoo10-main", Mode.REPAIR, Status.PARTIAL, "time budget",
            Instant.parse("2026-11-23T01:00:00Z"), Instant.parse("2026-11-23T01:02:03Z"), 40, 30, 27, 2, 1, 2,
            List.of(new Row("g-1", Finding.DRIFT, 5, OptionalLong.of(7), true, "OK 7"),
                    new Row("g-2", Finding.MISSING_ON_MALL, 3, OptionalLong.empty(), false, "")),
            1);

    static final String ITEM = """
            {"channelId":{"S":"qoo10-main"},"entry":{"S":"RECONCILE#latest"},"mode":{"S":"REPAIR"},
             "status":{"S":"PARTIAL"},"message":{"S":"time budget"},"startedAt":{"S":"2026-11-23T01:00:00Z"},
             "finishedAt":{"S":"2026-11-23T01:02:03Z"},"listings":{"N":"40"},"checked":{"N":"30"},
             "inSync":{"N":"27"},"drifted":{"N":"2"},"missing":{"N":"1"},"repairsRequested":{"N":"2"},
             "rowsOmitted":{"N":"1"},
             "rows":{"L":[
               {"M":{"itemKey":{"S":"g-1"},"finding":{"S":"DRIFT"},"ledgerSellable":{"N":"5"},"shown":{"N":"7"},
                     "repairRequested":{"BOOL":true},"lastPush":{"S":"OK 7"}}},
               {"M":{"itemKey":{"S":"g-2"},"finding":{"S":"MISSING_ON_MALL"},"ledgerSellable":{"N":"3"},
                     "repairRequested":{"BOOL":false},"lastPush":{"S":""}}}]}}""";

    DynamoStub stub;
    DynamoDbClient dynamo;
    DynamoDbReconcileReports reports;

    @BeforeEach
    void start() {
        stub = new DynamoStub();
        dynamo = stub.client();
        reports = new DynamoDbReconcileReports(dynamo, TABLES);
    }

    @AfterEach
    void stop() {
        assertThat(stub.unusedReplies()).as("scripted replies the adapter never asked for").isEmpty();
        dynamo.close();
        stub.close();
    }

    @Test
    void saveIsOnePutOfTheWholeReport() {
        reports.save(REPORT);

        assertRequest(stub.onlyCall(), "PutItem", "{\"TableName\":\"t-channels\",\"Item\":" + ITEM + "}");
    }

    @Test
    void latestReadsTheItemBackConsistently() {
        stub.replyOk("GetItem", "{\"Item\":" + ITEM + "}");
        stub.replyOk("GetItem", "{}");

        assertThat(reports.latest("qoo10-main")).contains(REPORT);
        assertThat(reports.latest("aupay-main")).isEmpty();
        assertRequest(stub.call(0), "GetItem", """
                {"TableName":"t-channels","ConsistentRead":true,
                 "Key":{"channelId":{"S":"qoo10-main"},"entry":{"S":"RECONCILE#latest"}}}""");
    }
}
