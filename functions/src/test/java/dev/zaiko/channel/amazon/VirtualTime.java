package dev.zaiko.channel.amazon;

import dev.zaiko.channel.support.TokenBucket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One virtual clock for a test: the wall clock the simulator and the adapter read, and the sleeper
 * the rate limiter waits with. Waiting advances it instead of sleeping, so back-offs of minutes
 * cost nothing and no test depends on real timing.
 */
final class VirtualTime extends Clock implements TokenBucket.Sleeper {
    private final Instant start;
    private final AtomicLong elapsedNanos = new AtomicLong();

    VirtualTime(Instant start) {
        this.start = start;
    }

    void advance(Duration duration) {
        elapsedNanos.addAndGet(duration.toNanos());
    }

    @Override
    public void sleepNanos(long nanos) {
        elapsedNanos.addAndGet(nanos);
    }

    @Override
    public long nanoTime() {
        return elapsedNanos.get();
    }

    Duration slept() {
        return Duration.ofNanos(elapsedNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return start.plusNanos(elapsedNanos.get());
    }
}
