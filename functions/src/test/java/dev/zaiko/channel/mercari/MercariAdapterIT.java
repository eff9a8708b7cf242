package dev.zaiko.channel.mercari;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.InMemoryOpenOrders;
import dev.zaiko.channel.support.VirtualClock;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockUpdate;
import dev.zaiko.domain.channel.WebhookVerifier.Verdict;
import dev.zaiko.domain.channel.WebhookVerifier.WebhookRequest;
import dev.zaiko.sim.RecordedCall;
import dev.zaiko.sim.mercari.MercariSimulator;
import dev.zaiko.support.OrderPaging;
import dev.zaiko.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Mercari adapter against the Mercari Shops simulator, which validates every document against our
 * schema file: the contract every mall adapter keeps. Time is virtual: retries and the rate limit
 * wait on {@link VirtualClock}, never in real time.
 */
class MercariAdapterIT {
    private static final String TOKEN = "pat-test-token";
    private static final String WEBHOOK_TOKEN = "whk-0123456789abcdefghijklmnop";
    private final ObjectMapper json = new ObjectMapper();
    private MercariSimulator mall;
    private InMemoryOpenOrders open;
    private ChannelAdapter adapter;
    private Instant from;
    private Instant to;
    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-05-01T09:00:00Z"));

    @BeforeEach
    void start() {
        mall = new MercariSimulator(clock, TOKEN);
        open = new InMemoryOpenOrders();
        adapter = adapter(Map.of());
        from = clock.instant().minus(1, ChronoUnit.HOURS);
        to = clock.instant().plus(1, ChronoUnit.HOURS);
    }

    @AfterEach
    void stop() {
        mall.close();
    }

    private ChannelAdapter adapter(Map<String, String> extraSecret) {
        Map<String, String> secret = new HashMap<>(Map.of("accessToken", TOKEN, "webhookToken", WEBHOOK_TOKEN));
        secret.putAll(extraSecret);
        ChannelSettings settings = new ChannelSettings("mercari-main", "mercari", secret,
                Map.of("baseUrl", mall.baseUrl().toString(), "clientName", "ZAIKO_TEST", "clientVersion", "1.2.3"),
                clock);
        return ChannelAdapterFactory.all().get("mercari").create(settings, open);
    }

    private List<OrderEvent> pollAll(Instant windowFrom, Instant windowTo) {
        return OrderPaging.allEvents(adapter.orders(), windowFrom, windowTo);
    }

    private List<RecordedCall> callsOf(String operation) {
        return mall.calls().stream().filter(c -> c.body().contains("\"operationName\":\"" + operation + "\"")).toList();
    }

    // ------------------------------------------------------------------ orders

    @Test
    void pagesThroughThreeRelayPagesWithTheRequiredHeaders() {
        mall.putItem("SKU-A", 1_000);
        IntStream.range(0, 205).forEach(i -> mall.buy("SKU-A", 1));

        List<OrderPage> pages = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            OrderPage page = adapter.orders().fetchChanged(from, to, token);
            adapter.orders().pageEnqueued(page); // as a poll does once the page is queued
            pages.add(page);
            token = page.nextPageToken();
        } while (token.isPresent());

