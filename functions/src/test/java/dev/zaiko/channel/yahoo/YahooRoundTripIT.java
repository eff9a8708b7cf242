package dev.zaiko.channel.yahoo;

import dev.zaiko.channel.support.InMemoryOpenOrders;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.VirtualClock;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockUpdate;
import dev.zaiko.sim.RecordedCall;
import dev.zaiko.sim.yahoo.YahooSimulator;
import dev.zaiko.testsupport.MutableClock;
import dev.zaiko.testsupport.SharedFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adapter and simulator held to the recorded Yahoo capture (t4traw/yahoo_store_api cassette
 * {@code test_set_stock.yml}): the adapter's setStock body is byte-for-byte the recorded request,
 * the simulator's answer to it is byte-for-byte the recorded response, and the adapter reads it.
 */
class YahooRoundTripIT {
    /** The capture's author replaced the seller id with this placeholder. */
    private static final String PLACEHOLDER = "<YOUR_SELLER_ID>";
    private static final String SELLER = "zaiko-store";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T01:00:00Z"));
    private KeyPair keys;
    private YahooSimulator sim;
    private YahooAdapter adapter;

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        sim = new YahooSimulator(clock, SELLER, "dj00client", "secret", "refresh-1", keys.getPrivate());
        adapter = YahooAdapterFactory.create(new ChannelSettings("yahoo-main", "yahoo",
                Map.of("clientId", "dj00client", "clientSecret", "secret", "sellerId", SELLER,
                        "refreshToken", "refresh-1", "publicKey", YahooSignatureTest.pem(keys), "publicKeyVersion", "1"),
                Map.of("baseUrl", sim.baseUrl() + "/ShoppingWebService/V1",
                        "tokenUrl", sim.baseUrl() + YahooSimulator.TOKEN), clock),
                new InMemoryOpenOrders(), new MallHttp(), new VirtualClock(Instant.EPOCH));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void setStockRequestAndAnswerAreTheRecordedBytes() {
        sim.putItem("test1234", 10);

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("test1234", 6)));

        assertThat(results).extracting(PushResult::status).containsExactly(PushStatus.OK);
        RecordedCall call = sim.calls().stream().filter(c -> c.path().equals(YahooSimulator.SET_STOCK))
                .reduce((a, b) -> b).orElseThrow();
        // The fixture file ends with a line break the form body (a cassette string) does not have.
        String recorded = SharedFixtures.read("yahoo/setStock-request-t4traw.txt").stripTrailing()
                .replace(PLACEHOLDER, SELLER);
        assertThat(call.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(recorded.getBytes(StandardCharsets.UTF_8));
        assertThat(sim.shownQuantity("test1234")).hasValue(6);
    }

    @Test
    void theSimulatorAnswersTheRecordedResponseForTheRecordedRequest() throws Exception {
        sim.putItem("test1234", 10);
        adapter.stock().write(List.of(new StockUpdate("test1234", 6)));
        RecordedCall sent = sim.calls().stream().filter(c -> c.path().equals(YahooSimulator.SET_STOCK))
                .reduce((a, b) -> b).orElseThrow();

        // The adapter's very request (headers and body) sent again, to read the simulator's answer.
        java.net.http.HttpRequest.Builder replay = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(sim.baseUrl() + YahooSimulator.SET_STOCK));
        sent.headers().forEach((name, values) -> {
            if (!java.util.Set.of("host", "content-length", "connection", "upgrade", "http2-settings")
                    .contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> replay.header(name, v));
            }
        });
        String answered = java.net.http.HttpClient.newHttpClient().send(
                replay.POST(java.net.http.HttpRequest.BodyPublishers.ofString(sent.body())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(answered).isEqualTo(SharedFixtures.read("yahoo/setStock-response-t4traw.xml"));
        assertThat(YahooStockResults.read(answered, "Yahoo setStock"))
                .extracting(YahooStockResults.ItemResult::key, YahooStockResults.ItemResult::ok)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("test1234", true));
    }
}
