package dev.zaiko.channel.makeshop;

import dev.zaiko.domain.OrderAction;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * makeshop {@code deliveryInfos[].deliveryStatus} (per delivery, so per basket line) and what it means
 * for the ledger: the one table of them (channels.md section 8).
 *
 * <p>R (returned) is our decision: the units stay consumed (RESERVE, closed). Returned goods go back
 * to the shelf only after the seller inspects them, which they record by hand (a stock adjustment);
 * restocking automatically could put damaged goods on sale on every channel.
 */
public final class MakeshopStatuses {
    private MakeshopStatuses() {
    }

    public record Row(String status, OrderAction action, boolean closes, String why) {
    }

    private static final Map<String, Row> TABLE = new LinkedHashMap<>();

    static {
        row("N", OrderAction.RESERVE, false, "未処理 (not shipped yet): hold the units");
        row("Y", OrderAction.RESERVE, true, "発送済 (shipped): units consumed");
        row("C", OrderAction.CANCEL, true, "キャンセル (cancelled): give the units back");
        row("R", OrderAction.RESERVE, true, "返品 (returned): stays consumed until the seller restocks it by hand");
    }

    private static void row(String status, OrderAction action, boolean closes, String why) {
        TABLE.put(status, new Row(status, action, closes, why));
    }

    public static Map<String, Row> table() {
        return Map.copyOf(TABLE);
    }

    public static Optional<Row> lookup(String status) {
        return Optional.ofNullable(TABLE.get(status));
    }

    /** An unknown status changes nothing and keeps the order open, to be looked at again. */
    public static final Row UNKNOWN = new Row("?", OrderAction.IGNORE, false, "status not in the table");

    public static Row of(String status) {
        return lookup(status).orElse(UNKNOWN);
    }
}
