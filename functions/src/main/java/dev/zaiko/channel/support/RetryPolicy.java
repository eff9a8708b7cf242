package dev.zaiko.channel.support;

import dev.zaiko.domain.channel.ChannelException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The one retry policy every mall client uses for a temporary failure inside one logical call: at most
 * {@code maxAttempts} attempts, never waiting past {@code budget} (counted from the call's start), and
 * between attempts either exactly what the mall asked for (Retry-After, or the mall's own rate hint
 * carried in {@link ChannelException#retryAfter()}) or, with no hint, capped exponential backoff with
 * full jitter: a uniform wait in {@code [0, min(maxDelay, baseDelay * 2^(n-1))]} after attempt n, so
 * containers that failed together do not retry together.
 *
 * <p>Time comes from a {@link TokenBucket.Sleeper}, so tests run the waits on a virtual clock; the
 * jitter from a {@link DoubleSupplier} in [0, 1), so tests can pin it.
 */
public final class RetryPolicy {
    /** What one attempt came to: a value, or a failure worth another attempt. Anything thrown ends the call. */
    public sealed interface Outcome<T> {
        record Done<T>(T value) implements Outcome<T> {
        }

        /** {@code failure.retryAfter()}, when present, is the mall's hint and is honoured exactly. */
        record Retry<T>(ChannelException failure) implements Outcome<T> {
        }
    }

    /** One attempt; {@code attempt} counts from 1. */
    @FunctionalInterface
    public interface Attempt<T> {
        Outcome<T> run(int attempt);
    }

    public static <T> Outcome<T> done(T value) {
        return new Outcome.Done<>(value);
    }

    public static <T> Outcome<T> retry(ChannelException failure) {
        return new Outcome.Retry<>(failure);
    }

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration budget;
    private final TokenBucket.Sleeper sleeper;
    private final DoubleSupplier random;

    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration budget,
                       TokenBucket.Sleeper sleeper, DoubleSupplier random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        this.maxAttempts = maxAttempts;
        this.baseDelay = Objects.requireNonNull(baseDelay);
        this.maxDelay = Objects.requireNonNull(maxDelay);
        this.budget = Objects.requireNonNull(budget);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.random = Objects.requireNonNull(random);
    }

    /** Real time and real jitter. */
    public static RetryPolicy of(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration budget,
                                 TokenBucket.Sleeper sleeper) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, budget, sleeper,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration budget() {
        return budget;
    }

    public TokenBucket.Sleeper sleeper() {
        return sleeper;
    }

    /** Time left of the budget for a call that started at {@code startNanos} ({@link TokenBucket.Sleeper#nanoTime()}). */
    public Duration remaining(long startNanos) {
        return Duration.ofNanos(Math.max(0, startNanos + budget.toNanos() - sleeper.nanoTime()));
    }

    /** The wait before attempt {@code attempt + 1}: the mall's hint when given, else full jitter. */
    public Duration backoff(int attempt, Optional<Duration> hint) {
        if (hint.isPresent()) {
            return hint.get();
        }
        long capNanos = maxDelay.toNanos();
        long exponential = baseDelay.toNanos();
        for (int i = 1; i < attempt && exponential < capNanos; i++) {
            exponential *= 2;
        }
        long ceiling = Math.min(capNanos, exponential);
        return Duration.ofNanos((long) (random.getAsDouble() * ceiling));
    }

    /**
     * For a client whose rate limiter does the waiting (it is pushed out by the returned wait): the wait
     * before attempt {@code attempt + 1}, or empty when the call must give up now, because the attempts
     * are spent or the wait would not fit in {@code remaining}.
     */
    public Optional<Duration> nextWait(int attempt, Optional<Duration> hint, Duration remaining) {
        if (attempt >= maxAttempts) {
            return Optional.empty();
        }
        Duration wait = backoff(attempt, hint);
        return wait.compareTo(remaining) <= 0 ? Optional.of(wait) : Optional.empty();
    }

    public <T> T call(Attempt<T> attempt) {
        return call(attempt, wait -> {
        });
    }

    /**
     * Runs attempts until one is done, throwing the last failure when attempts or budget run out.
     *
     * @param beforeWait told of every wait before it starts: clients push their rate limiter out by it,
     *                   so no other call of the channel leaves during a mall-imposed pause either
     */
    public <T> T call(Attempt<T> attempt, Consumer<Duration> beforeWait) {
        long start = sleeper.nanoTime();
        for (int n = 1; ; n++) {
            Outcome<T> outcome = attempt.run(n);
            if (outcome instanceof Outcome.Done<T> done) {
                return done.value();
            }
            ChannelException failure = ((Outcome.Retry<T>) outcome).failure();
            if (n >= maxAttempts) {
                throw failure;
            }
            Duration wait = backoff(n, failure.retryAfter());
            if (wait.compareTo(remaining(start)) > 0) {
                throw failure;
            }
            beforeWait.accept(wait);
            try {
                if (!wait.isZero()) {
                    sleeper.sleepNanos(wait.toNanos());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }
}