        assertThat(pages).extracting(p -> p.events().size()).containsExactly(100, 100, 5);
        assertThat(pages.stream().flatMap(p -> p.events().stream()).map(OrderEvent::orderId).distinct()).hasSize(205);
        List<RecordedCall> calls = callsOf("orders");
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0).header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(calls.get(0).header("User-Agent")).isEqualTo("ZAIKO_TEST/1.2.3");
        JsonNode second = variables(calls.get(1));
        assertThat(second.get("first").asInt()).isEqualTo(100);
        assertThat(second.get("after").asText()).isNotEmpty();
        assertThat(second.get("updatedDateGte").asText()).isEqualTo(from.toString());
        assertThat(second.get("updatedDateLt").asText()).isEqualTo(to.toString());
        assertThat(open.openOrderIds()).hasSize(205);
    }

    @ParameterizedTest(name = "{0} -> {1}, open afterwards: {2}")
    @CsvSource({
            "WAITING_FOR_PAYMENT,  RESERVE, true",
            "WAITING_FOR_SHIPPING, RESERVE, true",
            "CANCELING,            RESERVE, true",
            "COMPLETING,           RESERVE, true",
            "COMPLETED,            RESERVE, false",
            "CANCELED,             CANCEL,  false",
    })
    void everyStatusRowThroughTheApi(String status, OrderAction action, boolean staysOpen) {
        mall.putItem("SKU-S", 10);
        String orderId = mall.buy("SKU-S", 2).orderId();
        mall.setStatus(orderId, status);

        List<OrderEvent> events = pollAll(from, to);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.orderId()).isEqualTo(orderId);
            assertThat(e.itemKey()).isEqualTo("SKU-S");
            assertThat(e.quantity()).isEqualTo(2);
            assertThat(e.action()).isEqualTo(action);
            assertThat(e.mallStatus()).isEqualTo(status);
        });
        assertThat(open.openOrderIds().contains(orderId)).isEqualTo(staysOpen);
    }

    @Test
    void aLaterCancellationIsFoundByTheUpdatedDateSearchWithoutAnyRecheckCall() {
        mall.putItem("SKU-U", 5);
        String orderId = mall.buy("SKU-U", 2).orderId();
        assertThat(pollAll(from, to)).extracting(OrderEvent::action).containsExactly(OrderAction.RESERVE);
        mall.clearCalls();

        clock.advance(Duration.ofMinutes(5));
        mall.cancel(orderId);
        // Only the re-check could see this under an order-date search; the updated-date search sees it,
        // and then re-checks nothing since the order closed.
        List<OrderEvent> events = pollAll(clock.instant().minusSeconds(60), clock.instant().plusSeconds(60));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.orderId()).isEqualTo(orderId);
            assertThat(e.action()).isEqualTo(OrderAction.CANCEL);
            assertThat(e.quantity()).isEqualTo(2);
        });
        assertThat(mall.calls()).extracting(this::operation).containsExactly("orders");
        assertThat(open.openOrderIds()).isEmpty();
    }

    @Test
    void aCancellationOutsideTheSearchWindowIsCaughtByTheRecheck() {
        mall.putItem("SKU-R", 5);
        String orderId = mall.buy("SKU-R", 2).orderId();
        assertThat(pollAll(from, to)).extracting(OrderEvent::action).containsExactly(OrderAction.RESERVE);
        assertThat(open.openOrderIds()).containsExactly(orderId);

        clock.advance(Duration.ofMinutes(1));
        mall.cancel(orderId);
        mall.clearCalls();
        // a window that missed the change (e.g. a lost poll): only the re-check can see it
        Instant later = clock.instant().plus(2, ChronoUnit.HOURS);
        List<OrderEvent> events = pollAll(later, later.plus(1, ChronoUnit.MINUTES));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.orderId()).isEqualTo(orderId);
            assertThat(e.action()).isEqualTo(OrderAction.CANCEL);
            assertThat(e.mallStatus()).isEqualTo("CANCELED");
        });
        assertThat(open.openOrderIds()).isEmpty();
        assertThat(mall.calls()).extracting(this::operation).containsExactly("orders", "order");
        assertThat(variables(callsOf("order").get(0)).get("id").asText()).isEqualTo(orderId);

        mall.clearCalls();
        assertThat(pollAll(later, later.plus(1, ChronoUnit.MINUTES))).isEmpty();
        assertThat(callsOf("order")).as("closed orders are not re-checked").isEmpty();
    }

    @Test
    void newOrdersAreSearchedFirstAndRechecksRotateWithinWhatIsLeftOfTheBudget() {
        mall.putItem("SKU-N", 1_000);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            seen.add(mall.buy("SKU-N", 1).orderId());
        }
        pollAll(from, to);
        assertThat(open.openOrderIds()).hasSize(45);

        // 45 open orders and a new one: the new one comes first, then 29 re-checks of the others (30 calls a poll)
        clock.advance(Duration.ofHours(2));
        String fresh = mall.buy("SKU-N", 1).orderId();
        mall.clearCalls();
        List<OrderEvent> events = pollAll(clock.instant().minusSeconds(30), clock.instant().plusSeconds(30));

        assertThat(mall.calls().get(0).body()).contains("\"operationName\":\"orders\"");
        assertThat(events.get(0).orderId()).isEqualTo(fresh);
        assertThat(callsOf("orders")).hasSize(1);
        assertThat(callsOf("order")).hasSize(29);
        List<String> firstRound = callsOf("order").stream().map(c -> variables(c).get("id").asText()).toList();
        assertThat(firstRound).as("the order the search just returned is not asked again").doesNotContain(fresh);

        // with the open set stable, two polls a minute apart reach every open order (ceil(46 / 29) = 2)
        List<String> both = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            clock.advance(Duration.ofMinutes(1));
            mall.clearCalls();
            pollAll(clock.instant().minusSeconds(30), clock.instant().plusSeconds(30));
            assertThat(callsOf("order")).hasSize(29);
            callsOf("order").forEach(c -> both.add(variables(c).get("id").asText()));
        }
        seen.add(fresh);
        assertThat(both).containsAll(seen);
    }

    @Test
    void orderProductsWithoutAQuantityCountOneUnitEachAndGroupByVariant() {
        mall.putItem("SKU-G", 10);
        mall.putItem("SKU-H", 10);
        String orderId = mall.buy("SKU-G", 3).orderId();

        assertThat(pollAll(from, to)).singleElement().satisfies(e -> {
            assertThat(e.orderId()).isEqualTo(orderId);
            assertThat(e.lineId()).isEqualTo(mall.variant("SKU-G").id());
            assertThat(e.quantity()).isEqualTo(3);
        });
        assertThat(callsOf("orders").get(0).body()).doesNotContain("purchasedQuantity").doesNotContain("orderTransactions");
    }

    @Test
    void anOrderCancelledBeforeItsFirstPollStillReportsTheCancel() {
        mall.putItem("SKU-Q", 5);
        String orderId = mall.buy("SKU-Q", 1).orderId();
        mall.cancel(orderId);

        assertThat(pollAll(from, to)).singleElement().satisfies(e -> {
            assertThat(e.orderId()).isEqualTo(orderId);
            assertThat(e.action()).isEqualTo(OrderAction.CANCEL);
        });
        assertThat(open.openOrderIds()).isEmpty();
    }

    @Test
    void rateLimitThenSuccessHonoursTheRetryAfterOnTheVirtualClock() {
        mall.putItem("SKU-L", 5);
        mall.buy("SKU-L", 1);
        mall.faults().rateLimitNext(1, Duration.ofSeconds(7));

        assertThat(pollAll(from, to)).hasSize(1);
        assertThat(mall.calls()).extracting(RecordedCall::status).containsExactly(429, 200);
        assertThat(Duration.between(mall.calls().get(0).at(), mall.calls().get(1).at())).isEqualTo(Duration.ofSeconds(7));
        assertThat(clock.slept()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void serverErrorThenSuccess() {
        mall.putItem("SKU-E", 5);
        mall.buy("SKU-E", 1);
        mall.faults().serverErrorNext(1);

        assertThat(pollAll(from, to)).hasSize(1);
        assertThat(mall.calls()).extracting(RecordedCall::status).containsExactly(500, 200);
    }

    @Test
    void maintenanceIsRetryThenSucceedsWhenItEnds() {
        mall.putItem("SKU-M", 5);
        mall.buy("SKU-M", 1);
        mall.faults().maintenance(true);

        assertThatThrownBy(() -> pollAll(from, to)).isInstanceOfSatisfying(ChannelException.class, e -> {
            assertThat(e.kind()).isEqualTo(PushStatus.RETRY);
            assertThat(e.mallCode()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(e.getMessage()).contains("メンテナンス中");
        });
        assertThat(mall.calls()).hasSize(3).allSatisfy(c -> assertThat(c.status()).isEqualTo(503));

        mall.faults().maintenance(false);
        assertThat(pollAll(from, to)).hasSize(1);
    }

    @Test
    void expiredCredentialsAreAuthWithMercarisCode() {
        mall.putItem("SKU-X", 5);
        mall.faults().credentialsExpired(true);

        assertThatThrownBy(() -> pollAll(from, to)).isInstanceOfSatisfying(ChannelException.class, e -> {
            assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
            assertThat(e.mallCode()).isEqualTo("UNAUTHENTICATED");
            assertThat(e.getMessage()).contains("invalid personal access token");
        });
        assertThat(mall.calls()).as("AUTH is not retried").hasSize(1);
        assertThat(adapter.stock().write(List.of(new StockUpdate("SKU-X", 3))))
                .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(PushStatus.AUTH));
    }

    @Test
    void anUnregisteredCallerIpIsAuthAskingForTheFixedIp() {
        mall.callerRegistered(false);

        assertThatThrownBy(() -> pollAll(from, to)).isInstanceOfSatisfying(ChannelException.class, e -> {
            assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
            assertThat(e.mallCode()).isEqualTo("HTTP_404");
            assertThat(e.getMessage()).contains("IP address is not registered").contains("fixed egress IP");
        });
    }

    // ------------------------------------------------------------------ stock

    @Test
    void writesAbsoluteQuantitiesAndLeavesOtherFieldsAlone() {
        mall.putVariant("SKU-1", 7, "Tシャツ 赤 M", 2980, "4901234567894");
        mall.putVariant("SKU-2", 0, "Tシャツ 青 L", 3180, "4901234567801");

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("SKU-1", 3), new StockUpdate("SKU-2", 12)));

        assertThat(results).extracting(PushResult::status).containsExactly(PushStatus.OK, PushStatus.OK);
        assertThat(mall.shownQuantity("SKU-1")).hasValue(3);
        assertThat(mall.shownQuantity("SKU-2")).hasValue(12);
        assertThat(mall.variant("SKU-1").name()).isEqualTo("Tシャツ 赤 M");
        assertThat(mall.variant("SKU-1").price()).isEqualTo(2980);
        assertThat(mall.variant("SKU-2").janCode()).isEqualTo("4901234567801");
        JsonNode sent = variables(callsOf("updateProductVariants").get(0)).get("inputs");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).toString()).isEqualTo("{\"by\":{\"skuCode\":\"SKU-1\"},\"input\":{\"stockQuantity\":3}}");
    }

    @Test
    void stockAboveMercarisMaximumIsShownAs9999() {
        mall.putItem("SKU-BIG", 0);

        assertThat(adapter.stock().write(List.of(new StockUpdate("SKU-BIG", 25_000))))
                .containsExactly(PushResult.ok("SKU-BIG"));
        assertThat(mall.shownQuantity("SKU-BIG")).hasValue(9_999);
    }

    @Test
    void aRejectedItemAmongOkItemsKeepsMercarisCodeAndMessage() {
        mall.putItem("OK-1", 1);
        mall.putItem("BAD-1", 1);
        mall.putItem("OK-2", 1);
        mall.faults().rejectItem("BAD-1");

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("OK-1", 4), new StockUpdate("BAD-1", 4),
                new StockUpdate("NOPE", 4), new StockUpdate("OK-2", 5)));

        assertThat(results).extracting(PushResult::itemKey).containsExactly("OK-1", "BAD-1", "NOPE", "OK-2");
        assertThat(results).extracting(PushResult::status)
                .containsExactly(PushStatus.OK, PushStatus.REJECTED, PushStatus.REJECTED, PushStatus.OK);
        assertThat(results.get(1).mallCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(results.get(1).message()).contains("cannot be updated");
        assertThat(results.get(2).mallCode()).isEqualTo("NOT_FOUND");
        assertThat(mall.shownQuantity("OK-1")).hasValue(4);
        assertThat(mall.shownQuantity("BAD-1")).hasValue(1);
        assertThat(mall.shownQuantity("OK-2")).hasValue(5);
    }

    @Test
    void batchesOfAtMostTwentyVariants() {
        List<StockUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            mall.putItem("B-" + i, 0);
            updates.add(new StockUpdate("B-" + i, i));
        }
        assertThat(adapter.stock().maxBatchSize()).isEqualTo(20);

        List<PushResult> results = adapter.stock().write(updates);

        assertThat(results).hasSize(45).allSatisfy(r -> assertThat(r.status()).isEqualTo(PushStatus.OK));
        assertThat(callsOf("updateProductVariants")).extracting(c -> variables(c).get("inputs").size())
                .containsExactly(20, 20, 5);
        assertThat(mall.shownQuantity("B-44")).hasValue(44);
    }

    @Test
    void readsShownStockAndLeavesUnknownKeysOut() {
        mall.putItem("SKU-R1", 6);
        mall.putItem("SKU-R2", 0);

        assertThat(adapter.shownStock().shownQuantities(List.of("SKU-R1", "SKU-R2", "UNKNOWN")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("SKU-R1", 6L, "SKU-R2", 0L));
    }

    // ------------------------------------------------------------------ webhooks

    @Test
    void aPushedOrderIsVerifiedAndReFetchedFromTheApi() throws Exception {
        mall.putItem("SKU-W", 5);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            mall.webhookEndPoint(receiver.url("/webhooks/mercari/mercari-main/" + WEBHOOK_TOKEN));
            String orderId = mall.buy("SKU-W", 2).orderId();

            WebhookReceiver.Delivery delivery = receiver.next();
            WebhookRequest request = asHandlerWouldPassIt(delivery);
            assertThat(adapter.webhookVerifier().orElseThrow().verify(request)).isInstanceOf(Verdict.Valid.class);

            List<OrderEvent> events = adapter.webhookOrders().orElseThrow().ordersIn(request);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.orderId()).isEqualTo(orderId);
                assertThat(e.quantity()).isEqualTo(2);
                assertThat(e.action()).isEqualTo(OrderAction.RESERVE);
            });
            assertThat(callsOf("order")).hasSize(1);
            assertThat(open.openOrderIds()).containsExactly(orderId);

            mall.cancel(orderId);
            List<OrderEvent> cancel = adapter.webhookOrders().orElseThrow().ordersIn(asHandlerWouldPassIt(receiver.next()));
            assertThat(cancel).singleElement().satisfies(e -> assertThat(e.action()).isEqualTo(OrderAction.CANCEL));
            // A webhook never closes the order itself (its events are not queued yet): the next
            // poll's re-check closes it once they are.
            assertThat(open.openOrderIds()).containsExactly(orderId);
        }
    }

    @Test
    void wrongOrMissingTokensAreRejectedAndAlteredBodiesAreNeverTrusted() throws Exception {
        mall.putItem("SKU-V", 5);
        String orderId = mall.buy("SKU-V", 1).orderId();
        byte[] body = ("{\"topic\":\"ORDER_CREATED\",\"data\":{\"id\":\"" + orderId + "\"}}").getBytes(StandardCharsets.UTF_8);

        assertThat(adapter.webhookVerifier().orElseThrow().verify(
                new WebhookRequest(Map.of("x-zaiko-webhook-token", "whk-0123456789abcdefghijklmnoX"), body)))
                .isInstanceOf(Verdict.Invalid.class);
        assertThat(adapter.webhookVerifier().orElseThrow().verify(new WebhookRequest(Map.of(), body)))
                .isInstanceOf(Verdict.Invalid.class);

        // Mercari signs nothing, so a changed byte passes the token check: the id is all we read, and
        // the order is re-fetched, so a forged id for an order that does not exist yields nothing.
        byte[] altered = body.clone();
        altered[altered.length - 4]++;
        assertThat(adapter.webhookOrders().orElseThrow()
                .ordersIn(new WebhookRequest(Map.of("x-zaiko-webhook-token", WEBHOOK_TOKEN), altered))).isEmpty();
        assertThatThrownBy(() -> adapter.webhookOrders().orElseThrow()
                .ordersIn(new WebhookRequest(Map.of(), "{\"topic\":\"ORDER_CREATED\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no order id");
    }

    @Test
    void withoutAWebhookTokenTheChannelTakesNoWebhooks() {
        ChannelSettings settings = new ChannelSettings("mercari-main", "mercari", Map.of("accessToken", TOKEN),
                Map.of("baseUrl", mall.baseUrl().toString(), "clientName", "ZAIKO_TEST"), clock);
        ChannelAdapter bare = new MercariAdapterFactory().create(settings, open);
        assertThat(bare.webhookVerifier()).isEmpty();
        assertThat(bare.webhookOrders()).isEmpty();
    }

    // ------------------------------------------------------------------ credentials

    @Test
    void credentialExpiryIsWarnedFourteenDaysAhead() {
        Instant now = clock.instant();
        assertThat(adapter.credentials()).singleElement()
                .satisfies(c -> assertThat(c.needsRenewal(now)).as("no stated expiry").isFalse());

        ChannelAdapter rotating = adapter(Map.of("accessTokenExpiresAt", now.plus(Duration.ofDays(10)).toString()));
        CredentialStatus status = rotating.credentials().get(0);
        assertThat(status.needsRenewal(now)).isTrue();
        assertThat(status.needsRenewal(now.minus(Duration.ofDays(5)))).isFalse();
        assertThat(status.renewal()).contains("Mercari Shops admin");
    }

    // ------------------------------------------------------------------ helpers

    /** The webhook handler copies the secret from the endPoint URL's last path segment into a header. */
    private static WebhookRequest asHandlerWouldPassIt(WebhookReceiver.Delivery delivery) {
        String path = delivery.path();
        Map<String, String> headers = new HashMap<>(delivery.headers());
        headers.put("x-zaiko-webhook-token", path.substring(path.lastIndexOf('/') + 1));
        return new WebhookRequest(headers, delivery.body());
    }

    private String operation(RecordedCall call) {
        try {
            return json.readTree(call.body()).path("operationName").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode variables(RecordedCall call) {
        try {
            return json.readTree(call.body()).get("variables");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
