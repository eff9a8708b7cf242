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
        return bucket(settings, name, ratePerSecond, burst, sleeper(settings.clock()));
    }

    /**
     * The same with the waiting given explicitly (adapters whose tests hand in their own sleeper). A
     * shared bucket reads "now" from {@code settings.clock()} and waits with {@code sleeper}, so the two
     * must show the same time (a {@code VirtualClock} is both).
     */
    public static TokenBucket bucket(ChannelSettings settings, String name, double ratePerSecond, double burst,
                                     TokenBucket.Sleeper sleeper) {
        return settings.sharedRateBuckets()
                .map(store -> TokenBucket.shared(store, settings.channelId(), name, ratePerSecond, burst,
                        settings.clock(), sleeper))
                .orElseGet(() -> new TokenBucket(ratePerSecond, burst, sleeper));
    }

    /**
     * A channel's limits by name, for adapters with one limit per operation or per URL (SP-API,
     * RMS, Yahoo): each name is one bucket in the store, shared by every function of the channel.
     */
    @FunctionalInterface
    public interface Named {
        TokenBucket bucket(String name, double ratePerSecond, double burst);
    }

    public static Named named(ChannelSettings settings, TokenBucket.Sleeper sleeper) {
        return (name, rate, burst) -> bucket(settings, name, rate, burst, sleeper);
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
