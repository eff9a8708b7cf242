package dev.zaiko.channel.rakuten;

import dev.zaiko.domain.OrderAction;

import java.util.Map;
import java.util.Optional;

/**
 * RakutenPayOrderAPI {@code orderProgress} to what the ledger does, in one table.
 *
 * <p>Source: the orderProgress list in the RMS RakutenPayOrderAPI docs (behind the RMS login), as
 * quoted by public clients (oh0123/rakuten-spi-sdk {@code rms/order.go}, JakeJP/Rakuten.RMS.Api) and
 * {@code shared/docs/channels.md} section 2.
 *
 * <p>{@code open} says whether the order stays in {@link dev.zaiko.domain.channel.OpenOrders} to be
 * re-checked: the search filters by order date only, so an open order's later cancellation is seen
 * only by re-reading it. Shipped orders (500 and the payment steps after it) are closed: goods that
 * come back after shipping need the seller's inspection, not an automatic restock. Cancel pending
 * (800) stays reserved and open until Rakuten confirms it (900).
 *
 * <p>No progress value maps to IGNORE: every RakutenPay order ships from the seller's own stock.
 */
public final class RakutenStatuses {
    private RakutenStatuses() {
    }

    public record Rule(int progress, String label, OrderAction action, boolean open) {
    }

    public static final Map<Integer, Rule> TABLE = Map.of(
            100, new Rule(100, "注文確認待ち (awaiting order confirmation)", OrderAction.RESERVE, true),
            200, new Rule(200, "楽天処理中 (Rakuten processing)", OrderAction.RESERVE, true),
            300, new Rule(300, "発送待ち (awaiting shipment)", OrderAction.RESERVE, true),
            400, new Rule(400, "変更確定待ち (change pending)", OrderAction.RESERVE, true),
            500, new Rule(500, "発送済 (shipped)", OrderAction.RESERVE, false),
            600, new Rule(600, "支払手続き中 (payment in progress)", OrderAction.RESERVE, false),
            700, new Rule(700, "支払手続き済 (payment done)", OrderAction.RESERVE, false),
            800, new Rule(800, "キャンセル確定待ち (cancel pending)", OrderAction.RESERVE, true),
            900, new Rule(900, "キャンセル確定 (cancelled)", OrderAction.CANCEL, false));

    public static Optional<Rule> of(int orderProgress) {
        return Optional.ofNullable(TABLE.get(orderProgress));
    }
}
