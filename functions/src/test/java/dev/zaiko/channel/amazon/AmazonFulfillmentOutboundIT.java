package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.VirtualClock;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.FulfillmentOrders;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.sim.amazon.AmazonSimulator;
import dev.zaiko.testsupport.SharedFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** MCF createFulfillmentOrder / cancelFulfillmentOrder against the SP-API simulator. */
class AmazonFulfillmentOutboundIT {
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FulfillmentOrders.Address HOLD_ADDRESS = new FulfillmentOrders.Address("山田商店 出荷保留",
            "渋谷区道玄坂1-2-3", Optional.empty(), Optional.of("東京都"), "150-0043", "JP", Optional.of("03-0000-0000"));

    private VirtualClock time;
    private AmazonSimulator sim;
    private AmazonFulfillmentOutbound mcf;

    @BeforeEach
    void start() {
        time = new VirtualClock(T0);
        sim = new AmazonSimulator(time);
        sim.putFbaItem("FBA-TEE", 5);
        mcf = new AmazonAdapter(new ChannelSettings("amazon-jp", "amazon", Map.of(
                "refreshToken", AmazonSimulator.REFRESH_TOKEN, "clientId", AmazonSimulator.CLIENT_ID,
                "clientSecret", AmazonSimulator.CLIENT_SECRET, "sellerId", AmazonSimulator.SELLER_ID),
                Map.of("baseUrl", sim.baseUrl().toString(), "lwaUrl", sim.baseUrl().toString()), time),
                new MallHttp(), time).fulfillmentOutbound();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static FulfillmentOrders.FulfillmentOrder order(String id, String sku, int quantity) {
        return new FulfillmentOrders.FulfillmentOrder(id, "Q1-20261123", T0, "zaiko-sync: qoo10-main order Q1",
                sku, "1", quantity, HOLD_ADDRESS, "Standard", "Hold");
    }

    @Test
    void createsAHeldOrderWithEveryFieldTheModelRequiresAndReservesItsUnits() throws Exception {
        FulfillmentOrders.Result result = mcf.create(order("zs-0123456789abcdef0123456789abcdef", "FBA-TEE", 2));

        assertThat(result).isEqualTo(FulfillmentOrders.Result.ok(false));
        assertThat(sim.fbaFulfillable("FBA-TEE")).isEqualTo(3);
        AmazonSimulator.McfOrder created = sim.fulfillmentOrders().get(0);
        assertThat(created.fulfillmentAction()).isEqualTo("Hold");
        assertThat(created.status()).isEqualTo("Received");
        JsonNode body = JSON.readTree(created.requestBody());
        JsonNode model = JSON.readTree(SharedFixtures.read("amazon-sp-api/fulfillmentOutbound_2020-07-01.json"));
        List<String> missing = new ArrayList<>();
        model.at("/definitions/CreateFulfillmentOrderRequest/required")
                .forEach(field -> { if (!body.has(field.asText())) missing.add(field.asText()); });
        model.at("/definitions/Address/required")
                .forEach(field -> { if (!body.path("destinationAddress").has(field.asText())) missing.add(field.asText()); });
        model.at("/definitions/CreateFulfillmentOrderItem/required")
                .forEach(field -> { if (!body.path("items").path(0).has(field.asText())) missing.add(field.asText()); });
        assertThat(missing).isEmpty();
        assertThat(body.path("destinationAddress").has("city")).as("no city in Japan").isFalse();
        assertThat(body.path("marketplaceId").asText()).isEqualTo(AmazonApi.JP_MARKETPLACE_ID);
        assertThat(body.path("fulfillmentPolicy").asText()).isEqualTo("FillOrKill");
        assertThat(body.path("displayableOrderDate").asText()).isEqualTo("2026-11-23T00:00:00Z");
    }

    @Test
    void aRepeatedCreateWithTheSameIdIsRecognisedAndReservesNothingMore() {
        String id = "zs-0123456789abcdef0123456789abcdef";
        assertThat(mcf.create(order(id, "FBA-TEE", 2)).alreadyDone()).isFalse();

        FulfillmentOrders.Result again = mcf.create(order(id, "FBA-TEE", 2));

        assertThat(again).isEqualTo(FulfillmentOrders.Result.ok(true));
        assertThat(sim.fulfillmentOrders()).hasSize(1);
        assertThat(sim.fbaFulfillable("FBA-TEE")).isEqualTo(3);
    }

    @Test
    void aRefusalIsReportedWithAmazonsCodeAndReservesNothing() {
        FulfillmentOrders.Result unknown = mcf.create(order("zs-unknown", "NOT-IN-FBA", 1));
        FulfillmentOrders.Result tooMany = mcf.create(order("zs-too-many", "FBA-TEE", 6));

        assertThat(unknown.status()).isEqualTo(PushStatus.REJECTED);
        assertThat(unknown.mallCode()).isEqualTo("InvalidInput");
        assertThat(unknown.message()).contains("SellerSKU");
        assertThat(tooMany.status()).isEqualTo(PushStatus.REJECTED);
        assertThat(sim.fulfillmentOrders()).isEmpty();
        assertThat(sim.fbaFulfillable("FBA-TEE")).isEqualTo(5);
    }

    @Test
    void cancellingGivesTheUnitsBackOnceAndACancelOfNothingIsDone() {
        String id = "zs-0123456789abcdef0123456789abcdef";
        mcf.create(order(id, "FBA-TEE", 2));

        assertThat(mcf.cancel(id)).isEqualTo(FulfillmentOrders.Result.ok(false));
        assertThat(mcf.cancel(id)).isEqualTo(FulfillmentOrders.Result.ok(true));
        assertThat(mcf.cancel("zs-never-created")).isEqualTo(FulfillmentOrders.Result.ok(true));

        assertThat(sim.fbaFulfillable("FBA-TEE")).isEqualTo(5);
        assertThat(sim.fulfillmentOrders().get(0).status()).isEqualTo("Cancelled");
    }

    @Test
    void throttlingAndExpiredCredentialsAreClassifiedNotThrown() {
        sim.faults().rateLimitNext(10, Duration.ofSeconds(1));
        FulfillmentOrders.Result throttled = mcf.create(order("zs-throttled", "FBA-TEE", 1));
        assertThat(throttled.status()).isEqualTo(PushStatus.RETRY);
        assertThat(throttled.mallCode()).isEqualTo("QuotaExceeded");

        sim.faults().clear().credentialsExpired(true);
        assertThat(mcf.create(order("zs-auth", "FBA-TEE", 1)).status()).isEqualTo(PushStatus.AUTH);
        assertThat(sim.fbaFulfillable("FBA-TEE")).isEqualTo(5);
    }
}
