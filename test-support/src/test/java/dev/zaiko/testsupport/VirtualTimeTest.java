package dev.zaiko.testsupport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VirtualTimeTest {
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void sleepingAdvancesTheClockAndCountsAsSlept() {
        VirtualTime time = new VirtualTime(START);
        time.sleepNanos(Duration.ofMillis(400).toNanos());
        assertThat(time.instant()).isEqualTo(START.plusMillis(400));
        assertThat(time.nanoTime()).isEqualTo(400_000_000L);
        assertThat(time.slept()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void advancingMovesTheClockButIsNotSlept() {
        VirtualTime time = new VirtualTime(START);
        time.advance(Duration.ofMinutes(10));
        time.sleepNanos(1_000);
        assertThat(time.nanoTime()).isEqualTo(Duration.ofMinutes(10).toNanos() + 1_000);
        assertThat(time.slept()).isEqualTo(Duration.ofNanos(1_000));
    }

    @Test
    void aZoneViewSharesTimeAndSleeps() {
        VirtualTime time = new VirtualTime(START);
        VirtualTime tokyo = time.withZone(ZoneId.of("Asia/Tokyo"));
        tokyo.sleepNanos(Duration.ofSeconds(2).toNanos());
        assertThat(time.slept()).isEqualTo(Duration.ofSeconds(2));
        assertThat(time.instant()).isEqualTo(START.plusSeconds(2));
        assertThat(tokyo.getZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
    }

    @Test
    void aNegativeSleepIsRefused() {
        VirtualTime time = new VirtualTime(START);
        assertThatThrownBy(() -> time.sleepNanos(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot sleep a negative time: -1 ns");
        assertThat(time.nanoTime()).isZero();
    }
}
