package dev.zaiko.channel.makeshop;

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
import dev.zaiko.sim.makeshop.MakeshopSimulator;
import dev.zaiko.support.OrderPaging;
import dev.zaiko.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The makeshop adapter against the makeshop GraphQL simulator, which validates every document against
 * our schema file (stock operations UNCONFIRMED). Time is virtual.
 */
class MakeshopAdapterIT {
    private static final String TOKEN = "PAT.test-permanent-token";
    private static final String API_KEY = "test-api-key";
    private static final String WEBHOOK_SECRET = "makeshop-webhook-secret";
    private final ObjectMapper json = new ObjectMapper();
    private MakeshopSimulator mall;
    private InMemoryOpenOrders open;
    private ChannelAdapter adapter;
    private Instant from;
    private Instant to;
    /** Virtual time: makeshop's 1 call/s limit and the retries wait on it, not in real time. */
    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-05-01T01:00:00Z"));

    @BeforeEach
    void start() {
        mall = new MakeshopSimulator(clock, TOKEN, API_KEY);
        open = new InMemoryOpenOrders();
        adapter = adapter(Map.of(), clock);
        from = clock.instant().minus(1, ChronoUnit.HOURS);
        to = clock.instant().plus(1, ChronoUnit.HOURS);
    }

    @AfterEach
    void stop() {
        mall.close();
    }

    private ChannelAdapter adapter(Map<String, String> extraSecret, Clock clock) {
        Map<String, String> secret = new HashMap<>(Map.of("accessToken", TOKEN, "apiKey", API_KEY,
                "webhookSecret", WEBHOOK_SECRET));
        secret.putAll(extraSecret);
        ChannelSettings settings = new ChannelSettings("makeshop-main", "makeshop", secret,
                Map.of("baseUrl", mall.baseUrl().toString(), "signatureScheme", "HMAC_SHA256_HEX_TIMESTAMP_DOT_BODY"),
                clock);
        return ChannelAdapterFactory.all().get("makeshop").create(settings, open);
    }

    private List<OrderEvent> pollAll(Instant windowFrom, Instant windowTo) {
        return OrderPaging.allEvents(adapter.orders(), windowFrom, windowTo);
    }

    private List<RecordedCall> callsOf(String operation) {
        return mall.calls().stream().filter(c -> c.body().contains("\"operationName\":\"" + operation + "\"")).toList();
    }

