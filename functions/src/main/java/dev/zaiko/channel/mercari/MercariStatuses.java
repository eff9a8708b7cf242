package dev.zaiko.channel.mercari;

import dev.zaiko.domain.OrderAction;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Mercari Shops order statuses ({@code OrderTransaction.status}) and what each means for the ledger:
 * the one table of them (channels.md section 5; values seen in public client code and the schema docs).
 *
 * <p>"Keep" statuses map to RESERVE: the units are (or stay) taken; the ledger treats a repeat as a
 * duplicate, and an order first seen already shipped still takes its units. An order stays in the
 * {@code OpenOrders} set until a status that {@code closes} it, because Mercari's search filters only
 * by order date and a later cancellation would otherwise never be seen.
 */
public final class MercariStatuses {
    private MercariStatuses() {
    }

    /** @param closes the order can no longer change stock, so it leaves the open set */
    public record Row(String status, OrderAction action, boolean closes, String why) {
    }

    private static final Map<String, Row> TABLE = new LinkedHashMap<>();

    static {
        row("WAITING_FOR_PAYMENT", OrderAction.RESERVE, false, "sold, payment pending: Mercari already took it off sale");
        row("WAITING_FOR_SHIPPING", OrderAction.RESERVE, false, "paid, to be shipped");
        row("CANCELING", OrderAction.RESERVE, false, "cancellation requested but not done: keep until CANCELED");
        row("COMPLETING", OrderAction.RESERVE, false, "shipped, being completed: units consumed");
        row("COMPLETED", OrderAction.RESERVE, true, "done: units consumed, nothing can change any more");
        row("CANCELED", OrderAction.CANCEL, true, "cancelled: give the units back");
    }

    private static void row(String status, OrderAction action, boolean closes, String why) {
        TABLE.put(status, new Row(status, action, closes, why));
    }

    public static Map<String, Row> table() {
        return Map.copyOf(TABLE);
    }

    /** Empty for a status this table does not know (a new one from Mercari): see {@link #UNKNOWN}. */
    public static Optional<Row> lookup(String status) {
        return Optional.ofNullable(TABLE.get(status));
    }

    /**
     * An unknown status changes nothing (IGNORE) and keeps the order open, so it is looked at again
     * on every poll rather than guessed at; the mall status is kept on the event for the seller.
     */
    public static final Row UNKNOWN = new Row("?", OrderAction.IGNORE, false, "status not in the table");

    public static Row of(String status) {
        return lookup(status).orElse(UNKNOWN);
    }
}
