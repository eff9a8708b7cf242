package dev.zaiko.channel.amazon;

import dev.zaiko.channel.support.InMemoryRateBuckets;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.VirtualClock;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.port.RateBuckets;
import dev.zaiko.sim.amazon.AmazonSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two functions of one Amazon channel (two containers: two adapters over one store) spend ONE
 * usage plan per SP-API operation, on a virtual clock: searchOrders' burst of 20 is 20 calls for both
 * together, and an exhausted searchOrders leaves getListingsItem's own bucket untouched.
 */
class AmazonSharedLimitsIT {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final String CHANNEL = "amazon-jp";

    private VirtualClock clock;
    private AmazonSimulator sim;

    @BeforeEach
    void start() {
        clock = new VirtualClock(T0);
        sim = new AmazonSimulator(clock);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private AmazonAdapter adapter(RateBuckets store) {
        Map<String, String> options = Map.of("baseUrl", sim.baseUrl().toString(), "lwaUrl", sim.baseUrl().toString());
        return new AmazonAdapter(new ChannelSettings(CHANNEL, "amazon", Map.of(
                "refreshToken", AmazonSimulator.REFRESH_TOKEN, "clientId", AmazonSimulator.CLIENT_ID,
                "clientSecret", AmazonSimulator.CLIENT_SECRET, "sellerId", AmazonSimulator.SELLER_ID), options,
                clock, store), new MallHttp(), clock);
    }

    private void poll(AmazonAdapter adapter) {
        adapter.orders().fetchChanged(T0.minusSeconds(60), T0.plusSeconds(300), Optional.empty());
    }

    private long searchOrdersCalls() {
        return sim.calls().stream().filter(c -> c.method().equals("GET")
                && c.path().startsWith(AmazonApi.SEARCH_ORDERS_PATH)).count();
    }

    @Test
    void twoContainersOverOneStoreGetSearchOrdersBurstOf20Together() {
        InMemoryRateBuckets store = new InMemoryRateBuckets();
        AmazonAdapter poller = adapter(store);
        AmazonAdapter reconciler = adapter(store);
        clock.advance(Duration.ofMinutes(10));

        for (int i = 0; i < 10; i++) {
            poll(poller);
            poll(reconciler);
        }
        // the 21st call of the channel: the next token is 1 / 0.0056 s away, beyond the 5 s a call may wait
        assertThatThrownBy(() -> poll(reconciler))
                .isInstanceOfSatisfying(SpApiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PushStatus.RETRY);
                    assertThat(e.mallCode()).isEqualTo("LOCAL_RATE_LIMIT");
                    assertThat(e.retryAfter()).contains(Duration.ofMillis(178_572));
                });
        assertThatThrownBy(() -> poll(poller)).isInstanceOf(SpApiException.class);
        assertThat(searchOrdersCalls()).isEqualTo(20);
        assertThat(clock.slept()).isZero();
        // the store holds the operation's bucket under its SP-API name
        assertThat(store.tryTake(CHANNEL, "sp-api:searchOrders", 1, 20, 0.0056, clock.instant()))
                .isEqualTo(new RateBuckets.Take(false, Duration.ofNanos(178_571_429_000L)));

        // one token later exactly one more call leaves, from whichever container asks first
        clock.advance(Duration.ofNanos(178_571_429_000L));
        poll(poller);
        assertThatThrownBy(() -> poll(reconciler)).isInstanceOf(SpApiException.class);
        assertThat(searchOrdersCalls()).isEqualTo(21);
    }

    @Test
    void anotherOperationKeepsItsOwnBucket() {
        InMemoryRateBuckets store = new InMemoryRateBuckets();
        AmazonAdapter poller = adapter(store);
        AmazonAdapter reconciler = adapter(store);
        sim.putItem("SKU-1", 7);
        clock.advance(Duration.ofMinutes(10));
        for (int i = 0; i < 20; i++) {
            poll(i % 2 == 0 ? poller : reconciler);
        }
        assertThatThrownBy(() -> poll(poller)).isInstanceOf(SpApiException.class);

        // getListingsItem: 5/s, burst 10, shared too: 12 reads by both take 2 x 0.2 s beyond the burst
        for (int i = 0; i < 6; i++) {
            assertThat(poller.shownStock().shownQuantities(java.util.List.of("SKU-1"))).containsEntry("SKU-1", 7L);
            assertThat(reconciler.shownStock().shownQuantities(java.util.List.of("SKU-1"))).containsEntry("SKU-1", 7L);
        }
        assertThat(clock.slept()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void withoutAStoreEachContainerWouldSpendItsOwnBurstAndTogetherExceedAmazons() {
        AmazonAdapter poller = adapter(null);
        AmazonAdapter reconciler = adapter(null);
        clock.advance(Duration.ofMinutes(10));
        for (int i = 0; i < 20; i++) {
            poll(poller);
            poll(reconciler);
        }
        // 40 calls in one instant against a documented burst of 20: what the shared buckets prevent
        assertThat(searchOrdersCalls()).isEqualTo(40);
    }
}
