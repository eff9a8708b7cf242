package dev.zaiko.channel.aupay;

import dev.zaiko.domain.OrderAction;

import java.util.Map;

/**
 * au PAY Market's orderStatus strings and what each asks of the ledger, as ONE table. Source:
 * {@code channels.md} section 7 (public clients and the ksn ERP status map). Shops may also define
 * their own statuses (カスタムステータス): those are unknown here, and hold stock.
 */
public final class AuPayStatuses {
    private AuPayStatuses() {
    }

    public record Rule(OrderAction action, boolean open, String meaning) {
    }

    public static final Map<String, Rule> ORDER = Map.ofEntries(
            Map.entry("新規受付", new Rule(OrderAction.RESERVE, true, "new order")),
            Map.entry("新規予約", new Rule(OrderAction.RESERVE, true, "new reservation")),
            Map.entry("予約中", new Rule(OrderAction.RESERVE, true, "reserved (pre-order)")),
            Map.entry("発送前入金待ち", new Rule(OrderAction.RESERVE, true, "awaiting payment before shipping")),
            Map.entry("与信待ち", new Rule(OrderAction.RESERVE, true, "awaiting credit authorisation")),
            Map.entry("発送待ち", new Rule(OrderAction.RESERVE, true, "awaiting shipment")),
            Map.entry("不正取引審査中", new Rule(OrderAction.RESERVE, true, "fraud review")),
            Map.entry("審査保留", new Rule(OrderAction.RESERVE, true, "review on hold")),
            Map.entry("保留", new Rule(OrderAction.RESERVE, true, "on hold")),
            // a cancellation asked for but not yet done: keep the units until it is
            Map.entry("キャンセル受付中", new Rule(OrderAction.RESERVE, true, "cancellation pending")),
            // shipped: the units are gone; a line never seen still decrements once
            Map.entry("発送後入金待ち", new Rule(OrderAction.RESERVE, false, "shipped, awaiting payment: consumed")),
            Map.entry("完了", new Rule(OrderAction.RESERVE, false, "complete: consumed")),
            Map.entry("キャンセル", new Rule(OrderAction.CANCEL, false, "cancelled")),
            Map.entry("審査NG", new Rule(OrderAction.CANCEL, false, "review rejected: cancelled")));

    /** A shop-defined or new status holds stock and stays open: overselling is worse than a late release. */
    public static final Rule UNKNOWN = new Rule(OrderAction.RESERVE, true, "unknown or shop-defined status: hold");
    public static final Rule CANCELLED_FLAG = new Rule(OrderAction.CANCEL, false, "cancelStatus/itemCancelStatus set");

    public static Rule order(String orderStatus) {
        return orderStatus == null ? UNKNOWN : ORDER.getOrDefault(orderStatus.trim(), UNKNOWN);
    }

    /** One line's rule: a cancelled line or order cancels, whatever the order status says. */
    public static Rule line(String orderStatus, String cancelStatus, String itemCancelStatus) {
        if (isCancelledFlag(cancelStatus) || isCancelledFlag(itemCancelStatus)) {
            return CANCELLED_FLAG;
        }
        return order(orderStatus);
    }

    static boolean isCancelledFlag(String value) {
        return value != null && AuPayAssumptions.UNCONFIRMED.cancelledFlags().contains(value.trim());
    }
}
