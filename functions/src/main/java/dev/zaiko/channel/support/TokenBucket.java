package dev.zaiko.channel.support;

import dev.zaiko.domain.port.RateBuckets;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A mall's documented rate limit (rate per second with a burst), enforced on our side so we never
 * hammer a mall and get blocked. Callers wait for a token; {@link #penalise} pushes the next token
 * out after the mall told us to back off (429 with a retry hint).
 *
 * <p>Two kinds: {@link #shared} keeps the bucket in the store ({@link RateBuckets}), so every function
 * and container of a channel draws from the same one; the plain constructors keep it in this
 * container's memory, which is right only where no store is given (unit tests, a single process) since
 * concurrent containers would each allow the full rate.
 */
public final class TokenBucket {
    private final double ratePerSecond;
    private final double burst;
    private final Sleeper sleeper;
    private double tokens;
    private long lastRefillNanos;
    private long blockedUntilNanos;
    /** Set for a shared bucket: where it lives and how it is named there. */
    private final RateBuckets store;
    private final String channelId;
    private final String name;
    private final Clock clock;

    /** How waiting happens; tests may substitute a clock-advancing sleeper. */
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;

        long nanoTime();

        /** Real time, run {@link #compressTime faster} only while the local demo plays a compressed sale. */
        Sleeper SYSTEM = new Sleeper() {
            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                double factor = compression;
                long real = factor == 1 ? nanos : (long) (nanos / factor);
                Thread.sleep(real / 1_000_000, (int) (real % 1_000_000));
            }

            @Override
            public long nanoTime() {
                double factor = compression;
                return factor == 1 ? System.nanoTime() : (long) (System.nanoTime() * factor);
            }
        };
    }

    private static volatile double compression = 1;

    /**
     * The local demo plays a flash sale {@code factor} times faster than real time and compresses
     * every mall's rate limit with it (a mall allowing 1 call/s allows {@code factor} calls per
     * real second), so both of its arms meet the malls' limits as they would in real time. Set it
     * before the adapters are built and back to 1 afterwards; nothing else calls this (on AWS it
     * stays 1).
     */
    public static void compressTime(double factor) {
        if (!(factor >= 1)) {
            throw new IllegalArgumentException("time compression must be >= 1, got " + factor);
        }
        compression = factor;
    }

    public TokenBucket(double ratePerSecond, double burst) {
        this(ratePerSecond, burst, Sleeper.SYSTEM);
    }

    public TokenBucket(double ratePerSecond, double burst, Sleeper sleeper) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.lastRefillNanos = sleeper.nanoTime();
        this.store = null;
        this.channelId = null;
        this.name = null;
        this.clock = null;
    }

    private TokenBucket(RateBuckets store, String channelId, String name, double ratePerSecond, double burst,
                        Clock clock, Sleeper sleeper) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.sleeper = sleeper;
        this.store = Objects.requireNonNull(store);
        this.channelId = Objects.requireNonNull(channelId);
        this.name = Objects.requireNonNull(name);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * A bucket in the store, shared by every holder of the same {@code (channelId, name)}: each token is
     * one conditional write there. {@code clock} gives the store's "now"; {@code sleeper} waits between tries.
     */
    public static TokenBucket shared(RateBuckets store, String channelId, String name, double ratePerSecond,
                                     double burst, Clock clock, Sleeper sleeper) {
        return new TokenBucket(store, channelId, name, ratePerSecond, burst, clock, sleeper);
    }

    /** Whether this bucket lives in the store (shared) or in this container only. */
    public boolean isShared() {
        return store != null;
    }

    /** Waits until a call is allowed; returns false when that would take longer than {@code maxWait}. */
    public boolean acquire(Duration maxWait) {
        if (store != null) {
            return acquireShared(maxWait);
        }
        long deadline = sleeper.nanoTime() + maxWait.toNanos();
        while (true) {
            long waitNanos;
            synchronized (this) {
                long now = sleeper.nanoTime();
                refill(now);
                if (now >= blockedUntilNanos && tokens >= 1 - 1e-9) {
                    tokens -= 1;
                    return true;
                }
                long untilToken = tokens >= 1 - 1e-9 ? 0 : (long) ((1 - tokens) / ratePerSecond * 1e9);
                waitNanos = Math.max(untilToken, blockedUntilNanos - now);
                if (now + waitNanos > deadline) {
                    return false;
                }
            }
            try {
                sleeper.sleepNanos(Math.max(waitNanos, 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * The shared bucket's time: the wall clock, except while the local demo compresses time, when
     * the store must see the same compressed time as the waits and budgets (else a compressed budget
     * meets a real-time refill and every call ends as "our own rate limit").
     */
    private java.time.Instant now() {
        return storeNow(clock, sleeper);
    }

    /**
     * The "now" a bucket kept in the store must be given by a holder that waits with {@code sleeper}
     * (see {@link #now()}): public for limiters that are not token buckets but keep their state in the
     * same store (Shopify's cost bucket).
     */
    public static java.time.Instant storeNow(Clock clock, Sleeper sleeper) {
        double factor = compression;
        if (factor == 1 || sleeper != Sleeper.SYSTEM) {
            return clock.instant();
        }
        long nanos = sleeper.nanoTime();
        return java.time.Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private boolean acquireShared(Duration maxWait) {
        long deadline = sleeper.nanoTime() + maxWait.toNanos();
        while (true) {
            RateBuckets.Take take = store.tryTake(channelId, name, 1, burst, ratePerSecond, now());
            if (take.taken()) {
                return true;
            }
            long waitNanos = Math.max(take.retryIn().toNanos(), 1_000_000);
            if (sleeper.nanoTime() + waitNanos > deadline) {
                return false;
            }
            try {
                sleeper.sleepNanos(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** The mall said "not before {@code retryAfter}": no call leaves before then. */
    public void penalise(Duration retryAfter) {
        if (store != null) {
            store.holdUntil(channelId, name, burst, ratePerSecond, now().plus(retryAfter));
            return;
        }
        penaliseLocal(retryAfter);
    }

    /** Same meaning as the shared bucket's hold: exactly one call may leave at "until", then the rate. */
    private synchronized void penaliseLocal(Duration retryAfter) {
        long now = sleeper.nanoTime();
        refill(now);
        long until = now + retryAfter.toNanos();
        blockedUntilNanos = Math.max(blockedUntilNanos, until);
        tokens = Math.min(tokens, 1 - retryAfter.toNanos() / 1e9 * ratePerSecond);
    }

    private void refill(long now) {
        double elapsedSeconds = (now - lastRefillNanos) / 1e9;
        tokens = Math.min(burst, tokens + elapsedSeconds * ratePerSecond);
        lastRefillNanos = now;
    }
}
