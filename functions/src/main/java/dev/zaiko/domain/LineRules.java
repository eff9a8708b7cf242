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
 *   RESERVED/OVERSOLD + RESERVE of another quantity, newer revision -> REVISED: holds exactly the
 *                        new quantity (a cut returns the difference, a rise takes it, OVERSOLD for
 *                        any shortfall)
 *   UNMAPPED  + RESERVE  -> as (none) once the listing is mapped (with the line's newest quantity)
 *   UNMAPPED  + CANCEL   -> CANCELLED
 *   CANCELLED + anything -> no change (final)
 *   any repeat of an applied transition -> no change
 *   any RESERVE older (mall revision) than the last one applied -> no change
 *   IGNORE (e.g. FBA lines) -> no change, nothing written
 * </pre>
 *
 * <p>Line revisions (invariant 7): a line remembers the mall revision of the last report applied to
 * it, and a same-quantity report that is newer still moves that mark forward, so reports of 3, 2, 3
 * delivered as 3, 3, 2 end at 3, never at the stale 2.
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
                    : revise(line, event, stock, now);
            case UNMAPPED -> {
                if (event.action() == OrderAction.CANCEL) {
                    yield new LineDecision.Transition(
                            copy(line, LineState.CANCELLED, Map.of(), Map.of(), event.mallStatus(), now),
                            Map.of(), ChangeReason.ORDER_CANCELLED, LineDecision.Outcome.CANCELLED);
                }
                // The line keeps the newest quantity the mall reported while it was unmapped.
                OrderEvent reported = event.revision().isBefore(line.mallRevision())
                        ? new OrderEvent(event.channelId(), event.orderId(), event.lineId(), event.itemKey(),
                        line.quantity(), event.action(), line.mallStatus(), event.occurredAt(), event.origin(),
                        line.mallRevision())
                        : event;
                OrderEvent newest = reported.withOrderName(name(reported, line));
                if (listing.isPresent()) {
                    yield reserve(newest, listing, stock, line.revision(), now);
                }
                if (newest.quantity() != line.quantity() || newest.revision().isAfter(line.mallRevision())) {
                    yield new LineDecision.Transition(new OrderLine(line.lineKey(), line.channelId(), line.orderId(),
                            line.lineId(), line.itemKey(), newest.quantity(), LineState.UNMAPPED, Map.of(), Map.of(),
                            newest.mallStatus(), line.revision() + 1, now, newest.revision(),
                            name(newest, line)),
                            Map.of(), ChangeReason.ORDER_RESERVED, LineDecision.Outcome.UNMAPPED);
                }
                yield new LineDecision.NoChange(LineDecision.Outcome.UNMAPPED, "listing still not mapped");
            }
        };
    }

    /**
     * A held line reported again: the same quantity is a repeat (it only moves the line's revision
     * mark forward when newer); another quantity, newer than the last report applied, makes the line
     * hold exactly that. Per SKU the line needs {@code units per line unit × new quantity}, the
     * per-unit figure being what the line held and lacked at its old quantity (a re-mapping since
     * does not change what this line took). A cut drops the shortfall first (units we never had),
     * then returns the rest; a rise takes what is available and records the remainder as shortfall.
     */
    private static LineDecision revise(OrderLine line, OrderEvent event, Map<String, StockLevel> stock, Instant now) {
        if (event.revision().isBefore(line.mallRevision())) {
            return new LineDecision.NoChange(LineDecision.Outcome.DUPLICATE,
                    "older than the line's last report (" + line.mallRevision() + ")");
        }
        if (event.quantity() == line.quantity()) {
            if (!event.revision().isAfter(line.mallRevision())) {
                return new LineDecision.NoChange(LineDecision.Outcome.DUPLICATE, "line already " + line.state());
            }
            return new LineDecision.Transition(new OrderLine(line.lineKey(), line.channelId(), line.orderId(),
                    line.lineId(), line.itemKey(), line.quantity(), line.state(), line.taken(), line.shortfall(),
                    line.mallStatus(), line.revision() + 1, now, event.revision(), name(event, line)),
                    Map.of(), ChangeReason.ORDER_REVISED, LineDecision.Outcome.DUPLICATE);
        }
        if (event.revision().equals(line.mallRevision())) {
            // Two different reports with the same mall revision: nothing tells which is newer, so the
            // applied one stays (a later, newer report settles it).
            return new LineDecision.NoChange(LineDecision.Outcome.DUPLICATE,
                    "same revision as the line's last report, another quantity");
        }
        Map<String, Long> taken = new HashMap<>();
        Map<String, Long> shortfall = new HashMap<>();
        Map<String, Long> deltas = new HashMap<>();
        java.util.Set<String> skus = new java.util.TreeSet<>(line.taken().keySet());
        skus.addAll(line.shortfall().keySet());
        for (String sku : skus) {
            long held = line.taken().getOrDefault(sku, 0L);
            long perUnit = (held + line.shortfall().getOrDefault(sku, 0L)) / Math.max(1, line.quantity());
            long needed = perUnit * event.quantity();
            if (needed <= held) {
                if (needed > 0) {
                    taken.put(sku, needed);
                }
                if (held > needed) {
                    deltas.put(sku, held - needed);
                }
                continue;
            }
            StockLevel level = stock.get(sku);
            long available = level == null ? 0 : level.available();
            long take = Math.min(needed - held, available);
            if (held + take > 0) {
                taken.put(sku, held + take);
            }
            if (take > 0) {
                deltas.put(sku, -take);
            }
            if (held + take < needed) {
                shortfall.put(sku, needed - held - take);
            }
        }
        LineState state = shortfall.isEmpty() ? LineState.RESERVED : LineState.OVERSOLD;
        OrderLine revised = new OrderLine(line.lineKey(), line.channelId(), line.orderId(), line.lineId(),
                line.itemKey(), event.quantity(), state, taken, shortfall, event.mallStatus(), line.revision() + 1,
                now, event.revision(), name(event, line));
        return new LineDecision.Transition(revised, deltas, ChangeReason.ORDER_REVISED, LineDecision.Outcome.REVISED);
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
                event.quantity(), state, taken, shortfall, event.mallStatus(), revision, now, event.revision(),
                event.orderName());
    }

    /** A line keeps its display name when a report without one (a re-applied line, a notification) revises it. */
    private static String name(OrderEvent event, OrderLine line) {
        return event.orderName().isEmpty() ? line.orderName() : event.orderName();
    }

    /** A cancelled line keeps {@code taken} as history; the restore already happened in the same transaction. */
    private static OrderLine copy(OrderLine line, LineState state, Map<String, Long> taken,
                                  Map<String, Long> shortfall, String mallStatus, Instant now) {
        return new OrderLine(line.lineKey(), line.channelId(), line.orderId(), line.lineId(), line.itemKey(),
                line.quantity(), state, taken, shortfall, mallStatus, line.revision() + 1, now, line.mallRevision(),
                line.orderName());
    }
}
