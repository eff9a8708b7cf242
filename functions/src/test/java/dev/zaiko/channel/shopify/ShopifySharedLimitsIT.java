package dev.zaiko.channel.shopify;

import dev.zaiko.channel.support.InMemoryOpenOrders;
import dev.zaiko.channel.support.InMemoryRateBuckets;
import dev.zaiko.channel.support.VirtualClock;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.port.RateBuckets;
import dev.zaiko.sim.shopify.ShopifySimulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shopify's cost bucket shared through the store by two functions of one channel (two throttles,
 * or two adapters, over one store), on a virtual clock. The throttleStatus logic stays: each answer
 * caps the shared level at what Shopify reported.
 */
class ShopifySharedLimitsIT {
    private static final Instant START = Instant.parse("2026-05-01T00:00:00Z");
    private static final String CHANNEL = "shopify-main";

    private static ShopifyThrottle shared(VirtualClock clock, RateBuckets store) {
        return ShopifyThrottle.shared(clock, store, CHANNEL, clock);
    }

    @Test
    void twoContainersSpendOneCostBucket() {
        VirtualClock clock = new VirtualClock(START);
        InMemoryRateBuckets store = new InMemoryRateBuckets();
        ShopifyThrottle poller = shared(clock, store);
        ShopifyThrottle pusher = shared(clock, store);
        poller.observe(2000, 2000, 100);
        pusher.observe(2000, 2000, 100);

        assertThat(poller.reserve(827)).isZero();
        assertThat(pusher.reserve(827)).isZero();
        // 2000 - 2 x 827 = 346 points left for both: the next 827 fit after (827 - 346) / 100 s
        assertThat(poller.reserve(827)).isEqualTo(Duration.ofMillis(4810));
        assertThat(pusher.reserve(827)).isEqualTo(Duration.ofMillis(4810));
        clock.advance(Duration.ofMillis(4810));
        assertThat(pusher.reserve(827)).isZero();
        assertThat(poller.reserve(827)).isEqualTo(Duration.ofMillis(8270));
    }

    @Test
    void anAnswerSeenByOneContainerHoldsTheOther() {
        VirtualClock clock = new VirtualClock(START);
        InMemoryRateBuckets store = new InMemoryRateBuckets();
        ShopifyThrottle poller = shared(clock, store);
        ShopifyThrottle pusher = shared(clock, store);
        pusher.observe(2000, 2000, 100);
        // the poller's answer says Shopify's bucket holds only 100 points now
        poller.observe(100, 2000, 100);

        assertThat(pusher.reserve(50)).isZero();
        assertThat(pusher.reserve(827)).isEqualTo(Duration.ofMillis(7770));
    }

    @Test
    void a429SeenByOneContainerHoldsTheOtherThenTheRateResumesNotABurst() {
        VirtualClock clock = new VirtualClock(START);
        InMemoryRateBuckets store = new InMemoryRateBuckets();
        ShopifyThrottle poller = shared(clock, store);
        ShopifyThrottle pusher = shared(clock, store);
        poller.observe(2000, 2000, 100);
        pusher.observe(2000, 2000, 100);

        poller.penalise(Duration.ofSeconds(3));

        assertThat(pusher.reserve(1)).isEqualTo(Duration.ofSeconds(3));
        clock.advance(Duration.ofSeconds(3));
        assertThat(pusher.reserve(1)).isZero();
        assertThat(poller.reserve(1)).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void aLearnedActualCostIsTakenInsteadOfTheEstimateButNeverMore() {
        VirtualClock clock = new VirtualClock(START);
        InMemoryRateBuckets store = new InMemoryRateBuckets();
        ShopifyThrottle poller = shared(clock, store);
        poller.observe(1000, 1000, 100);
        poller.learn("ZaikoOrders", 40);
        poller.learn("ZaikoVariantInventoryItems", 900);

        for (int i = 0; i < 25; i++) {
            assertThat(poller.reserve("ZaikoOrders", 827)).isZero(); // 25 x 40 = 1000 points
        }
        assertThat(poller.reserve("ZaikoOrders", 827)).isEqualTo(Duration.ofMillis(400));
        clock.advance(Duration.ofSeconds(10));
        // a learned cost above the estimate is capped at the estimate (302), an unknown operation takes its estimate
        assertThat(poller.reserve("ZaikoVariantInventoryItems", 302)).isZero();
        assertThat(poller.reserve("other", 698)).isZero();
        assertThat(poller.reserve("other", 1)).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void perContainerThrottlesEachSeeTheWholeBucket() {
        VirtualClock clock = new VirtualClock(START);
        ShopifyThrottle poller = new ShopifyThrottle(clock);
        ShopifyThrottle pusher = new ShopifyThrottle(clock);
        poller.observe(2000, 2000, 100);
        pusher.observe(2000, 2000, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(poller.reserve(827)).isZero();
            assertThat(pusher.reserve(827)).isZero();
        }
        assertThat(poller.isShared()).isFalse();
    }

    @Test
    void twoAdaptersBuiltOnOneStoreDrawTheirCostsFromItLearningTheActualCost() {
        VirtualClock clock = new VirtualClock(START);
        InMemoryRateBuckets store = new InMemoryRateBuckets();
        String location = "655441491";
        String item = "808950810@" + location;
        try (ShopifySimulator sim = new ShopifySimulator(clock).clientCredentials("client-1", "secret-1")) {
            sim.putItem(item, 500);
            ChannelSettings settings = new ChannelSettings(CHANNEL, "shopify",
                    Map.of("clientId", "client-1", "clientSecret", "secret-1"),
                    Map.of("baseUrl", sim.baseUrl().toString(), "locationId", "gid://shopify/Location/" + location),
                    clock, store);
            ChannelAdapter reconciler = ChannelAdapterFactory.all().get("shopify").create(settings, new InMemoryOpenOrders());
            ChannelAdapter console = ChannelAdapterFactory.all().get("shopify").create(settings, new InMemoryOpenOrders());

            for (int i = 0; i < 2; i++) {
                assertThat(reconciler.shownStock().shownQuantities(List.of(item))).containsEntry(item, 500L);
                assertThat(console.shownStock().shownQuantities(List.of(item))).containsEntry(item, 500L);
            }

            // one take and one throttleStatus hold per call
            assertThat(store.writes()).isEqualTo(8);
            // each container's first look-up takes the static estimate (302 points), its second what
            // Shopify charged for the first (actualQueryCost 5: 2 + 3 for one inventory level); Shopify's
            // answers said more was left, and a hold never raises the level: 1386 of 2000 remain, not 1387
            int owed = 2 * ShopifyApi.NODES_COST + 2 * 5;
            assertThat(store.tryTake(CHANNEL, ShopifyThrottle.BUCKET, 2000 - owed + 1, 2000, 100, clock.instant()))
                    .isEqualTo(new RateBuckets.Take(false, Duration.ofMillis(10)));
            assertThat(store.tryTake(CHANNEL, ShopifyThrottle.BUCKET, 2000 - owed, 2000, 100, clock.instant()).taken())
                    .isTrue();
            assertThat(clock.slept()).isZero();
        }
    }
}
