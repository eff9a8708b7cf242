package dev.zaiko.channel.shopify;

import dev.zaiko.channel.support.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ShopifyThrottleTest {
    /** Time moves only when the test says so; it starts one second in, as System.nanoTime() is never 0. */
    private static VirtualClock time() {
        VirtualClock time = new VirtualClock(Instant.EPOCH);
        time.advance(Duration.ofSeconds(1));
        return time;
    }

    @Test
    void nothingIsKnownBeforeTheFirstAnswerSoNothingWaits() {
        assertThat(new ShopifyThrottle(time()).waitFor(827)).isZero();
    }

    @Test
    void aCallWaitsUntilTheBucketHasRestoredItsCost() {
        VirtualClock time = time();
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
        VirtualClock time = time();
        ShopifyThrottle throttle = new ShopifyThrottle(time);
        throttle.observe(2000, 2000, 100);

        throttle.penalise(Duration.ofSeconds(2));

        assertThat(throttle.waitFor(1)).isEqualTo(Duration.ofSeconds(2));
        time.sleepNanos(Duration.ofSeconds(2).toNanos());
        assertThat(throttle.waitFor(1)).isZero();
    }
}
