package dev.zaiko.channel.shopify;

import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.domain.port.RateBuckets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Shopify's GraphQL limit is a leaky bucket of cost points per app and store (Standard plan:
 * 100 points/s restore), not a number of calls. We mirror the bucket from the
 * {@code extensions.cost.throttleStatus} of every answer and wait before a call whose estimated cost
 * the bucket cannot cover, instead of being throttled.
 *
 * <p>Two kinds, like {@link TokenBucket}:
 * <ul>
 *   <li>{@link #ShopifyThrottle(TokenBucket.Sleeper) per container}: the mirror lives in this
 *       container only (no store given);</li>
 *   <li>{@link #shared shared}: the mirror is the channel's bucket {@value #BUCKET} in the store
 *       ({@link RateBuckets}, one token per cost point), so poller, pusher, reconciler and webhook
 *       containers spend one budget. Before a call we take its cost there: the operation's last
 *       {@code actualQueryCost} as this container saw it (Shopify's advice for estimating), else the
 *       static estimate, never more than the estimate; every
 *       {@code throttleStatus} answer lowers the stored level to at most {@code currentlyAvailable}
 *       ({@link RateBuckets#holdUntil} can express "at most N points now"); a 429 holds the bucket
 *       until its Retry-After. The store never gives points back ({@code holdUntil} never moves its
 *       state back), so Shopify's refund of requested minus actual cost cannot be mirrored; taking the
 *       learned actual cost instead of the (much larger) requested estimate is what keeps the shared
 *       level near Shopify's. Taking the static estimate would starve the channel: with
 *       {@link ShopifyApi#NODES_COST} 302 points a look-up at 100 points/s the shared bucket would allow
 *       one look-up per 3 s where Shopify allows dozens.</li>
 * </ul>
 * Until this container has seen one answer it assumes {@link #DEFAULT_MAXIMUM} points restored at
 * {@link #DEFAULT_RESTORE_RATE}/s (the Standard plan's documented rate; the bucket size is our
 * conservative assumption: at least the 1000 points one query may request).
 */
final class ShopifyThrottle {
    /** The store bucket's name for the channel's GraphQL cost points. */
    static final String BUCKET = "graphql-cost";
    /** shopify.dev/docs/apps/build/graphql/admin rate limits: Standard plan, 100 points/second (documented). */
    static final double DEFAULT_RESTORE_RATE = 100;
    /** UNCONFIRMED bucket size before the first answer: 1000, the most one query may request (documented limit). */
    static final double DEFAULT_MAXIMUM = 1000;

    private final TokenBucket.Sleeper clock;
    private final RateBuckets store;
    private final String channelId;
    private final Clock wallClock;
    /** Shared mode: the last actualQueryCost per operation seen by this container. */
    private final java.util.Map<String, Integer> actualCost = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean known;
    private double available;
    private double maximum;
    private double restoreRate;
    private long observedAtNanos;
    private long blockedUntilNanos;

    ShopifyThrottle(TokenBucket.Sleeper clock) {
        this.clock = clock;
        this.store = null;
        this.channelId = null;
        this.wallClock = null;
    }

    private ShopifyThrottle(TokenBucket.Sleeper sleeper, RateBuckets store, String channelId, Clock wallClock) {
        this.clock = sleeper;
        this.store = Objects.requireNonNull(store);
        this.channelId = Objects.requireNonNull(channelId);
        this.wallClock = Objects.requireNonNull(wallClock);
    }

    /**
     * A throttle whose bucket is the channel's in the store; {@code wallClock} is the store's "now",
     * {@code sleeper} waits (they must show the same time).
     */
    static ShopifyThrottle shared(TokenBucket.Sleeper sleeper, RateBuckets store, String channelId, Clock wallClock) {
        return new ShopifyThrottle(sleeper, store, channelId, wallClock);
    }

    /** The store's "now", compressed like the waits while the local demo compresses time. */
    private Instant storeNow() {
        return TokenBucket.storeNow(wallClock, clock);
    }

    boolean isShared() {
        return store != null;
    }

    /**
     * Before a call of this estimated cost: zero when it may leave now (a shared throttle has then
     * taken the cost from the store), else how long to wait before asking again.
     */
    Duration reserve(int cost) {
        return reserve("", cost);
    }

    /** {@link #reserve(int)} for a named operation, whose learned actual cost is taken when known. */
    Duration reserve(String operation, int estimatedCost) {
        if (store == null) {
            return waitFor(estimatedCost);
        }
        int cost = Math.min(estimatedCost, actualCost.getOrDefault(operation, estimatedCost));
        double max;
        double rate;
        synchronized (this) {
            max = known ? maximum : DEFAULT_MAXIMUM;
            rate = known && restoreRate > 0 ? restoreRate : DEFAULT_RESTORE_RATE;
        }
        int points = (int) Math.max(1, Math.min(cost, Math.floor(max)));
        RateBuckets.Take take = store.tryTake(channelId, BUCKET, points, max, rate, storeNow());
        return take.taken() ? Duration.ZERO : take.retryIn();
    }

    /** How long to wait before a call of this cost; zero while nothing is known of the bucket. */
    synchronized Duration waitFor(int cost) {
        long now = clock.nanoTime();
        long blocked = Math.max(0, blockedUntilNanos - now);
        if (!known || restoreRate <= 0) {
            return Duration.ofNanos(blocked);
        }
        double needed = Math.min(cost, maximum);
        double estimate = Math.min(maximum, available + (now - observedAtNanos) / 1e9 * restoreRate);
        long fill = estimate >= needed ? 0 : (long) Math.ceil((needed - estimate) / restoreRate * 1e9);
        return Duration.ofNanos(Math.max(blocked, fill));
    }

    /** What Shopify charged for a call of {@code operation} ({@code extensions.cost.actualQueryCost}). */
    void learn(String operation, int actualQueryCost) {
        if (!operation.isEmpty()) {
            actualCost.put(operation, Math.max(1, actualQueryCost));
        }
    }

    void observe(double currentlyAvailable, double maximumAvailable, double restorePerSecond) {
        double max;
        synchronized (this) {
            known = true;
            available = currentlyAvailable;
            maximum = maximumAvailable > 0 ? maximumAvailable : Math.max(currentlyAvailable, 1);
            restoreRate = restorePerSecond;
            observedAtNanos = clock.nanoTime();
            max = Math.max(1, maximum);
        }
        if (store != null && restorePerSecond > 0) {
            // "at most currentlyAvailable points now": a hold until the moment the bucket, holding one
            // point at that moment, would hold currentlyAvailable now (see RateBuckets.holdUntil)
            double secondsBack = (Math.min(currentlyAvailable, max) - 1) / restorePerSecond;
            Instant until = storeNow().minusNanos((long) Math.floor(secondsBack * 1e9));
            store.holdUntil(channelId, BUCKET, max, restorePerSecond, until);
        }
    }

    /** The mall said "not before": no call leaves earlier. */
    void penalise(Duration retryAfter) {
        if (store != null) {
            double max;
            double rate;
            synchronized (this) {
                max = known ? Math.max(1, maximum) : DEFAULT_MAXIMUM;
                rate = known && restoreRate > 0 ? restoreRate : DEFAULT_RESTORE_RATE;
            }
            store.holdUntil(channelId, BUCKET, max, rate, storeNow().plus(retryAfter));
            return;
        }
        synchronized (this) {
            blockedUntilNanos = Math.max(blockedUntilNanos, clock.nanoTime() + retryAfter.toNanos());
        }
    }

    void sleep(Duration duration) throws InterruptedException {
        if (!duration.isZero() && !duration.isNegative()) {
            clock.sleepNanos(duration.toNanos());
        }
    }

    long nanoTime() {
        return clock.nanoTime();
    }
}
