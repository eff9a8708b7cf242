package dev.zaiko.domain;

import java.util.Map;

/**
 * A channel's low-stock hold-back: the last {@code units} sellable units of every listing are not
 * shown on this channel, so they go only where a sale reaches the ledger in seconds.
 *
 * <p>Why: a mall that cannot tell us about an order (no webhook, no notification: Rakuten, Yahoo!,
 * Qoo10, au PAY) is only heard from at its next poll, up to a minute later. When two malls sell the
 * last unit in that minute, one of them has sold what the shelf no longer has (an oversell). Held
 * back, such a channel shows {@code max(0, sellable - units)}: it sells everything but the last
 * {@code units}, which the webhook malls sell and report within a second. The cost is sales: once a
 * listing is down to {@code units}, a shopper on this channel sees it sold out while others still
 * sell it (and if nobody buys those units elsewhere, they stay on the shelf until restocked).
 *
 * <p>Configured per channel as the option {@value #OPTION} (a whole number, 0 = off).
 */
public record HoldBack(long units) {
    /** The channel option that sets it ({@code channels[].options.holdBackUnits} in the config file). */
    public static final String OPTION = "holdBackUnits";
    /** No hold-back: the channel shows the whole sellable quantity. */
    public static final HoldBack NONE = new HoldBack(0);
    /** The largest hold-back accepted: more is a typo, not a policy. */
    public static final long MAX_UNITS = 1000;

    public HoldBack {
        if (units < 0 || units > MAX_UNITS) {
            throw new IllegalArgumentException("holdBackUnits must be 0-" + MAX_UNITS + ", got " + units);
        }
    }

    /** What the channel may show of a listing whose ledger sellable quantity is {@code sellable}. */
    public long shown(long sellable) {
        return Math.max(0, sellable - units);
    }

    /** The channel's hold-back from its options; absent = {@link #NONE}; not a whole number 0-1000 = an error naming the option. */
    public static HoldBack of(Map<String, String> options) {
        String value = options == null ? null : options.get(OPTION);
        if (value == null || value.isBlank()) {
            return NONE;
        }
        long units;
        try {
            units = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + OPTION + ": \"" + value + "\" is not a whole number");
        }
        if (units < 0 || units > MAX_UNITS) {
            throw new IllegalArgumentException("option " + OPTION + ": " + units + " is outside 0-" + MAX_UNITS);
        }
        return new HoldBack(units);
    }
}
