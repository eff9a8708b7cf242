package dev.zaiko.channel.yahoo;

import dev.zaiko.channel.support.InMemoryOpenOrders;
import dev.zaiko.channel.support.InMemoryRateBuckets;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.VirtualClock;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.port.RateBuckets;
import dev.zaiko.sim.RecordedCall;
import dev.zaiko.sim.yahoo.YahooSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two functions of one Yahoo channel (two adapters over one store) keep Yahoo's "about 1 query per
 * second per URL" together, on a virtual clock.
 */
class YahooSharedLimitsIT {
    private static final String SELLER = "zaiko-store";
    private static final String CLIENT_ID = "dj00client";
    private static final String CLIENT_SECRET = "secret";
    private static final String REFRESH = "refresh-1";
    private static final Instant START = Instant.parse("2026-03-02T01:00:00Z");
    private static KeyPair keys;

    private VirtualClock clock;
    private YahooSimulator sim;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @BeforeEach
    void start() {
        clock = new VirtualClock(START);
        sim = new YahooSimulator(clock, SELLER, CLIENT_ID, CLIENT_SECRET, REFRESH, keys.getPrivate());
        sim.putItem("item-1", 3);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private YahooAdapter adapter(RateBuckets store) {
        Map<String, String> options = new HashMap<>();
        options.put("baseUrl", sim.baseUrl() + "/ShoppingWebService/V1");
        options.put("tokenUrl", sim.baseUrl() + YahooSimulator.TOKEN);
        Map<String, String> secret = Map.of("clientId", CLIENT_ID, "clientSecret", CLIENT_SECRET,
                "sellerId", SELLER, "refreshToken", REFRESH, "publicKey", YahooSignatureTest.pem(keys),
                "publicKeyVersion", "1");
        return YahooAdapterFactory.create(new ChannelSettings("yahoo-main", "yahoo", secret, options, clock, store),
                new InMemoryOpenOrders(), new MallHttp(), clock);
    }

    private void readsAlternating(YahooAdapter a, YahooAdapter b, int reads) {
        for (int i = 0; i < reads; i++) {
            assertThat((i % 2 == 0 ? a : b).shownStock().shownQuantities(List.of("item-1")))
                    .containsEntry("item-1", 3L);
        }
    }

    private List<Instant> getStockTimes() {
        return sim.calls().stream().filter(c -> c.path().equals(YahooSimulator.GET_STOCK))
                .map(RecordedCall::at).toList();
    }

    @Test
    void twoContainersOverOneStoreCallGetStockOncePerSecondTogether() {
        InMemoryRateBuckets store = new InMemoryRateBuckets();
        YahooAdapter reconciler = adapter(store);
        YahooAdapter console = adapter(store);

        readsAlternating(reconciler, console, 10);

        // getStock at 0, 1, ..., 9 s: once a second for the channel (the second container's token
        // refresh waited 1 s on the shared YConnect bucket, hidden inside that second)
        assertThat(clock.slept()).isEqualTo(Duration.ofSeconds(9));
        assertThat(getStockTimes()).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(getStockTimes().get(i)).isEqualTo(START.plusSeconds(i));
        }
    }

    @Test
    void perContainerBucketsWouldCallGetStockTwicePerSecond() {
        YahooAdapter reconciler = adapter(null);
        YahooAdapter console = adapter(null);

        readsAlternating(reconciler, console, 10);

        // each container's own bucket: two calls at 0, 1, 2, 3, 4 s
        assertThat(clock.slept()).isEqualTo(Duration.ofSeconds(4));
    }
}
