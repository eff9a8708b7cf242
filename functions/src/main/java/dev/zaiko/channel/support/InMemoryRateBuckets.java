package dev.zaiko.channel.support;

import dev.zaiko.domain.port.RateBuckets;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link RateBuckets} in one JVM's memory, with the port's exact semantics: for unit tests (two
 * limiters over one instance behave like two containers over one table) and as the reference the
 * store adapters are tested against.
 */
public final class InMemoryRateBuckets implements RateBuckets {
    private final Map<String, Long> tatMicros = new HashMap<>();
    private int writes;

    @Override
    public synchronized Take tryTake(String channelId, String bucket, int tokens, double capacity,
                                     double refillPerSecond, Instant now) {
        Gcra.checkTokens(tokens, capacity);
        long nowMicros = Gcra.micros(now);
        long interval = Gcra.intervalMicros(refillPerSecond);
        long tolerance = Gcra.toleranceMicros(capacity, refillPerSecond);
        String key = channelId + "\u0000" + bucket;
        long base = Math.max(tatMicros.getOrDefault(key, nowMicros), nowMicros);
        long next = base + tokens * interval;
        if (next - nowMicros <= tolerance) {
            tatMicros.put(key, next);
            writes++;
            return Take.TAKEN;
        }
        return new Take(false, Duration.ofNanos((next - tolerance - nowMicros) * 1_000));
    }

    @Override
    public synchronized void holdUntil(String channelId, String bucket, double capacity, double refillPerSecond,
                                       Instant until) {
        String key = channelId + "\u0000" + bucket;
        long held = Gcra.heldTat(Gcra.micros(until), capacity, refillPerSecond);
        tatMicros.merge(key, held, Math::max);
        writes++;
    }

    /** Successful writes so far: a test's measure of store traffic. */
    public synchronized int writes() {
        return writes;
    }
}
