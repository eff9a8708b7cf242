package dev.zaiko.channel.support;

import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {
    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-05-01T00:00:00Z"));

    private static ChannelException throttled(Optional<Duration> retryAfter) {
        return new ChannelException(PushStatus.RETRY, "HTTP_429", "throttled", retryAfter);
    }

    @Test
    void retryAfterIsHonouredExactlyOnTheVirtualClock() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(30),
                clock, () -> 0.5);
        List<Duration> attemptsAt = new ArrayList<>();
        String value = policy.call(attempt -> {
            attemptsAt.add(Duration.ofNanos(clock.nanoTime()));
            return attempt < 3 ? RetryPolicy.retry(throttled(Optional.of(Duration.ofSeconds(7))))
                    : RetryPolicy.done("ok");
        });
        assertThat(value).isEqualTo("ok");
        // 7 s is above the 5 s jitter cap: the mall's hint wins over our own backoff, exactly
        assertThat(attemptsAt).containsExactly(Duration.ZERO, Duration.ofSeconds(7), Duration.ofSeconds(14));
        assertThat(clock.slept()).isEqualTo(Duration.ofSeconds(14));
    }

    @Test
    void withoutAHintTheBackoffIsCappedExponentialWithFullJitter() {
        RetryPolicy top = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofMinutes(1),
                clock, () -> 0.999);
        assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(n -> top.backoff(n, Optional.empty()).toMillis()).toList())
                .containsExactly(99L, 199L, 399L, 799L, 999L, 999L);
        RetryPolicy bottom = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofMinutes(1),
                clock, () -> 0.0);
        assertThat(bottom.backoff(4, Optional.empty())).isEqualTo(Duration.ZERO);
        RetryPolicy middle = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofMinutes(1),
                clock, () -> 0.25);
        assertThat(middle.backoff(3, Optional.empty())).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aHintLongerThanWhatIsLeftOfTheBudgetEndsTheCallAtOnceWithTheMallsFailure() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10),
                clock, () -> 0.5);
        ChannelException tooLong = throttled(Optional.of(Duration.ofSeconds(11)));
        int[] attempts = {0};
        assertThatThrownBy(() -> policy.call(attempt -> {
            attempts[0]++;
            return RetryPolicy.retry(tooLong);
        })).isSameAs(tooLong);
        assertThat(attempts[0]).isEqualTo(1);
        assertThat(clock.slept()).isEqualTo(Duration.ZERO);
    }

    @Test
    void attemptsAreCappedAndTheLastFailureIsThrown() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(10),
                clock, () -> 0.5);
        List<Duration> waits = new ArrayList<>();
        int[] attempts = {0};
        assertThatThrownBy(() -> policy.call(attempt -> {
            attempts[0]++;
            return RetryPolicy.retry(throttled(Optional.empty()));
        }, waits::add)).isInstanceOf(ChannelException.class);
        assertThat(attempts[0]).isEqualTo(3);
        // half of 200 ms, then half of 400 ms
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(clock.slept()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void anythingThrownEndsTheCallWithoutRetrying() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10),
                clock, () -> 0.5);
        int[] attempts = {0};
        assertThatThrownBy(() -> policy.call(attempt -> {
            attempts[0]++;
            throw new ChannelException(PushStatus.AUTH, "401", "bad token", Optional.empty());
        })).hasMessage("bad token");
        assertThat(attempts[0]).isEqualTo(1);
    }

    @Test
    void nextWaitSaysWhenALimiterWaitingClientMustGiveUp() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(10),
                clock, () -> 0.5);
        assertThat(policy.nextWait(1, Optional.of(Duration.ofSeconds(2)), Duration.ofSeconds(10)))
                .contains(Duration.ofSeconds(2));
        assertThat(policy.nextWait(2, Optional.empty(), Duration.ofSeconds(10))).contains(Duration.ofSeconds(1));
        assertThat(policy.nextWait(3, Optional.of(Duration.ofSeconds(1)), Duration.ofSeconds(10))).isEmpty();
        assertThat(policy.nextWait(1, Optional.of(Duration.ofSeconds(11)), Duration.ofSeconds(10))).isEmpty();
    }
}
