package dev.zaiko.testsupport;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits on a condition: polls every {@link #POLL} until it holds, and fails naming the
 * condition once the timeout has passed. Never a blind sleep: a test that waits says what for.
 */
public final class Await {
    /** How often the condition is asked; short, so a wait costs at most this much beyond the event. */
    public static final Duration POLL = Duration.ofMillis(20);

    private Await() {
    }

    /**
     * Returns as soon as {@code condition} holds (at once if it already does).
     *
     * @param what the condition in words, for the failure message ({@code "3 orders in the ledger"})
     * @throws AssertionError "timed out after PT5S waiting for 3 orders in the ledger" once
     *                        {@code timeout} has passed, or when the waiting thread is interrupted
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(condition, "condition");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
