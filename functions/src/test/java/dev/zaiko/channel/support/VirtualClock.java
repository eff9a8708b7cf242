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
    private final AtomicLong elapsedNanos;
    private final AtomicLong sleptNanos;
    private final ZoneId zone;

    public VirtualClock(Instant start) {
        this(start, new AtomicLong(), new AtomicLong(), ZoneOffset.UTC);
    }

    private VirtualClock(Instant start, AtomicLong elapsedNanos, AtomicLong sleptNanos, ZoneId zone) {
        this.start = start;
        this.elapsedNanos = elapsedNanos;
        this.sleptNanos = sleptNanos;
        this.zone = zone;
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
        return zone;
    }

    /** The same virtual time seen in another zone (advancing either advances both). */
    @Override
    public Clock withZone(ZoneId other) {
        return new VirtualClock(start, elapsedNanos, sleptNanos, other);
    }

    @Override
    public Instant instant() {
        return start.plusNanos(elapsedNanos.get());
    }
}
