package dev.zaiko.testsupport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwaitTest {
    @Test
    void returnsAtOnceWhenTheConditionAlreadyHolds() {
        AtomicInteger asked = new AtomicInteger();
        Await.until(Duration.ofSeconds(5), "always true", () -> asked.incrementAndGet() > 0);
        assertThat(asked).hasValue(1);
    }

    @Test
    void pollsUntilTheConditionHolds() {
        AtomicInteger asked = new AtomicInteger();
        Await.until(Duration.ofSeconds(5), "the third question", () -> asked.incrementAndGet() == 3);
        assertThat(asked).hasValue(3);
    }

    @Test
    void timesOutNamingTheConditionAndTheBound() {
        AtomicInteger asked = new AtomicInteger();
        assertThatThrownBy(() -> Await.until(Duration.ofMillis(50), "3 orders in the ledger", () -> {
            asked.incrementAndGet();
            return false;
        }))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after PT0.05S waiting for 3 orders in the ledger");
        // asked once at the start and again after every poll until the deadline had passed
        assertThat(asked.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aZeroTimeoutStillAsksOnce() {
        AtomicInteger asked = new AtomicInteger();
        assertThatThrownBy(() -> Await.until(Duration.ZERO, "never", () -> asked.incrementAndGet() < 0))
                .hasMessage("timed out after PT0S waiting for never");
        assertThat(asked.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anInterruptedWaitFailsNamingTheConditionAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Await.until(Duration.ofSeconds(5), "a pusher to wake", () -> false))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("interrupted waiting for a pusher to wake");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
