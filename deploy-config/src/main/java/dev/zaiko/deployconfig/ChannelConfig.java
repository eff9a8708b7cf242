package dev.zaiko.deployconfig;

import dev.zaiko.schema.Queues;

import java.util.Objects;

/**
 * One channel account (one shop on one mall).
 *
 * @param id                  stable id, also part of queue names, env vars and construct ids
 *                            ({@link Queues#requireChannelId})
 * @param pollIntervalSeconds how often orders are polled; at least {@link #MIN_POLL_INTERVAL_SECONDS}
 * @param webhook             whether the mall pushes orders to our HTTP endpoint as well
 * @param secretName          ignored ("" when absent): credentials are in SSM Parameter Store; an
 *                            older config may still name a Secrets Manager secret here, and
 *                            {@link ZaikoConfigParser#advisories} says it is unused
 * @param fixedIp             whether the mall only accepts calls from a registered IP address
 * @param options             non-secret adapter settings (Shopify shopDomain/locationId, Amazon
 *                            marketplaceId, ...), passed to the functions as {@code CHANNEL_OPTIONS}
 * @param reconcileMinutes    how often the reconciler compares the mall with the ledger; at least
 *                            {@link #MIN_RECONCILE_MINUTES} (its timeout), so two runs never overlap
 * @param reconcileMode       repair drift or only report it
 */
public record ChannelConfig(String id, MallType type, int pollIntervalSeconds, boolean webhook,
                            String secretName, boolean fixedIp, java.util.Map<String, String> options,
                            int reconcileMinutes, ReconcileMode reconcileMode) {
    public static final int MIN_POLL_INTERVAL_SECONDS = 10;
    public static final int MAX_POLL_INTERVAL_SECONDS = 3600;
    public static final int DEFAULT_POLL_INTERVAL_SECONDS = 60;
    public static final int MIN_RECONCILE_MINUTES = 15;
    public static final int MAX_RECONCILE_MINUTES = 1440;
    public static final int DEFAULT_RECONCILE_MINUTES = 60;
    /**
     * The channel option of the low-stock hold-back (functions: {@code dev.zaiko.domain.HoldBack}):
     * the last N sellable units of each listing are not shown on this channel.
     */
    public static final String HOLD_BACK_OPTION = "holdBackUnits";
    /**
     * The hold-back of a channel that learns of orders only by polling, unless its options say
     * otherwise. 2, not 1: with 1, two sales elsewhere within one poll interval of an unseen sale on
     * the polled mall still oversell; `./zaiko demo --compare` measured 3–4 units left with 1 and 0
     * with 2 on the same shoppers (README, "Where zaiko's oversold units come from").
     */
    public static final int DEFAULT_HOLD_BACK_UNITS = 2;
    public static final int MAX_HOLD_BACK_UNITS = 1000;

    /**
     * True for a channel whose orders reach zaiko-sync only at its next poll: no verified webhook and
     * not Amazon (whose ORDER_CHANGE notifications arrive through the SP-API queue in seconds).
     */
    public static boolean learnsOrdersOnlyByPolling(MallType type, boolean webhook) {
        return !webhook && !type.equals(MallType.AMAZON);
    }

    public ChannelConfig {
        Queues.requireChannelId(id);
        Objects.requireNonNull(type, "type");
        secretName = secretName == null ? "" : secretName;
        options = options == null ? java.util.Map.of() : java.util.Map.copyOf(new java.util.TreeMap<>(options));
        if (pollIntervalSeconds < MIN_POLL_INTERVAL_SECONDS || pollIntervalSeconds > MAX_POLL_INTERVAL_SECONDS) {
            throw new IllegalArgumentException("pollIntervalSeconds out of range: " + pollIntervalSeconds);
        }
        if (reconcileMinutes < MIN_RECONCILE_MINUTES || reconcileMinutes > MAX_RECONCILE_MINUTES) {
            throw new IllegalArgumentException("reconcileMinutes out of range: " + reconcileMinutes);
        }
        Objects.requireNonNull(reconcileMode, "reconcileMode");
    }

    /** With the reconciler's defaults: hourly, repair. */
    public ChannelConfig(String id, MallType type, int pollIntervalSeconds, boolean webhook, String secretName,
                         boolean fixedIp, java.util.Map<String, String> options) {
        this(id, type, pollIntervalSeconds, webhook, secretName, fixedIp, options, DEFAULT_RECONCILE_MINUTES,
                ReconcileMode.REPAIR);
    }

    public ChannelConfig(String id, MallType type, int pollIntervalSeconds, boolean webhook, String secretName,
                         boolean fixedIp) {
        this(id, type, pollIntervalSeconds, webhook, secretName, fixedIp, java.util.Map.of());
    }

    /** The options as the one-line JSON object the functions read from {@code CHANNEL_OPTIONS}. */
    public String optionsJson() {
        StringBuilder json = new StringBuilder("{");
        new java.util.TreeMap<>(options).forEach((k, v) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(k)).append(':').append(quote(v));
        });
        return json.append('}').toString();
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * Suffix of the per-channel environment variables ({@code PUSH_QUEUE_URL_<suffix>},
     * {@code PUSHER_FUNCTION_<suffix>}): the id upper-cased with '-' as '_', the convention of
     * {@link Queues#push(String)}.
     */
    public String envSuffix() {
        return envSuffix(id);
    }

    public static String envSuffix(String channelId) {
        return dev.zaiko.schema.Names.envSuffix(channelId);
    }

    /**
     * The EventBridge Scheduler rate in whole minutes (the scheduler's floor is one minute):
     * the interval rounded up. Intervals under a minute poll several times within one
     * invocation of the poller.
     */
    public int scheduleRateMinutes() {
        return (pollIntervalSeconds + 59) / 60;
    }

    /** Whether one invocation polls more than once (interval under a minute). */
    public boolean pollsWithinInvocation() {
        return pollIntervalSeconds < 60;
    }
}
