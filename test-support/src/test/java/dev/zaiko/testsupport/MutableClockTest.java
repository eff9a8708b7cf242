package dev.zaiko.testsupport;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class MutableClockTest {
    private static final Instant START = Instant.parse("2026-05-01T00:00:00Z");

    @Test
    void standsStillUntilAdvanced() {
        MutableClock clock = new MutableClock(START);
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        clock.advance(Duration.ofSeconds(90));
        clock.advance(Duration.ofMillis(5));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-05-01T00:01:30.005Z"));
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void aZoneViewSharesTheTime() {
        MutableClock clock = new MutableClock(START);
        Clock tokyo = clock.withZone(ZoneId.of("Asia/Tokyo"));
        clock.advance(Duration.ofHours(1));
        assertThat(tokyo.instant()).isEqualTo(Instant.parse("2026-05-01T01:00:00Z"));
        assertThat(ZonedDateTime.now(tokyo).getHour()).isEqualTo(10);
        ((MutableClock) tokyo).advance(Duration.ofMinutes(1));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-05-01T01:01:00Z"));
    }

    @Test
    void noAdvanceIsLostBetweenThreads() throws InterruptedException {
        MutableClock clock = new MutableClock(START);
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int n = 0; n < 1000; n++) {
                    clock.advance(Duration.ofMillis(1));
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(4));
    }
}
