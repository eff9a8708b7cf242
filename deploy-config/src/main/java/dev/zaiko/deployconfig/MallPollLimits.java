package dev.zaiko.deployconfig;

import java.util.Map;
import java.util.Optional;

/**
 * The slowest order-poll call of each mall whose documented rate limit is below one call a minute,
 * so that the config parser can refuse an interval the mall cannot sustain and give the default.
 *
 * <p>This module may not depend on {@code functions} (the CLI and the CDK app read it without the
 * adapters), so the numbers are copied here from the adapters' constants; a test in functions
 * ({@code MallPollLimitsAgreeTest}) fails when the two drift apart. Sources:
 * <ul>
 *   <li>amazon: Orders API 2026-01-01 {@code searchOrders} usage plan, rate 0.0056 requests/s, burst
 *       20 (amzn/selling-partner-api-models {@code orders_2026-01-01.json}, operation description;
 *       {@code AmazonApi.SEARCH_ORDERS_RATE}): one token per 178.6 s, so a poll every 180 s is the
 *       fastest that never drains the bucket.</li>
 * </ul>
 * Malls not listed here allow at least one poll a minute (see shared/docs/channels.md).
 */
public final class MallPollLimits {
    /** The call that limits polling and the shortest sustainable interval between polls. */
    public record Limit(String operation, int minimumIntervalSeconds) {
    }

    private static final Map<MallType, Limit> LIMITS = Map.of(
            MallType.AMAZON, new Limit("searchOrders", 180));

    private MallPollLimits() {
    }

    public static Optional<Limit> of(MallType type) {
        return Optional.ofNullable(LIMITS.get(type));
    }

    /** The default interval of a channel with no {@code pollIntervalSeconds}: the general default, or the mall's minimum if larger. */
    public static int defaultIntervalSeconds(MallType type) {
        return Math.max(ChannelConfig.DEFAULT_POLL_INTERVAL_SECONDS,
                of(type).map(Limit::minimumIntervalSeconds).orElse(0));
    }
}
