package dev.zaiko.channel.qoo10;

import dev.zaiko.domain.OrderAction;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Qoo10's two status axes and what each value asks of the ledger: ONE table per axis. Sources:
 * {@code channels.md} section 6 and the crawled QSM pages for GetShippingInfo_v3 and
 * GetClaimInfo_V3 / GetShippingAndClaimInfoByOrderNo_V2.
 *
 * <p>{@code open} says whether the order stays in {@link dev.zaiko.domain.channel.OpenOrders}
 * (re-checked each poll) or is finished (shipped, cancelled, returned).
 */
public final class Qoo10Statuses {
    private Qoo10Statuses() {
    }

    public record Rule(OrderAction action, boolean open, String meaning) {
    }

    /** ShippingStatus: 1-3 hold stock; 4-5 the units have left, so a line never seen still decrements once. */
    public static final Map<String, Rule> SHIPPING = Map.of(
            "1", new Rule(OrderAction.RESERVE, true, "waiting to ship (配送待ち)"),
            "2", new Rule(OrderAction.RESERVE, true, "shipping requested (配送要請)"),
            "3", new Rule(OrderAction.RESERVE, true, "preparing (配送準備)"),
            "4", new Rule(OrderAction.RESERVE, false, "in transit: consumed, keep"),
            "5", new Rule(OrderAction.RESERVE, false, "delivered: consumed, keep"));

    /** ClaimStat (claimStatus): a claim overrides the shipping axis while it exists. */
    public static final Map<String, Rule> CLAIM = Map.ofEntries(
            Map.entry("1", new Rule(OrderAction.RESERVE, true, "cancel requested: keep until decided")),
            Map.entry("2", new Rule(OrderAction.RESERVE, true, "cancelling: keep until complete")),
            Map.entry("3", new Rule(OrderAction.CANCEL, false, "cancel complete")),
            // returns and exchanges happen after shipping: the ledger does not restock by itself,
            // the seller counts what comes back
            Map.entry("4", new Rule(OrderAction.IGNORE, false, "return requested")),
            Map.entry("5", new Rule(OrderAction.IGNORE, false, "returning")),
            Map.entry("6", new Rule(OrderAction.IGNORE, false, "return complete")),
            Map.entry("11", new Rule(OrderAction.IGNORE, false, "exchange requested")),
            Map.entry("12", new Rule(OrderAction.IGNORE, false, "exchange approved")),
            Map.entry("13", new Rule(OrderAction.IGNORE, false, "re-shipping")),
            Map.entry("14", new Rule(OrderAction.IGNORE, false, "non-receipt refund complete")),
            Map.entry("15", new Rule(OrderAction.IGNORE, false, "non-receipt partial refund complete")),
            // 미납주문 취소: an unpaid order cancelled by Qoo10, the units come back
            Map.entry("16", new Rule(OrderAction.CANCEL, false, "unpaid order cancelled")));

    /** An unknown shipping status holds stock and stays open: overselling is worse than a late release. */
    public static final Rule UNKNOWN_SHIPPING = new Rule(OrderAction.RESERVE, true, "unknown shipping status: hold");
    /** An unknown claim changes nothing and the order stays open, so the re-check looks again. */
    public static final Rule UNKNOWN_CLAIM = new Rule(OrderAction.IGNORE, true, "unknown claim status");

    private static final Pattern CODE_IN_LABEL = Pattern.compile("\\((\\d{1,2})\\)\\s*$");

    public static Rule shipping(String value) {
        return code(value).map(c -> SHIPPING.getOrDefault(c, UNKNOWN_SHIPPING)).orElse(UNKNOWN_SHIPPING);
    }

    public static Rule claim(String value) {
        return code(value).map(c -> CLAIM.getOrDefault(c, UNKNOWN_CLAIM)).orElse(UNKNOWN_CLAIM);
    }

    /** For GetShippingAndClaimInfoByOrderNo_V2: a claim, when there is one, decides. */
    public static Rule combined(String shippingStatus, String claimStatus) {
        return code(claimStatus).isPresent() && !"0".equals(code(claimStatus).get())
                ? claim(claimStatus) : shipping(shippingStatus);
    }

    /** "2", "02", "配送要請(2)" all give "2"; blank gives empty. */
    static Optional<String> code(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (trimmed.length() <= 3 && trimmed.chars().allMatch(Character::isDigit)) {
            return Optional.of(String.valueOf(Integer.parseInt(trimmed)));
        }
        if (Qoo10Assumptions.UNCONFIRMED.statusCodeInLabel()) {
            Matcher m = CODE_IN_LABEL.matcher(trimmed);
            if (m.find()) {
                return Optional.of(String.valueOf(Integer.parseInt(m.group(1))));
            }
        }
        return Optional.of(trimmed);
    }
}
