package dev.zaiko.deployconfig;

import java.util.Optional;

/**
 * The slowest order-poll call of each mall whose documented rate limit is below one call a minute,
 * so that the config parser can refuse an interval the mall cannot sustain and give the default.
 *
 * <p>This module may not depend on {@code functions} (the CLI and the CDK app read it without the
 * adapters), so the numbers are the mall registry's data ({@code pollMinimumSeconds},
 * {@code pollLimitReason} in {@link dev.zaiko.schema.MallFacts#RESOURCE}), copied there from the
 * adapters' constants; tests in functions ({@code MallPollLimitsAgreeTest},
 * {@code YahooPollLimitAgreeTest}) fail when the two drift apart. Sources:
 * <ul>
 *   <li>amazon: Orders API 2026-01-01 {@code searchOrders} usage plan, rate 0.0056 requests/s, burst
 *       20 (amzn/selling-partner-api-models {@code orders_2026-01-01.json}, operation description;
 *       {@code AmazonApi.SEARCH_ORDERS_RATE}): one token per 178.6 s, so a poll every 180 s is the
 *       fastest that never drains the bucket.</li>
 *   <li>yahoo: 50,000 requests a day per application id, all APIs together
 *       (developer.yahoo.co.jp/appendix/rate.html); a poll spends at most
 *       {@code YahooOrderSource.POLL_CALL_BUDGET} = 20 order calls (new orders first, re-checks in
 *       what is left), so one a minute costs at most 28,800 a day.</li>
 * </ul>
 * Malls with no {@code pollMinimumSeconds} allow at least one poll a minute (see shared/docs/channels.md).
 */
public final class MallPollLimits {
    /**
     * Why the mall limits polling (completes "&lt;mall&gt; ...", e.g. "searchOrders sustains one call
     * every 180 s") and the shortest sustainable interval between polls.
     */
    public record Limit(String reason, int minimumIntervalSeconds) {
    }

    private MallPollLimits() {
    }

    public static Optional<Limit> of(MallType type) {
        var facts = type.facts();
        return facts.pollMinimumSeconds().isPresent()
                ? Optional.of(new Limit(facts.pollLimitReason(), facts.pollMinimumSeconds().getAsInt()))
                : Optional.empty();
    }

    /** The default interval of a channel with no {@code pollIntervalSeconds}: the general default, or the mall's minimum if larger. */
    public static int defaultIntervalSeconds(MallType type) {
        return Math.max(ChannelConfig.DEFAULT_POLL_INTERVAL_SECONDS,
                of(type).map(Limit::minimumIntervalSeconds).orElse(0));
    }
}
