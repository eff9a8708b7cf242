package dev.zaiko.channel.shopify;

import dev.zaiko.channel.support.TokenBucket;

import java.time.Duration;

/**
 * Shopify's GraphQL limit is a leaky bucket of cost points per app and store (Standard plan:
 * 100 points/s restore), not a number of calls, so {@link TokenBucket} (one token per call) does
 * not fit. We mirror the bucket from the {@code extensions.cost.throttleStatus} of every answer
 * and wait before a call whose estimated cost the bucket cannot cover, instead of being throttled.
 */
final class ShopifyThrottle {
    private final TokenBucket.Sleeper clock;
    private boolean known;
    private double available;
    private double maximum;
    private double restoreRate;
    private long observedAtNanos;
    private long blockedUntilNanos;

    ShopifyThrottle(TokenBucket.Sleeper clock) {
        this.clock = clock;
    }

    /** How long to wait before a call of this cost; zero while nothing is known of the bucket. */
    synchronized Duration waitFor(int cost) {
        long now = clock.nanoTime();
        long blocked = Math.max(0, blockedUntilNanos - now);
        if (!known || restoreRate <= 0) {
            return Duration.ofNanos(blocked);
        }
        double needed = Math.min(cost, maximum);
        double estimate = Math.min(maximum, available + (now - observedAtNanos) / 1e9 * restoreRate);
        long fill = estimate >= needed ? 0 : (long) Math.ceil((needed - estimate) / restoreRate * 1e9);
        return Duration.ofNanos(Math.max(blocked, fill));
    }

    synchronized void observe(double currentlyAvailable, double maximumAvailable, double restorePerSecond) {
        known = true;
        available = currentlyAvailable;
        maximum = maximumAvailable > 0 ? maximumAvailable : Math.max(currentlyAvailable, 1);
        restoreRate = restorePerSecond;
        observedAtNanos = clock.nanoTime();
    }

    /** The mall said "not before": no call leaves earlier. */
    synchronized void penalise(Duration retryAfter) {
        blockedUntilNanos = Math.max(blockedUntilNanos, clock.nanoTime() + retryAfter.toNanos());
    }

    void sleep(Duration duration) throws InterruptedException {
        if (!duration.isZero() && !duration.isNegative()) {
            clock.sleepNanos(duration.toNanos());
        }
    }

    long nanoTime() {
        return clock.nanoTime();
    }
}
