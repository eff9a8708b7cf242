package dev.zaiko.adapter.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.RejectedOrder;
import dev.zaiko.domain.port.RejectedOrders;

import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Rejected orders on the channels table, rows {@code (channelId, "REJECTED#" + orderId)} with the
 * order as JSON in {@code doc}. They expire after {@link #KEEP} like the DynamoDB items (TTL).
 */
public final class SqlRejectedOrders implements RejectedOrders {
    static final String PREFIX = "REJECTED#";
    static final Duration KEEP = Duration.ofDays(90);
    private static final String CHANNELS = SqlChannelStates.CHANNELS;

    private final SqliteDatabase database;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public SqlRejectedOrders(SqliteDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public void quarantine(Collection<RejectedOrder> orders) {
        if (orders.isEmpty()) {
            return;
        }
        long expiresAt = clock.instant().plus(KEEP).getEpochSecond();
        database.write(session -> {
            for (RejectedOrder order : orders) {
                ObjectNode doc = json.createObjectNode();
                doc.put("orderId", order.orderId());
                doc.put("reason", order.reason());
                doc.put("rawExcerpt", order.rawExcerpt());
                doc.put("rejectedAt", order.rejectedAt().toString());
                session.update("INSERT INTO " + CHANNELS + " (channelId, entry, doc, expiresAt) VALUES (?, ?, ?, ?)"
                                + " ON CONFLICT (channelId, entry) DO UPDATE SET doc = excluded.doc,"
                                + " expiresAt = excluded.expiresAt",
                        order.channelId(), PREFIX + order.orderId(), doc.toString(), expiresAt);
            }
            return null;
        });
    }

    @Override
    public List<RejectedOrder> rejected(String channelId, int limit) {
        long now = clock.instant().getEpochSecond();
        List<RejectedOrder> orders = database.read(session -> {
            List<RejectedOrder> found = new ArrayList<>();
            try (ResultSet row = session.bind("SELECT doc FROM " + CHANNELS + " WHERE channelId = ?"
                    + " AND entry LIKE 'REJECTED#%' AND (expiresAt IS NULL OR expiresAt >= ?)", channelId, now)
                    .executeQuery()) {
                while (row.next()) {
                    found.add(read(channelId, row.getString(1)));
                }
            }
            return found;
        });
        orders.sort(Comparator.comparing(RejectedOrder::rejectedAt).reversed()
                .thenComparing(RejectedOrder::orderId));
        return orders.size() > limit ? List.copyOf(orders.subList(0, limit)) : orders;
    }

    private RejectedOrder read(String channelId, String doc) {
        try {
            JsonNode node = json.readTree(doc);
            return new RejectedOrder(channelId, node.path("orderId").asText(), node.path("reason").asText(),
                    node.path("rawExcerpt").asText(), Instant.parse(node.path("rejectedAt").asText()));
        } catch (JsonProcessingException e) {
            throw new SqlStoreException("rejected order of " + channelId + " is not JSON", e);
        }
    }
}
