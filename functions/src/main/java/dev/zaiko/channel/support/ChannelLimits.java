package dev.zaiko.channel.support;

import dev.zaiko.domain.channel.ChannelSettings;

import java.time.Clock;

/**
 * Where an adapter factory gets its rate limiters and its waiting: a bucket shared through the store
 * when the settings carry one (every function of the channel then draws from it), else a bucket in
 * this container only (unit tests, a process with no store).
 */
public final class ChannelLimits {
    private ChannelLimits() {
    }

    /** One of the channel's limits, named {@code name} in the store (e.g. "graphql", "stock"). */
    public static TokenBucket bucket(ChannelSettings settings, String name, double ratePerSecond, double burst) {
        TokenBucket.Sleeper sleeper = sleeper(settings.clock());
        return settings.sharedRateBuckets()
                .map(store -> TokenBucket.shared(store, settings.channelId(), name, ratePerSecond, burst,
                        settings.clock(), sleeper))
                .orElseGet(() -> new TokenBucket(ratePerSecond, burst, sleeper));
    }

    /**
     * How to wait: a clock that can also sleep (a virtual clock in tests advances itself instead of
     * sleeping) waits on itself, so bucket, retries and the store's "now" agree; any other clock waits
     * in real time.
     */
    public static TokenBucket.Sleeper sleeper(Clock clock) {
        return clock instanceof TokenBucket.Sleeper virtual ? virtual : TokenBucket.Sleeper.SYSTEM;
    }
}
