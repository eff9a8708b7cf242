package dev.zaiko.domain.port;

import java.time.Duration;
import java.time.Instant;

/**
 * Token buckets kept in the store, so that every function of a channel (poller, pusher, reconciler,
 * webhook; any number of concurrent containers of each) draws from ONE bucket per mall limit instead
 * of each container keeping its own and multiplying the rate.
 *
 * <h2>State and semantics (every implementation must match them exactly)</h2>
 * A bucket is identified by {@code (channelId, bucket)}; its only state is one instant {@code tat}
 * (the "theoretical arrival time" of the generic cell rate algorithm), absent until first used.
 * With {@code interval = 1 / refillPerSecond} seconds, {@code cost = tokens * interval} and
 * {@code tolerance = capacity * interval}, a call {@code tryTake(channelId, bucket, tokens, capacity,
 * refillPerSecond, now)}:
 * <ol>
 *   <li>computes {@code base = max(tat, now)} (an absent {@code tat} counts as {@code now}) and
 *       {@code next = base + cost};</li>
 *   <li>if {@code next - now <= tolerance}: stores {@code tat = next} and answers
 *       {@link Take#taken() taken} with a zero wait;</li>
 *   <li>otherwise stores nothing and answers not taken with
 *       {@code retryIn = next - tolerance - now} (&gt; 0): the earliest moment the same take can succeed
 *       if nobody else takes first.</li>
 * </ol>
 * This is exactly a token bucket holding at most {@code capacity} tokens, full when first used,
 * refilled continuously at {@code refillPerSecond}; at {@code now} it holds
 * {@code (tolerance - (max(tat, now) - now)) / interval} tokens. {@code capacity} and
 * {@code refillPerSecond} are passed on every call (the mall's documented limits live in the adapter,
 * not in the store) and are not stored.
 *
 * <p>{@link #holdUntil} implements "the mall said not before {@code until}": it stores
 * {@code tat = max(tat, until + tolerance - interval)} (absent counts as smaller), so no take of one token
 * succeeds before {@code until}, exactly one succeeds at {@code until}, and the bucket then refills at
 * its rate instead of allowing a burst.
 *
 * <p><b>Atomicity.</b> Each method is one conditional write: the step that stores {@code tat} must
 * happen only if {@code tat} is still what the decision was based on (DynamoDB: a condition
 * expression on {@code tat}; SQL: {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE} computed in the
 * statement, or {@code UPDATE ... WHERE tat = :seen}). Concurrent callers over one store therefore
 * never take more than {@code capacity + elapsedSeconds * refillPerSecond} tokens in total. A write
 * lost to a concurrent one is re-decided against the new {@code tat}, never counted as taken.
 * Instants are compared at microsecond precision (store {@code tat} as epoch microseconds, an integer).
 */
public interface RateBuckets {
    /** The answer of one take. */
    record Take(boolean taken, Duration retryIn) {
        public static final Take TAKEN = new Take(true, Duration.ZERO);

        public Take {
            if (taken && !retryIn.isZero()) {
                throw new IllegalArgumentException("a successful take has no wait");
            }
            if (retryIn.isNegative()) {
                throw new IllegalArgumentException("retryIn must not be negative");
            }
        }
    }

    /**
     * Takes {@code tokens} from the bucket if it holds them at {@code now}; see the class comment.
     *
     * @param tokens          at least 1 and at most {@code capacity}
     * @param capacity        the burst: tokens the bucket holds when full, at least 1
     * @param refillPerSecond tokens added per second, greater than 0
     */
    Take tryTake(String channelId, String bucket, int tokens, double capacity, double refillPerSecond, Instant now);

    /** No take succeeds before {@code until}; see the class comment. Never moves {@code tat} back. */
    void holdUntil(String channelId, String bucket, double capacity, double refillPerSecond, Instant until);

    /** Shared arithmetic of the semantics above, in epoch microseconds; every implementation may use it. */
    final class Gcra {
        private Gcra() {
        }

        public static long micros(Instant instant) {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
        }

        public static long intervalMicros(double refillPerSecond) {
            if (!(refillPerSecond > 0)) {
                throw new IllegalArgumentException("refillPerSecond must be > 0");
            }
            return Math.max(1, Math.round(1_000_000 / refillPerSecond));
        }

        public static long toleranceMicros(double capacity, double refillPerSecond) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be >= 1");
            }
            return Math.round(capacity * intervalMicros(refillPerSecond));
        }

        public static void checkTokens(int tokens, double capacity) {
            if (tokens < 1 || tokens > capacity) {
                throw new IllegalArgumentException("tokens must be 1.." + capacity + " (got " + tokens + ")");
            }
        }

        /** The {@code tat} that {@link #holdUntil} stores (before taking the max with the old one). */
        public static long heldTat(long untilMicros, double capacity, double refillPerSecond) {
            return untilMicros + toleranceMicros(capacity, refillPerSecond) - intervalMicros(refillPerSecond);
        }
    }
}
