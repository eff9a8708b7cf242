package dev.zaiko.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual time for one test: the wall clock that adapters, stores and simulators read, and a
 * sleeper whose waits advance that clock at once instead of sleeping. So back-offs of minutes cost
 * nothing, no test depends on real timing, and a test can assert how long the code would have waited.
 *
 * <p>{@link #sleepNanos} and {@link #nanoTime} have the shape of a rate limiter's sleeper; a module
 * whose sleeper interface lives in main code adapts this class in its own test tree by subclassing
 * (functions: {@code dev.zaiko.channel.support.VirtualClock implements TokenBucket.Sleeper}).
 */
public class VirtualTime extends MutableClock {
    private final Instant start;
    private final AtomicLong sleptNanos;

    public VirtualTime(Instant start) {
        super(start);
        this.start = start;
        this.sleptNanos = new AtomicLong();
    }

    /** A view of {@code sharing}'s time in {@code zone}, for subclasses' {@link #withZone}. */
    protected VirtualTime(VirtualTime sharing, ZoneId zone) {
        super(sharing, zone);
        this.start = sharing.start;
        this.sleptNanos = sharing.sleptNanos;
    }

    /** Waits {@code nanos}: advances the clock, returns at once. */
    public void sleepNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("cannot sleep a negative time: " + nanos + " ns");
        }
        advance(Duration.ofNanos(nanos));
        sleptNanos.addAndGet(nanos);
    }

    /** Nanoseconds since the start, both advanced and slept (a monotonic reading, as {@link System#nanoTime}). */
    public long nanoTime() {
        return Duration.between(start, instant()).toNanos();
    }

    /** Total time spent waiting in {@link #sleepNanos} (not counting {@link #advance}). */
    public Duration slept() {
        return Duration.ofNanos(sleptNanos.get());
    }

    @Override
    public VirtualTime withZone(ZoneId other) {
        return new VirtualTime(this, other);
    }
}
