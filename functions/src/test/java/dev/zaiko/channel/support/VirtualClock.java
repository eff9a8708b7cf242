package dev.zaiko.channel.support;

import dev.zaiko.testsupport.VirtualTime;

import java.time.Instant;
import java.time.ZoneId;

/**
 * One virtual clock for a test: the wall clock adapters, stores and simulators read, and the sleeper
 * that rate limiters and the retry policy wait with ({@link ChannelLimits#sleeper} picks it up from
 * {@code ChannelSettings.clock()}). Waiting advances it instead of sleeping. The time itself is the
 * shared {@link VirtualTime}; this class only adds the sleeper interface that lives in functions.
 */
public final class VirtualClock extends VirtualTime implements TokenBucket.Sleeper {
    public VirtualClock(Instant start) {
        super(start);
    }

    private VirtualClock(VirtualClock sharing, ZoneId zone) {
        super(sharing, zone);
    }

    /** The same virtual time seen in another zone (advancing either advances both). */
    @Override
    public VirtualClock withZone(ZoneId other) {
        return new VirtualClock(this, other);
    }
}
