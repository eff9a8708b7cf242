package dev.zaiko.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand, shared by a simulator and the code under test. It starts in UTC;
 * {@link #withZone} gives a view of the same time in another zone (advancing either advances both),
 * because {@code java.time} calls {@code withZone} behind the caller's back.
 */
public class MutableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public MutableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /** A view of {@code sharing}'s time in {@code zone}, for subclasses' {@link #withZone}. */
    protected MutableClock(MutableClock sharing, ZoneId zone) {
        this(sharing.now, zone);
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Moves the time on by {@code by} (safe from several threads: no advance is lost). */
    public void advance(Duration by) {
        Objects.requireNonNull(by, "by");
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new MutableClock(this, other);
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
