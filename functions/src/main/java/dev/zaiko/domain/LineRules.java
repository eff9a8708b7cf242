package dev.zaiko.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The order-line state machine (architecture invariants 2 and 3), as a pure function of what the
 * ledger currently holds. The ledger commits the resulting transition conditionally on the
 * revisions and versions it was decided from, so a decision made on stale data never lands.
 *
 * <pre>
 *   (none)    + RESERVE  -> RESERVED | OVERSOLD (takes what remains) | UNMAPPED (no listing)
 *   (none)    + CANCEL   -> CANCELLED tombstone (took nothing; a late RESERVE is ignored)
 *   RESERVED/OVERSOLD + CANCEL -> CANCELLED, restores exactly what it took
 *   UNMAPPED  + RESERVE  -> as (none) once the listing is mapped
 *   UNMAPPED  + CANCEL   -> CANCELLED
 *   CANCELLED + anything -> no change (final)
 *   any repeat of an applied transition -> no change
 *   IGNORE (e.g. FBA lines) -> no change, nothing written
 * </pre>
 */
public final class LineRules {
    private LineRules() {
    }

    public static LineDecision decide(Optional<OrderLine> current, OrderEvent event, Optional<Listing> listing,
                                      Map<String, StockLevel> stock, Instant now) {
        if (event.action() == OrderAction.IGNORE) {
            return new LineDecision.NoChange(LineDecision.Outcome.IGNORED, "line is not self-fulfilled");
        }
        if (current.isEmpty()) {
            return event.action() == OrderAction.RESERVE
                    ? reserve(event, listing, stock, 0, now)
                    : tombstone(event, 0, now);
        }
        OrderLine line = current.get();
        return switch (line.state()) {
            case CANCELLED -> new LineDecision.NoChange(
                    event.action() == OrderAction.CANCEL ? LineDecision.Outcome.DUPLICATE : LineDecision.Outcome.FINAL,
                    "line already cancelled");
            case RESERVED, OVERSOLD -> event.action() == OrderAction.CANCEL
                    ? cancel(line, event, now)
                    : new LineDecision.NoChange(LineDecision.Outcome.DUPLICATE, "line already " + line.state());
            case UNMAPPED -> {
                if (event.action() == OrderAction.CANCEL) {
                    yield new LineDecision.Transition(
                            copy(line, LineState.CANCELLED, Map.of(), Map.of(), event.mallStatus(), now),
                            Map.of(), ChangeReason.ORDER_CANCELLED, LineDecision.Outcome.CANCELLED);
                }
                yield listing.isPresent()
                        ? reserve(event, listing, stock, line.revision(), now)
                        : new LineDecision.NoChange(LineDecision.Outcome.UNMAPPED, "listing still not mapped");
            }
        };
    }

    private static LineDecision reserve(OrderEvent event, Optional<Listing> maybeListing,
                                        Map<String, StockLevel> stock, long previousRevision, Instant now) {
        if (maybeListing.isEmpty()) {
            OrderLine unmapped = newLine(event, LineState.UNMAPPED, Map.of(), Map.of(), previousRevision + 1, now);
            return new LineDecision.Transition(unmapped, Map.of(), ChangeReason.ORDER_RESERVED,
                    LineDecision.Outcome.UNMAPPED);
        }
        Listing listing = maybeListing.get();
        Map<String, Long> taken = new HashMap<>();
        Map<String, Long> shortfall = new HashMap<>();
        for (Component component : listing.components()) {
            long needed = (long) component.units() * event.quantity();
            StockLevel level = stock.get(component.sku());
            long available = level == null ? 0 : level.available();
            long take = Math.min(needed, available);
            if (take > 0) {
                taken.put(component.sku(), take);
            }
            if (take < needed) {
                shortfall.put(component.sku(), needed - take);
            }
        }
        // A set is reserved only when every component is covered. When one is short the mall has
        // still sold it: the line takes what remains of each component (so the short ones reach 0
        // and the zero is pushed everywhere) and the seller decides; a cancel restores it all.
        boolean covered = shortfall.isEmpty();
        LineState state = covered ? LineState.RESERVED : LineState.OVERSOLD;
        Map<String, Long> deltas = new HashMap<>();
        taken.forEach((sku, units) -> deltas.put(sku, -units));
        return new LineDecision.Transition(
                newLine(event, state, taken, shortfall, previousRevision + 1, now), deltas,
                covered ? ChangeReason.ORDER_RESERVED : ChangeReason.ORDER_OVERSOLD,
                covered ? LineDecision.Outcome.RESERVED : LineDecision.Outcome.OVERSOLD);
    }

    private static LineDecision tombstone(OrderEvent event, long previousRevision, Instant now) {
        return new LineDecision.Transition(
                newLine(event, LineState.CANCELLED, Map.of(), Map.of(), previousRevision + 1, now),
                Map.of(), ChangeReason.ORDER_CANCELLED, LineDecision.Outcome.TOMBSTONE);
    }

    private static LineDecision cancel(OrderLine line, OrderEvent event, Instant now) {
        Map<String, Long> restore = new HashMap<>(line.taken());
        return new LineDecision.Transition(
                copy(line, LineState.CANCELLED, line.taken(), Map.of(), event.mallStatus(), now),
                restore, ChangeReason.ORDER_CANCELLED, LineDecision.Outcome.CANCELLED);
    }

    private static OrderLine newLine(OrderEvent event, LineState state, Map<String, Long> taken,
                                     Map<String, Long> shortfall, long revision, Instant now) {
        return new OrderLine(event.lineKey(), event.channelId(), event.orderId(), event.lineId(), event.itemKey(),
                event.quantity(), state, taken, shortfall, event.mallStatus(), revision, now);
    }

    /** A cancelled line keeps {@code taken} as history; the restore already happened in the same transaction. */
    private static OrderLine copy(OrderLine line, LineState state, Map<String, Long> taken,
                                  Map<String, Long> shortfall, String mallStatus, Instant now) {
        return new OrderLine(line.lineKey(), line.channelId(), line.orderId(), line.lineId(), line.itemKey(),
                line.quantity(), state, taken, shortfall, mallStatus, line.revision() + 1, now);
    }
}