    private JsonNode input(RecordedCall call) {
        try {
            return json.readTree(call.body()).get("variables").get("input");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ orders

    @Test
    void pagesThroughThreePagesWithTheRequiredHeaders() {
        mall.putItem("000000000001", 10_000);
        Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 2050; i++) {
            mall.buyAt("000000000001", 1, at);
        }

        List<OrderPage> pages = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            OrderPage page = adapter.orders().fetchChanged(from, to, token);
            adapter.orders().pageEnqueued(page); // as a poll does once the page is queued
            pages.add(page);
            token = page.nextPageToken();
        } while (token.isPresent());

        assertThat(pages).extracting(p -> p.events().size()).containsExactly(1000, 1000, 50);
        List<RecordedCall> calls = callsOf("searchOrder");
        assertThat(calls).extracting(c -> input(c).get("page").asInt()).containsExactly(1, 2, 3);
        assertThat(input(calls.get(0)).get("limit").asInt()).isEqualTo(1000);
        assertThat(input(calls.get(0)).get("startOrderDate").asText()).matches("\\d{14}");
        assertThat(calls.get(0).header("authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(calls.get(0).header("x-api-key")).isEqualTo(API_KEY);
        assertThat(Long.parseLong(calls.get(0).header("x-timestamp"))).isCloseTo(clock.instant().getEpochSecond(),
                org.assertj.core.data.Offset.offset(60L));
        assertThat(open.openOrderIds()).hasSize(2050);
    }

    @ParameterizedTest(name = "{0} -> {1}, open afterwards: {2}")
    @CsvSource({
            "N, RESERVE, true",
            "Y, RESERVE, false",
            "C, CANCEL,  false",
            "R, RESERVE, false",
    })
    void everyStatusRowThroughTheApi(String status, OrderAction action, boolean staysOpen) {
        mall.putItem("000000000002:BLUE", 5);
        String orderId = mall.buy("000000000002:BLUE", 2).orderId();
        mall.setDeliveryStatus(orderId, status);

        assertThat(pollAll(from, to)).singleElement().satisfies(e -> {
            assertThat(e.orderId()).isEqualTo(orderId);
            assertThat(e.itemKey()).isEqualTo("000000000002:BLUE");
            assertThat(e.quantity()).isEqualTo(2);
            assertThat(e.action()).isEqualTo(action);
            assertThat(e.mallStatus()).isEqualTo(status);
        });
        assertThat(open.openOrderIds().stream().anyMatch(k -> k.endsWith(":" + orderId))).isEqualTo(staysOpen);
    }

    @Test
    void aCancellationOfAnAlreadySeenOrderIsCaughtByTheRecheck() {
        mall.putItem("000000000003", 5);
        String orderId = mall.buy("000000000003", 1).orderId();
        assertThat(pollAll(from, to)).extracting(OrderEvent::action).containsExactly(OrderAction.RESERVE);

        mall.cancel(orderId);
        mall.clearCalls();
        List<OrderEvent> events = pollAll(to, to.plus(1, ChronoUnit.HOURS));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.orderId()).isEqualTo(orderId);
            assertThat(e.action()).isEqualTo(OrderAction.CANCEL);
        });
        assertThat(open.openOrderIds()).isEmpty();
        assertThat(callsOf("searchOrder")).hasSize(2);
        // new orders are searched first (the poll window), the re-check of open orders comes after
        JsonNode search = input(callsOf("searchOrder").get(0));
        assertThat(search.get("startOrderDate").asText())
                .isEqualTo(MakeshopApi.COMPACT.format(to));
        JsonNode recheck = input(callsOf("searchOrder").get(1));
        assertThat(recheck.get("startOrderDate").asText()).isLessThan(recheck.get("endOrderDate").asText());
        assertThat(recheck.get("startOrderDate").asText()).isLessThan(search.get("startOrderDate").asText());
    }

    @Test
    void anOrderCancelledBeforeItsFirstPollStillReportsTheCancel() {
        mall.putItem("000000000004", 5);
        String orderId = mall.buy("000000000004", 1).orderId();
        mall.cancel(orderId);

        assertThat(pollAll(from, to)).singleElement().satisfies(e -> assertThat(e.action()).isEqualTo(OrderAction.CANCEL));
        assertThat(open.openOrderIds()).isEmpty();
    }

    @Test
    void rateLimitThenSuccess() {
        mall.putItem("000000000005", 5);
        mall.buy("000000000005", 1);
        mall.faults().rateLimitNext(1, Duration.ofMillis(300));

        assertThat(pollAll(from, to)).hasSize(1);
        assertThat(mall.calls()).extracting(RecordedCall::status).containsExactly(429, 200);
    }

    @Test
    void maintenanceIsRetryUntilItEnds() {
        mall.putItem("000000000006", 5);
        mall.buy("000000000006", 1);
        mall.faults().maintenance(true);

        assertThatThrownBy(() -> pollAll(from, to)).isInstanceOfSatisfying(ChannelException.class, e -> {
            assertThat(e.kind()).isEqualTo(PushStatus.RETRY);
            assertThat(e.mallCode()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(e.getMessage()).contains("メンテナンス中");
        });
        mall.faults().maintenance(false);
        assertThat(pollAll(from, to)).hasSize(1);
    }

    @Test
    void expiredCredentialsAreAuth() {
        mall.putItem("000000000007", 5);
        mall.faults().credentialsExpired(true);

        assertThatThrownBy(() -> pollAll(from, to)).isInstanceOfSatisfying(ChannelException.class, e -> {
            assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
            assertThat(e.mallCode()).isEqualTo("UNAUTHENTICATED");
            assertThat(e.getMessage()).contains("認証に失敗しました");
        });
        assertThat(mall.calls()).hasSize(1);
        assertThat(adapter.stock().write(List.of(new StockUpdate("000000000007", 1))))
                .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(PushStatus.AUTH));
    }

    @Test
    void anXTimestampOlderThanAnHourIsRefused() {
        ChannelAdapter lagging = adapter(Map.of(), Clock.offset(clock, Duration.ofHours(-2)));
        assertThatThrownBy(() -> lagging.orders().fetchChanged(from, to, Optional.empty()))
                .isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
                    assertThat(e.getMessage()).contains("x-timestamp");
                });
    }

    // ------------------------------------------------------------------ stock

    @Test
    void writesAbsoluteQuantitiesToProductsAndVariationsAndLeavesOtherFieldsAlone() {
        mall.putProduct("000000000010", 9, "緑茶 500ml", 150, 5);
        mall.putProduct("000000000011:RED-M", 0, "Tシャツ 赤 M", 2980, 2);

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("000000000010", 4),
                new StockUpdate("000000000011:RED-M", 11)));

        assertThat(results).extracting(PushResult::status).containsExactly(PushStatus.OK, PushStatus.OK);
        assertThat(mall.shownQuantity("000000000010")).hasValue(4);
        assertThat(mall.shownQuantity("000000000011:RED-M")).hasValue(11);
        assertThat(mall.product("000000000010")).isEqualTo(new MakeshopSimulator.Product("000000000010", "緑茶 500ml", 150, 5));
        assertThat(mall.product("000000000011:RED-M").price()).isEqualTo(2980);
        assertThat(input(callsOf("updateProductQuantity").get(0)).toString())
                .isEqualTo("{\"products\":[{\"systemCode\":\"000000000010\",\"quantity\":4}]}");
        assertThat(input(callsOf("updateVariationQuantity").get(0)).toString())
                .isEqualTo("{\"variations\":[{\"systemCode\":\"000000000011\",\"variationCustomCode\":\"RED-M\",\"quantity\":11}]}");
    }

    @Test
    void aRejectedItemAmongOkItemsKeepsMakeshopsCodeAndMessage() {
        mall.putItem("000000000020", 1);
        mall.putItem("000000000021", 1);
        mall.putItem("000000000022:S", 1);
        mall.faults().rejectItem("000000000021");

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("000000000020", 3),
                new StockUpdate("000000000021", 3), new StockUpdate("000000000022:S", 3), new StockUpdate("999999999999", 3)));

        assertThat(results).extracting(PushResult::status)
                .containsExactly(PushStatus.OK, PushStatus.REJECTED, PushStatus.OK, PushStatus.REJECTED);
        assertThat(results.get(1).mallCode()).isEqualTo("E_INVALID_PRODUCT");
        assertThat(results.get(1).message()).contains("在庫を更新できない商品です");
        assertThat(results.get(3).mallCode()).isEqualTo("E_NOT_FOUND");
        assertThat(mall.shownQuantity("000000000021")).hasValue(1);
        assertThat(mall.shownQuantity("000000000022:S")).hasValue(3);
    }

    @Test
    void readsShownStockAndLeavesUnknownKeysOut() {
        mall.putItem("000000000030", 6);
        mall.putItem("000000000031:L", 2);

        assertThat(adapter.shownStock().shownQuantities(List.of("000000000030", "000000000031:L", "000000000031:XL", "000000000099")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("000000000030", 6L, "000000000031:L", 2L));
    }

    // ------------------------------------------------------------------ webhooks

    @Test
    void aSignedOrderUpdateNoticeBecomesEventsAndTamperingIsRefused() throws Exception {
        mall.putItem("000000000040", 5);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            mall.webhook(receiver.url("/webhooks/makeshop/makeshop-main"), WEBHOOK_SECRET);
            String orderId = mall.buy("000000000040", 2).orderId();

            WebhookReceiver.Delivery delivery = receiver.next();
            WebhookRequest request = new WebhookRequest(delivery.headers(), delivery.body());
            assertThat(adapter.webhookVerifier().orElseThrow().verify(request)).isInstanceOf(Verdict.Valid.class);
            assertThat(adapter.webhookOrders().orElseThrow().ordersIn(request)).singleElement().satisfies(e -> {
                assertThat(e.orderId()).isEqualTo(orderId);
                assertThat(e.quantity()).isEqualTo(2);
                assertThat(e.action()).isEqualTo(OrderAction.RESERVE);
            });
            assertThat(open.openOrderIds()).hasSize(1);

            byte[] altered = delivery.body().clone();
            altered[altered.length / 2] ^= 1;
            assertThat(adapter.webhookVerifier().orElseThrow().verify(new WebhookRequest(delivery.headers(), altered)))
                    .isInstanceOf(Verdict.Invalid.class);
            ChannelAdapter otherSecret = adapter(Map.of("webhookSecret", "not-the-secret"), clock);
            assertThat(otherSecret.webhookVerifier().orElseThrow().verify(request)).isInstanceOf(Verdict.Invalid.class);

            mall.cancel(orderId);
            WebhookReceiver.Delivery cancel = receiver.next();
            List<OrderEvent> events = adapter.webhookOrders().orElseThrow()
                    .ordersIn(new WebhookRequest(cancel.headers(), cancel.body()));
            assertThat(events).singleElement().satisfies(e -> assertThat(e.action()).isEqualTo(OrderAction.CANCEL));
            // A webhook never closes the order itself (its events are not queued yet): the next
            // poll's re-check closes it once they are.
            assertThat(open.openOrderIds()).hasSize(1);
        }
    }

    @Test
    void aStaleDeliveryIsRefused() throws Exception {
        mall.putItem("000000000041", 5);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            mall.webhook(receiver.url("/webhooks/makeshop/makeshop-main"), WEBHOOK_SECRET);
            mall.buy("000000000041", 1);
            WebhookReceiver.Delivery delivery = receiver.next();
            ChannelAdapter later = adapter(Map.of(), Clock.offset(clock, Duration.ofMinutes(6)));
            assertThat(later.webhookVerifier().orElseThrow().verify(new WebhookRequest(delivery.headers(), delivery.body())))
                    .isInstanceOf(Verdict.Invalid.class);
        }
    }

    // ------------------------------------------------------------------ credentials

    @Test
    void credentialExpiryIsWarnedFourteenDaysAhead() {
        Instant now = clock.instant();
        assertThat(adapter.credentials()).singleElement().satisfies(c -> assertThat(c.needsRenewal(now)).isFalse());
        CredentialStatus planned = adapter(Map.of("accessTokenExpiresAt", now.plus(Duration.ofDays(13)).toString()),
                clock).credentials().get(0);
        assertThat(planned.needsRenewal(now)).isTrue();
        assertThat(planned.needsRenewal(now.minus(Duration.ofDays(2)))).isFalse();
    }
}
