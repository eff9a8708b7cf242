package dev.zaiko.channel.support;

import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.port.RateBuckets;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Two containers (two limiters over one store) of one channel together keep the channel's rate. */
class SharedRateLimitTest {
    private static final Instant START = Instant.parse("2026-05-01T00:00:00Z");

    @Test
    void twoContainersOverOneStoreNeverExceedTheRateTogether() {
        VirtualClock clock = new VirtualClock(START);
        InMemoryRateBuckets store = new InMemoryRateBuckets();
        // 2 calls/s, burst 5, as two functions of one channel would each build it
        TokenBucket poller = TokenBucket.shared(store, "ch", "api", 2, 5, clock, clock);
        TokenBucket pusher = TokenBucket.shared(store, "ch", "api", 2, 5, clock, clock);
        int taken = 0;
        for (int i = 0; i < 10_000; i++) {
            // neither waits: each takes only what the shared bucket has right now
            if ((i % 2 == 0 ? poller : pusher).acquire(Duration.ZERO)) {
                taken++;
            }
            clock.advance(Duration.ofMillis(10));
        }
        // 100 s of trying every 10 ms: the burst of 5 plus 2 per second, never 2x that
        assertThat(taken).isEqualTo(5 + 200 - 1);
    }

    @Test
    void perContainerBucketsWouldDoubleTheRateWhichIsWhyTheStoreHoldsIt() {
        VirtualClock clock = new VirtualClock(START);
        TokenBucket poller = new TokenBucket(2, 5, clock);
        TokenBucket pusher = new TokenBucket(2, 5, clock);
        int taken = 0;
        for (int i = 0; i < 10_000; i++) {
            if ((i % 2 == 0 ? poller : pusher).acquire(Duration.ZERO)) {
                taken++;
            }
            clock.advance(Duration.ofMillis(10));
        }
        assertThat(taken).isGreaterThan(2 * 200);
    }

    @Test
    void waitingContainersShareTheRateExactly() {
        VirtualClock clock = new VirtualClock(START);
        InMemoryRateBuckets store = new InMemoryRateBuckets();
        TokenBucket a = TokenBucket.shared(store, "ch", "api", 1, 3, clock, clock);
        TokenBucket b = TokenBucket.shared(store, "ch", "api", 1, 3, clock, clock);
        for (int i = 0; i < 23; i++) {
            assertThat((i % 2 == 0 ? a : b).acquire(Duration.ofMinutes(1))).isTrue();
        }
        // 3 from the burst at t=0, then one per second: the 23rd call leaves at t=20 s
        assertThat(clock.slept()).isEqualTo(Duration.ofSeconds(20));
        assertThat(store.writes()).isEqualTo(23);
    }

    @Test
    void aPenaltyFromOneContainerHoldsTheOtherAndThenResumesAtTheRateNotInABurst() {
        VirtualClock clock = new VirtualClock(START);
        InMemoryRateBuckets store = new InMemoryRateBuckets();
        TokenBucket a = TokenBucket.shared(store, "ch", "api", 1, 10, clock, clock);
        TokenBucket b = TokenBucket.shared(store, "ch", "api", 1, 10, clock, clock);
        a.penalise(Duration.ofSeconds(30));
        assertThat(b.acquire(Duration.ofSeconds(29))).isFalse();
        assertThat(clock.slept()).isEqualTo(Duration.ZERO);
        assertThat(b.acquire(Duration.ofSeconds(30))).isTrue();
        assertThat(clock.slept()).isEqualTo(Duration.ofSeconds(30));
        assertThat(a.acquire(Duration.ZERO)).isFalse();
        assertThat(a.acquire(Duration.ofSeconds(1))).isTrue();
        assertThat(clock.slept()).isEqualTo(Duration.ofSeconds(31));
    }

    @Test
    void bucketsOfOtherChannelsAndNamesAreIndependent() {
        InMemoryRateBuckets store = new InMemoryRateBuckets();
        assertThat(store.tryTake("ch", "a", 1, 1, 1, START).taken()).isTrue();
        assertThat(store.tryTake("ch", "a", 1, 1, 1, START)).isEqualTo(new RateBuckets.Take(false, Duration.ofSeconds(1)));
        assertThat(store.tryTake("ch", "b", 1, 1, 1, START).taken()).isTrue();
        assertThat(store.tryTake("other", "a", 1, 1, 1, START).taken()).isTrue();
    }

    @Test
    void adapterFactoriesShareThroughTheStoreOnlyWhenSettingsCarryOne() {
        VirtualClock clock = new VirtualClock(START);
        ChannelSettings withStore = new ChannelSettings("ch", "qoo10", Map.of(), Map.of(), clock,
                new InMemoryRateBuckets());
        ChannelSettings without = new ChannelSettings("ch", "qoo10", Map.of(), Map.of(), clock);
        assertThat(ChannelLimits.bucket(withStore, "api", 1, 1).isShared()).isTrue();
        assertThat(ChannelLimits.bucket(without, "api", 1, 1).isShared()).isFalse();
        assertThat(ChannelLimits.sleeper(clock)).isSameAs(clock);
    }
}
