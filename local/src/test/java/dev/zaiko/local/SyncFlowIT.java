package dev.zaiko.local;

import dev.zaiko.app.PollService;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.sim.aupay.AuPaySimulator;
import dev.zaiko.sim.qoo10.Qoo10Simulator;
import dev.zaiko.sim.shopify.ShopifySimulator;
import dev.zaiko.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sync flow end to end in one JVM: simulated malls, the poller and webhook paths, the ledger
 * driven by its queue like a Lambda event source mapping, pushers woken in-process, and what each
 * simulated mall finally shows.
 */
@ExtendWith(AwsTestBed.class)
class SyncFlowIT {
    static final String SKU = "TS-NAVY-M";
    static final String SHOPIFY_ITEM = "808950810@655441491";
    static final String QOO10_ITEM = "1000001";
    static final String AUPAY_ITEM = "tshirt-navy-m";
    static final List<ListingKey> LISTINGS = List.of(new ListingKey("shopify-main", SHOPIFY_ITEM),
            new ListingKey("qoo10-main", QOO10_ITEM), new ListingKey("aupay-main", AUPAY_ITEM));

    private final TestAws aws;
    private LocalRuntime runtime;
    private ShopifySimulator shopify;
    private Qoo10Simulator qoo10;
    private AuPaySimulator aupay;

    SyncFlowIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        runtime = new LocalRuntime(aws, TestAws.freshSuffix());
        shopify = new ShopifySimulator().clientCredentials("client-1", "secret-1")
                .webhooks(runtime.webhookUrl("shopify-main"), "whsec-1");
        qoo10 = new Qoo10Simulator(Clock.systemUTC());
        aupay = new AuPaySimulator(Clock.systemUTC());
        runtime.addChannel("shopify-main", "shopify", shopify,
                Map.of("clientId", "client-1", "clientSecret", "secret-1", "webhookSecret", "whsec-1"),
                Map.of("locationId", "gid://shopify/Location/655441491"), Duration.ofMinutes(1), true);
        runtime.addChannel("qoo10-main", "qoo10", qoo10, qoo10Credentials(), Map.of("requestsPerSecond", "50"),
                Duration.ofMinutes(1), false);
        runtime.addChannel("aupay-main", "aupay", aupay, aupayCredentials("2026-11-01"),
                Map.of("requestsPerSecond", "50"), Duration.ofMinutes(1), false);
        shopify.putItem(SHOPIFY_ITEM, 0);
        qoo10.putItem(QOO10_ITEM, 0);
        aupay.putItem(AUPAY_ITEM, 0);
        runtime.ledger.define(SKU, 5, Optional.empty(), Optional.of("4901234567894"), Optional.of("Tシャツ 紺 M"),
                ChangeSource.admin("test"));
        for (ListingKey key : LISTINGS) {
            runtime.ledger.mapListing(key, List.of(new Component(SKU, 1)), false);
        }
        awaitConverged("the initial catalogue on every mall");
        assertShown(5, 5, 5);
    }

    private static Map<String, String> qoo10Credentials() {
        return Map.of("apiKey", Qoo10Simulator.API_KEY, "userId", Qoo10Simulator.USER_ID,
                "password", Qoo10Simulator.PASSWORD);
    }

    private static Map<String, String> aupayCredentials(String issuedAt) {
        return Map.of("apiKey", AuPaySimulator.API_KEY, "shopId", AuPaySimulator.SHOP_ID, "apiKeyIssuedAt", issuedAt);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void anOrderPolledFromOneMallEndsWithEveryMallShowingTheNewQuantity() {
        assertThat(qoo10.buy(QOO10_ITEM, 2).accepted()).isTrue();

        assertThat(runtime.poll("qoo10-main")).isInstanceOf(PollService.PollResult.Polled.class);

        // The scheduler polls again each interval; the mall may list an order a second late.
        Await.until(Duration.ofSeconds(45), "the Qoo10 order on every mall", () -> {
            if (runtime.differences(LISTINGS).isEmpty() && stockOf(SKU) == 3) {
                return true;
            }
            runtime.poll("qoo10-main");
            return false;
        });
        assertThat(runtime.store.readStock(List.of(SKU)).get(SKU).available()).isEqualTo(3);
        assertShown(3, 3, 3);
    }

    @Test
    void theLastUnitSoldThroughAWebhookMallEndsWithEveryOtherMallShowingZero() {
        runtime.ledger.adjust(SKU, new dev.zaiko.domain.StockAdjustment.SetAvailable(1), ChangeSource.admin("test"));
        awaitConverged("one unit left everywhere");
        assertShown(1, 1, 1);

        assertThat(shopify.buy(SHOPIFY_ITEM, 1).accepted()).isTrue();

        awaitConverged("the zero on every mall");
        assertShown(0, 0, 0);
        assertThat(qoo10.buy(QOO10_ITEM, 1).accepted()).isFalse();
        assertThat(aupay.buy(AUPAY_ITEM, 1).accepted()).isFalse();
        assertThat(shopify.webhookDeliveries()).extracting(ShopifySimulator.WebhookDelivery::status).containsOnly(200);
    }

    @Test
    void expiredCredentialsOnOneMallStopOnlyThatMallAndLoseNoUpdate() {
        aupay.faults().credentialsExpired(true);

        assertThat(shopify.buy(SHOPIFY_ITEM, 2).accepted()).isTrue();

        Await.until(Duration.ofSeconds(30), "au PAY in AUTH_ERROR and the others converged", () ->
                runtime.states.get("aupay-main").health() == ChannelHealth.AUTH_ERROR
                        && shopify.shownQuantity(SHOPIFY_ITEM).orElse(-1) == 3
                        && qoo10.shownQuantity(QOO10_ITEM).orElse(-1) == 3);
        assertThat(aupay.shownQuantity(AUPAY_ITEM).orElse(-1)).isEqualTo(5);
        assertThat(runtime.poll("aupay-main")).isInstanceOf(PollService.PollResult.SkippedAuthError.class);
        long aupayCallsWhileBroken = aupay.calls().size();
        runtime.wakeWaitingPushers();
        assertThat(runtime.poll("aupay-main")).isInstanceOf(PollService.PollResult.SkippedAuthError.class);

        // The seller renews the key: new credentials, so the channel is tried again.
        aupay.faults().credentialsExpired(false);
        runtime.updateCredentials("aupay-main", aupayCredentials("2026-11-23"));
        assertThat(runtime.poll("aupay-main")).isInstanceOf(PollService.PollResult.Polled.class);

        awaitConverged("au PAY after its credentials were fixed");
        assertShown(3, 3, 3);
        assertThat(runtime.states.get("aupay-main").health()).isEqualTo(ChannelHealth.OK);
        assertThat(aupayCallsWhileBroken).isGreaterThan(0);
    }

    @Test
    void aMallAnswering429ForAWhileConvergesAfterwards() {
        qoo10.faults().rateLimitNext(6, Duration.ofMillis(200));

        assertThat(aupay.buy(AUPAY_ITEM, 4).accepted()).isTrue();
        runtime.poll("aupay-main");

        awaitConverged("Qoo10 after its 429s");
        assertShown(1, 1, 1);
        assertThat(qoo10.calls()).anySatisfy(call -> assertThat(call.status()).isEqualTo(429));
    }

    private long stockOf(String sku) {
        return runtime.store.readStock(List.of(sku)).get(sku).available();
    }

    private void assertShown(long shopifyShows, long qoo10Shows, long aupayShows) {
        assertThat(shopify.shownQuantity(SHOPIFY_ITEM).orElse(-1)).as("Shopify").isEqualTo(shopifyShows);
        assertThat(qoo10.shownQuantity(QOO10_ITEM).orElse(-1)).as("Qoo10").isEqualTo(qoo10Shows);
        assertThat(aupay.shownQuantity(AUPAY_ITEM).orElse(-1)).as("au PAY").isEqualTo(aupayShows);
    }

    /** Converged: every mall shows the ledger's sellable quantity; retries are woken as a poll would. */
    private void awaitConverged(String what) {
        Await.until(Duration.ofSeconds(45), what, () -> {
            if (runtime.differences(LISTINGS).isEmpty()) {
                return true;
            }
            runtime.wakeWaitingPushers();
            return false;
        });
    }
}
