package dev.zaiko.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The ledger's record of one order line: its state and exactly what it took from each SKU, so a
 * cancel gives back exactly that.
 *
 * @param taken     units held per SKU (what a cancel restores)
 * @param shortfall units per SKU the mall sold but we did not have (OVERSOLD only)
 * @param revision  increases with every transition; transitions are conditional on it
 * @param mallRevision the mall's revision (update time) of the last event applied to the line; an
 *                  event older than it changes nothing (line revisions, invariant 7)
 * @param orderName the order's display name from the mall ({@link OrderEvent#orderName()}), "" when none
 */
public record OrderLine(
        String lineKey,
        String channelId,
        String orderId,
        String lineId,
        String itemKey,
        int quantity,
        LineState state,
        Map<String, Long> taken,
        Map<String, Long> shortfall,
        String mallStatus,
        long revision,
        Instant updatedAt,
        Instant mallRevision,
        String orderName) {

    public OrderLine {
        Objects.requireNonNull(lineKey, "lineKey");
        Objects.requireNonNull(state, "state");
        taken = Map.copyOf(new TreeMap<>(taken));
        shortfall = Map.copyOf(new TreeMap<>(shortfall));
        mallStatus = mallStatus == null ? "" : mallStatus;
        Objects.requireNonNull(updatedAt, "updatedAt");
        mallRevision = mallRevision == null ? Instant.EPOCH : mallRevision;
        orderName = OrderEvent.orderName(orderName);
    }

    /** A line without a display name. */
    public OrderLine(String lineKey, String channelId, String orderId, String lineId, String itemKey, int quantity,
                     LineState state, Map<String, Long> taken, Map<String, Long> shortfall, String mallStatus,
                     long revision, Instant updatedAt, Instant mallRevision) {
        this(lineKey, channelId, orderId, lineId, itemKey, quantity, state, taken, shortfall, mallStatus, revision,
                updatedAt, mallRevision, "");
    }

    /** The name the seller knows the order by: its display name, else the mall's order id. */
    public String displayOrder() {
        return orderName.isEmpty() ? orderId : orderName;
    }

    /** A line that knows no mall revision yet (any event is newer). */
    public OrderLine(String lineKey, String channelId, String orderId, String lineId, String itemKey, int quantity,
                     LineState state, Map<String, Long> taken, Map<String, Long> shortfall, String mallStatus,
                     long revision, Instant updatedAt) {
        this(lineKey, channelId, orderId, lineId, itemKey, quantity, state, taken, shortfall, mallStatus, revision,
                updatedAt, Instant.EPOCH, "");
    }

    /** Closed lines (cancelled) only serve idempotency now: the store may let them expire. */
    public boolean closed() {
        return state == LineState.CANCELLED;
    }

    public ListingKey listingKey() {
        return new ListingKey(channelId, itemKey);
    }

    public long totalShortfall() {
        return shortfall.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalTaken() {
        return taken.values().stream().mapToLong(Long::longValue).sum();
    }
}
