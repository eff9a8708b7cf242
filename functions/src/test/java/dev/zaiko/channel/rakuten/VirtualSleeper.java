package dev.zaiko.channel.rakuten;

import dev.zaiko.channel.support.TokenBucket;

import java.time.Duration;

/** The rate limiter's clock for tests: waiting advances virtual time at once, so tests stay fast and can assert how long the adapter would have waited. */
final class VirtualSleeper implements TokenBucket.Sleeper {
    private long now;

    @Override
    public synchronized void sleepNanos(long nanos) {
        now += nanos;
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    synchronized Duration waited() {
        return Duration.ofNanos(now);
    }
}
