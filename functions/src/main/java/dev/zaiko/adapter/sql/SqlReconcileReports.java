package dev.zaiko.adapter.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.port.ReconcileReports;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The latest reconcile report of a channel as one row of the channels table,
 * {@code (channelId, "RECONCILE#latest")}, its content a JSON document: one upsert per run, so a
 * reader never sees half a report.
 */
public final class SqlReconcileReports implements ReconcileReports {
    static final String LATEST = "RECONCILE#latest";
    private static final String CHANNELS = SqlChannelStates.CHANNELS;

    private final SqliteDatabase database;
    private final ObjectMapper mapper = new ObjectMapper();

    public SqlReconcileReports(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public void save(Report report) {
        ObjectNode node = mapper.createObjectNode();
        node.put("mode", report.mode().name());
        node.put("status", report.status().name());
        node.put("message", report.message());
        node.put("startedAt", report.startedAt().toString());
        node.put("finishedAt", report.finishedAt().toString());
        node.put("listings", report.listings());
        node.put("checked", report.checked());
        node.put("inSync", report.inSync());
        node.put("drifted", report.drifted());
        node.put("missing", report.missing());
        node.put("repairsRequested", report.repairsRequested());
        node.put("rowsOmitted", report.rowsOmitted());
        ArrayNode rows = node.putArray("rows");
        for (Row row : report.rows()) {
            ObjectNode r = rows.addObject();
            r.put("itemKey", row.itemKey());
            r.put("finding", row.finding().name());
            r.put("ledgerSellable", row.ledgerSellable());
            row.shown().ifPresent(q -> r.put("shown", q));
            r.put("repairRequested", row.repairRequested());
            r.put("lastPush", row.lastPush());
        }
        String doc = node.toString();
        database.write(session -> session.update("INSERT INTO " + CHANNELS + " (channelId, entry, doc) VALUES (?, ?, ?)"
                + " ON CONFLICT (channelId, entry) DO UPDATE SET doc = excluded.doc", report.channelId(), LATEST, doc));
    }

    @Override
    public Optional<Report> latest(String channelId) {
        String doc = database.read(session -> {
            try (ResultSet row = session.bind("SELECT doc FROM " + CHANNELS + " WHERE channelId = ? AND entry = ?",
                    channelId, LATEST).executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        });
        if (doc == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(doc);
            List<Row> rows = new ArrayList<>();
            for (JsonNode r : node.path("rows")) {
                rows.add(new Row(r.path("itemKey").asText(), Finding.valueOf(r.path("finding").asText()),
                        r.path("ledgerSellable").asLong(),
                        r.hasNonNull("shown") ? OptionalLong.of(r.get("shown").asLong()) : OptionalLong.empty(),
                        r.path("repairRequested").asBoolean(), r.path("lastPush").asText("")));
            }
            return Optional.of(new Report(channelId, Mode.valueOf(node.path("mode").asText()),
                    Status.valueOf(node.path("status").asText()), node.path("message").asText(""),
                    Instant.parse(node.path("startedAt").asText()), Instant.parse(node.path("finishedAt").asText()),
                    node.path("listings").asInt(), node.path("checked").asInt(), node.path("inSync").asInt(),
                    node.path("drifted").asInt(), node.path("missing").asInt(), node.path("repairsRequested").asInt(),
                    rows, node.path("rowsOmitted").asInt()));
        } catch (JsonProcessingException e) {
            throw new SqlStoreException("reconcile report of " + channelId + " is not valid JSON", e);
        }
    }
}
