package dev.zaiko.adapter.dynamodb;

import dev.zaiko.domain.port.ReconcileReports;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The latest reconcile report of a channel as one item of the channels table,
 * {@code (channelId, "RECONCILE#latest")}: counts as attributes, findings as a list of maps (at
 * most {@link Report#MAX_ROWS}, so the item stays far below DynamoDB's 400 KB). One put per run:
 * the CLI never sees half a report.
 */
public final class DynamoDbReconcileReports implements ReconcileReports {
    static final String LATEST = "RECONCILE#latest";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbReconcileReports(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.channels();
    }

    @Override
    public void save(Report report) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("channelId", Attr.s(report.channelId()));
        item.put("entry", Attr.s(LATEST));
        item.put("mode", Attr.s(report.mode().name()));
        item.put("status", Attr.s(report.status().name()));
        item.put("message", Attr.s(report.message()));
        item.put("startedAt", Attr.s(report.startedAt().toString()));
        item.put("finishedAt", Attr.s(report.finishedAt().toString()));
        item.put("listings", Attr.n(report.listings()));
        item.put("checked", Attr.n(report.checked()));
        item.put("inSync", Attr.n(report.inSync()));
        item.put("drifted", Attr.n(report.drifted()));
        item.put("missing", Attr.n(report.missing()));
        item.put("repairsRequested", Attr.n(report.repairsRequested()));
        item.put("rowsOmitted", Attr.n(report.rowsOmitted()));
        List<AttributeValue> rows = new ArrayList<>();
        for (Row row : report.rows()) {
            Map<String, AttributeValue> r = new HashMap<>();
            r.put("itemKey", Attr.s(row.itemKey()));
            r.put("finding", Attr.s(row.finding().name()));
            r.put("ledgerSellable", Attr.n(row.ledgerSellable()));
            row.shown().ifPresent(q -> r.put("shown", Attr.n(q)));
            r.put("repairRequested", AttributeValue.fromBool(row.repairRequested()));
            r.put("lastPush", Attr.s(row.lastPush()));
            rows.add(AttributeValue.fromM(r));
        }
        item.put("rows", AttributeValue.fromL(rows));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public Optional<Report> latest(String channelId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("channelId", Attr.s(channelId), "entry", Attr.s(LATEST)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        List<Row> rows = new ArrayList<>();
        AttributeValue list = item.get("rows");
        if (list != null && list.hasL()) {
            for (AttributeValue value : list.l()) {
                Map<String, AttributeValue> r = value.m();
                AttributeValue shown = r.get("shown");
                rows.add(new Row(Attr.string(r, "itemKey"), Finding.valueOf(Attr.string(r, "finding")),
                        Attr.number(r, "ledgerSellable"),
                        shown == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(shown.n())),
                        Boolean.TRUE.equals(r.get("repairRequested").bool()),
                        Attr.optionalString(r, "lastPush").orElse("")));
            }
        }
        return Optional.of(new Report(channelId, Mode.valueOf(Attr.string(item, "mode")),
                Status.valueOf(Attr.string(item, "status")), Attr.optionalString(item, "message").orElse(""),
                Instant.parse(Attr.string(item, "startedAt")), Instant.parse(Attr.string(item, "finishedAt")),
                (int) Attr.number(item, "listings"), (int) Attr.number(item, "checked"),
                (int) Attr.number(item, "inSync"), (int) Attr.number(item, "drifted"),
                (int) Attr.number(item, "missing"), (int) Attr.number(item, "repairsRequested"), rows,
                (int) Attr.number(item, "rowsOmitted", 0)));
    }
}
