package dev.zaiko.channel.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One virtual clock for a test: the wall clock adapters, stores and simulators read, and the sleeper
 * that rate limiters and the retry policy wait with ({@link ChannelLimits#sleeper} picks it up from
 * {@code ChannelSettings.clock()}). Waiting advances it instead of sleeping.
 */
public final class VirtualClock extends Clock implements TokenBucket.Sleeper {
    private final Instant start;
    private final AtomicLong elapsedNanos = new AtomicLong();
    private final AtomicLong sleptNanos = new AtomicLong();

    public VirtualClock(Instant start) {
        this.start = start;
    }

    public void advance(Duration duration) {
        elapsedNanos.addAndGet(duration.toNanos());
    }

    @Override
    public void sleepNanos(long nanos) {
        elapsedNanos.addAndGet(nanos);
        sleptNanos.addAndGet(nanos);
    }

    @Override
    public long nanoTime() {
        return elapsedNanos.get();
    }

    /** Total time spent waiting (not counting {@link #advance}). */
    public Duration slept() {
        return Duration.ofNanos(sleptNanos.get());
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
