package dev.zaiko.channel.rakuten;

import dev.zaiko.channel.support.InMemoryOpenOrders;
import dev.zaiko.channel.support.InMemoryRateBuckets;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.VirtualClock;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.StockUpdate;
import dev.zaiko.domain.port.RateBuckets;
import dev.zaiko.sim.rakuten.RakutenSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two functions of one Rakuten channel (two adapters over one store) keep RMS's per-API rates
 * together, on a virtual clock: bulk-get's 5 calls/s is 5/s for both, not 5/s each.
 */
class RakutenSharedLimitsIT {
    private static final String SECRET = "SP289999_secret";
    private static final String LICENSE = "SL289999_license";
    private static final Instant START = Instant.parse("2026-03-02T01:00:00Z");

    private VirtualClock clock;
    private RakutenSimulator sim;

    @BeforeEach
    void start() {
        clock = new VirtualClock(START);
        sim = new RakutenSimulator(clock, SECRET, LICENSE);
        sim.putSku("item-1", "red", 7);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private RakutenAdapter adapter(RateBuckets store) {
        ChannelSettings settings = new ChannelSettings("rakuten-main", "rakuten",
                Map.of("serviceSecret", SECRET, "licenseKey", LICENSE),
                Map.of("baseUrl", sim.baseUrl().toString()), clock, store);
        return RakutenAdapterFactory.create(settings, new InMemoryOpenOrders(), new MallHttp(), clock);
    }

    private void readsAlternating(RakutenAdapter a, RakutenAdapter b, int reads) {
        for (int i = 0; i < reads; i++) {
            assertThat((i % 2 == 0 ? a : b).shownStock().shownQuantities(List.of("item-1:red")))
                    .containsEntry("item-1:red", 7L);
        }
    }

    @Test
    void twoContainersOverOneStoreShareBulkGetsFiveCallsPerSecond() {
        InMemoryRateBuckets store = new InMemoryRateBuckets();
        RakutenAdapter reconciler = adapter(store);
        RakutenAdapter console = adapter(store);

        readsAlternating(reconciler, console, 10);

        // one call at t=0, then one every 0.2 s for both together: the 10th leaves at 1.8 s
        assertThat(clock.slept()).isEqualTo(Duration.ofMillis(1800));
        assertThat(store.writes()).isEqualTo(10);

        // bulk-upsert is its own bucket (1/s): untouched by the reads, so the first write leaves at once
        Duration before = clock.slept();
        assertThat(console.stock().write(List.of(new StockUpdate("item-1:red", 5)))).hasSize(1);
        assertThat(clock.slept()).isEqualTo(before);
        assertThat(sim.shownQuantity("item-1:red")).hasValue(5);
    }

    @Test
    void perContainerBucketsWouldLetBothReadAtFiveCallsPerSecondEach() {
        RakutenAdapter reconciler = adapter(null);
        RakutenAdapter console = adapter(null);

        readsAlternating(reconciler, console, 10);

        // each of the two buckets: 5 calls at 0, 0.2, ... 0.8 s: twice RMS's rate
        assertThat(clock.slept()).isEqualTo(Duration.ofMillis(800));
    }
}
