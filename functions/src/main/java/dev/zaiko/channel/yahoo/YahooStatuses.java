package dev.zaiko.channel.yahoo;

import dev.zaiko.domain.OrderAction;

import java.util.Map;
import java.util.Optional;

/**
 * Yahoo! Shopping {@code OrderStatus} (with {@code IsActive} and {@code ShipStatus}) to what the ledger
 * does, in one table.
 *
 * <p>Source: the orderList / orderInfo / orderStatusChange docs (developer.yahoo.co.jp/webapi/shopping)
 * as quoted in {@code shared/docs/channels.md} section 3: 1 予約中, 2 処理中, 3 保留, 4 キャンセル, 5 完了;
 * {@code IsActive} false = 無効注文 ("not to be treated as a valid order"); ShipStatus 0 cannot ship,
 * 1 can ship, 2 shipping, 3 shipped, 4 delivered.
 *
 * <p>Rules beyond the status column, in the order they apply:
 * <ol>
 *   <li>Cancelled (4) is CANCEL whatever else the order says.</li>
 *   <li>An inactive order (IsActive false) is IGNORE and stays open: it is not a sale yet, and if it
 *       becomes active the re-check reserves it then. (One that was active and later goes inactive keeps
 *       its reservation: holding stock is the safe side.)</li>
 *   <li>Otherwise the status row; a shipped order (ShipStatus 3 or 4) is closed even while its status
 *       is still 2, because goods that come back after shipping need the seller's inspection.</li>
 * </ol>
 */
final class YahooStatuses {
    private YahooStatuses() {
    }

    record Rule(String status, String label, OrderAction action, boolean open) {
    }

    static final Map<String, Rule> TABLE = Map.of(
            "1", new Rule("1", "予約中 (reserved / pre-order)", OrderAction.RESERVE, true),
            "2", new Rule("2", "処理中 (processing)", OrderAction.RESERVE, true),
            "3", new Rule("3", "保留 (on hold)", OrderAction.RESERVE, true),
            "4", new Rule("4", "キャンセル (cancelled)", OrderAction.CANCEL, false),
            "5", new Rule("5", "完了 (completed)", OrderAction.RESERVE, false));

    static final Rule INACTIVE = new Rule("inactive", "無効注文 (IsActive false)", OrderAction.IGNORE, true);

    static Optional<Rule> decide(String orderStatus, boolean active, int shipStatus) {
        Rule row = TABLE.get(orderStatus);
        if (row == null) {
            return Optional.empty();
        }
        if (row.action() == OrderAction.CANCEL) {
            return Optional.of(row);
        }
        if (!active) {
            return Optional.of(INACTIVE);
        }
        if (shipStatus >= 3 && row.open()) {
            return Optional.of(new Rule(row.status(), row.label() + ", shipped", row.action(), false));
        }
        return Optional.of(row);
    }
}
