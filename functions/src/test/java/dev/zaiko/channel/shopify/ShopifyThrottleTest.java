package dev.zaiko.channel.shopify;

import dev.zaiko.channel.support.TokenBucket;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ShopifyThrottleTest {
    /** Time moves only when the test says so. */
    private static final class FakeTime implements TokenBucket.Sleeper {
        long now = 1_000_000_000L;

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
        }

        @Override
        public long nanoTime() {
            return now;
        }
    }

    @Test
    void nothingIsKnownBeforeTheFirstAnswerSoNothingWaits() {
        assertThat(new ShopifyThrottle(new FakeTime()).waitFor(827)).isZero();
    }

    @Test
    void aCallWaitsUntilTheBucketHasRestoredItsCost() {
        FakeTime time = new FakeTime();
        ShopifyThrottle throttle = new ShopifyThrottle(time);
        throttle.observe(100, 2000, 100); // Standard plan: 100 points/s

        assertThat(throttle.waitFor(50)).isZero();
        assertThat(throttle.waitFor(827)).isEqualTo(Duration.ofMillis(7270));

        time.sleepNanos(Duration.ofSeconds(7).toNanos());
        assertThat(throttle.waitFor(827)).isEqualTo(Duration.ofMillis(270));
        time.sleepNanos(Duration.ofMillis(270).toNanos());
        assertThat(throttle.waitFor(827)).isZero();
    }

    @Test
    void aRetryAfterHintBlocksEveryCallUntilItPasses() {
        FakeTime time = new FakeTime();
        ShopifyThrottle throttle = new ShopifyThrottle(time);
        throttle.observe(2000, 2000, 100);

        throttle.penalise(Duration.ofSeconds(2));

        assertThat(throttle.waitFor(1)).isEqualTo(Duration.ofSeconds(2));
        time.sleepNanos(Duration.ofSeconds(2).toNanos());
        assertThat(throttle.waitFor(1)).isZero();
    }
}
