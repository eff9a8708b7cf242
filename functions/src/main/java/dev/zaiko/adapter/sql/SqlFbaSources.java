package dev.zaiko.adapter.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.FbaClaim;
import dev.zaiko.domain.FbaSource;
import dev.zaiko.domain.port.FbaSources;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * FBA-sourced SKUs on the channels table, rows {@code (channelId, "FBA#" + sku)}: the source as a
 * JSON document, saves conditional on {@code revision} (one {@code INSERT ... ON CONFLICT DO
 * NOTHING} or {@code UPDATE ... WHERE revision = ?}), as the DynamoDB adapter does.
 */
public final class SqlFbaSources implements FbaSources {
    static final String PREFIX = "FBA#";
    private static final String CHANNELS = SqlChannelStates.CHANNELS;

    private final SqliteDatabase database;
    private final ObjectMapper mapper = new ObjectMapper();

    public SqlFbaSources(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public List<FbaSource> sourcesOf(String channelId) {
        return database.read(session -> {
            List<FbaSource> sources = new ArrayList<>();
            try (ResultSet row = session.bind("SELECT doc, revision FROM " + CHANNELS
                    + " WHERE channelId = ? AND entry LIKE 'FBA#%' ORDER BY entry", channelId).executeQuery()) {
                while (row.next()) {
                    sources.add(fromJson(row.getString(1), row.getLong(2)));
                }
            }
            return sources;
        });
    }

    @Override
    public Optional<FbaSource> find(String channelId, String sku) {
        return database.read(session -> {
            try (ResultSet row = session.bind("SELECT doc, revision FROM " + CHANNELS
                    + " WHERE channelId = ? AND entry = ?", channelId, PREFIX + sku).executeQuery()) {
                return row.next() ? Optional.of(fromJson(row.getString(1), row.getLong(2))) : Optional.<FbaSource>empty();
            }
        });
    }

    @Override
    public boolean save(FbaSource source, long expectedRevision) {
        String doc = toJson(source);
        return database.write(session -> expectedRevision == 0
                ? session.update("INSERT INTO " + CHANNELS + " (channelId, entry, doc, revision) VALUES (?, ?, ?, 1)"
                        + " ON CONFLICT DO NOTHING", source.channelId(), PREFIX + source.sku(), doc) == 1
                : session.update("UPDATE " + CHANNELS + " SET doc = ?, revision = ? WHERE channelId = ? AND entry = ?"
                        + " AND revision = ?", doc, expectedRevision + 1, source.channelId(), PREFIX + source.sku(),
                expectedRevision) == 1);
    }

    @Override
    public void remove(String channelId, String sku) {
        database.write(session -> session.update("DELETE FROM " + CHANNELS + " WHERE channelId = ? AND entry = ?",
                channelId, PREFIX + sku));
    }

    private String toJson(FbaSource source) {
        ObjectNode node = mapper.createObjectNode();
        node.put("sku", source.sku());
        node.put("channelId", source.channelId());
        node.put("sellerSku", source.sellerSku());
        node.put("journalVersion", source.journalVersion());
        source.lastFulfillable().ifPresent(q -> node.put("lastFulfillable", q));
        source.lastCountAt().ifPresent(at -> node.put("lastCountAt", at.toString()));
        ObjectNode claims = node.putObject("claims");
        source.claims().forEach((reference, claim) -> {
            ObjectNode c = claims.putObject(reference);
            c.put("units", claim.units());
            c.put("state", claim.state().name());
            c.put("reservedAt", claim.reservedAt().toString());
            claim.submittedAt().ifPresent(at -> c.put("submittedAt", at.toString()));
            c.put("fulfillmentOrderId", claim.fulfillmentOrderId());
        });
        return node.toString();
    }

    private FbaSource fromJson(String json, long revision) {
        try {
            JsonNode node = mapper.readTree(json);
            Map<String, FbaClaim> claims = new HashMap<>();
            node.path("claims").fields().forEachRemaining(e -> {
                JsonNode c = e.getValue();
                claims.put(e.getKey(), new FbaClaim(e.getKey(), c.path("units").asLong(),
                        FbaClaim.State.valueOf(c.path("state").asText()), Instant.parse(c.path("reservedAt").asText()),
                        c.hasNonNull("submittedAt") ? Optional.of(Instant.parse(c.get("submittedAt").asText()))
                                : Optional.empty(),
                        c.path("fulfillmentOrderId").asText("")));
            });
            return new FbaSource(node.path("sku").asText(), node.path("channelId").asText(),
                    node.path("sellerSku").asText(), node.path("journalVersion").asLong(), claims,
                    node.hasNonNull("lastFulfillable") ? OptionalLong.of(node.get("lastFulfillable").asLong())
                            : OptionalLong.empty(),
                    node.hasNonNull("lastCountAt") ? Optional.of(Instant.parse(node.get("lastCountAt").asText()))
                            : Optional.empty(),
                    revision);
        } catch (JsonProcessingException e) {
            throw new SqlStoreException("FBA source row is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
