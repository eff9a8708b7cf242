package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.VirtualClock;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockUpdate;
import dev.zaiko.sim.RecordedCall;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.amazon.AmazonSimulator;
import dev.zaiko.testsupport.SharedFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** The adapter against the SP-API simulator: exact events, results and the calls Amazon would receive. */
class AmazonContractIT {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final String CHANNEL = "amazon-jp";
    private static final String SELLER = AmazonSimulator.SELLER_ID;
    private static final ObjectMapper JSON = new ObjectMapper();

    private VirtualClock time;
    private AmazonSimulator sim;

    @BeforeEach
    void start() {
        time = new VirtualClock(T0);
        sim = new AmazonSimulator(time);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private AmazonAdapter adapter(Map<String, String> extraOptions) {
        Map<String, String> options = new HashMap<>(Map.of("baseUrl", sim.baseUrl().toString(),
                "lwaUrl", sim.baseUrl().toString()));
        options.putAll(extraOptions);
        return new AmazonAdapter(new ChannelSettings(CHANNEL, "amazon", Map.of(
                "refreshToken", AmazonSimulator.REFRESH_TOKEN, "clientId", AmazonSimulator.CLIENT_ID,
                "clientSecret", AmazonSimulator.CLIENT_SECRET, "sellerId", SELLER), options, time),
                new MallHttp(), time);
    }

    private AmazonAdapter adapter() {
        return adapter(Map.of());
    }

    private List<RecordedCall> calls(String method, String pathPrefix) {
        return sim.calls().stream().filter(c -> c.method().equals(method) && c.path().startsWith(pathPrefix)).toList();
    }

    private List<RecordedCall> orderCalls() {
        return calls("GET", "/orders/2026-01-01/orders");
    }

    private List<RecordedCall> tokenCalls() {
        return calls("POST", "/auth/o2/token");
    }

    private List<RecordedCall> patchCalls() {
        return calls("PATCH", "/listings/2021-08-01/items/");
    }

    /** Orders made at T0, polled 10 minutes later (Amazon wants "before" at least 2 minutes back). */
    private List<OrderEvent> pollAll(AmazonAdapter adapter) {
        time.advance(Duration.ofMinutes(10));
        List<OrderEvent> events = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            OrderPage page = adapter.orders().fetchChanged(T0.minusSeconds(60), T0.plusSeconds(300), token);
            events.addAll(page.events());
            token = page.nextPageToken();
        } while (token.isPresent());
        return events;
    }

    // ================================================================== orders

    @Test
    void pagesThroughThreePagesWithTheSameParametersAndOneToken() {
        for (int i = 1; i <= 5; i++) {
            sim.putItem("SKU-" + i, 10);
            assertThat(sim.buy("SKU-" + i, i).accepted()).isTrue();
        }
        AmazonAdapter adapter = adapter(Map.of("maxResultsPerPage", "2"));
        time.advance(Duration.ofMinutes(10));

        OrderPage first = adapter.orders().fetchChanged(T0.minusSeconds(60), T0.plusSeconds(300), Optional.empty());
        OrderPage second = adapter.orders().fetchChanged(T0.minusSeconds(60), T0.plusSeconds(300), first.nextPageToken());
        OrderPage third = adapter.orders().fetchChanged(T0.minusSeconds(60), T0.plusSeconds(300), second.nextPageToken());

        assertThat(List.of(first.events().size(), second.events().size(), third.events().size())).containsExactly(2, 2, 1);
        assertThat(third.nextPageToken()).isEmpty();
        List<OrderEvent> all = new ArrayList<>(first.events());
        all.addAll(second.events());
        all.addAll(third.events());
        assertThat(all).extracting(OrderEvent::itemKey, OrderEvent::quantity, OrderEvent::action, OrderEvent::mallStatus,
                OrderEvent::occurredAt, OrderEvent::origin).containsExactly(
                tuple("SKU-1", 1, OrderAction.RESERVE, "UNSHIPPED", T0, EventOrigin.POLL),
                tuple("SKU-2", 2, OrderAction.RESERVE, "UNSHIPPED", T0, EventOrigin.POLL),
                tuple("SKU-3", 3, OrderAction.RESERVE, "UNSHIPPED", T0, EventOrigin.POLL),
                tuple("SKU-4", 4, OrderAction.RESERVE, "UNSHIPPED", T0, EventOrigin.POLL),
                tuple("SKU-5", 5, OrderAction.RESERVE, "UNSHIPPED", T0, EventOrigin.POLL));
        assertThat(all).extracting(OrderEvent::orderId).doesNotHaveDuplicates();

        List<RecordedCall> calls = orderCalls();
        assertThat(calls).hasSize(3);
        Map<String, String> q1 = SimRequest.parseForm(calls.get(0).query());
        assertThat(q1).containsExactly(
                Map.entry("lastUpdatedAfter", "2026-02-28T23:59:00Z"),
                Map.entry("lastUpdatedBefore", "2026-03-01T00:05:00Z"),
                Map.entry("marketplaceIds", "A1VC38T7YXB528"),
                Map.entry("includedData", "FULFILLMENT"),
                Map.entry("maxResultsPerPage", "2"));
        Map<String, String> q3 = SimRequest.parseForm(calls.get(2).query());
        assertThat(q3).containsEntry("paginationToken", second.nextPageToken().orElseThrow())
                .containsEntry("lastUpdatedAfter", "2026-02-28T23:59:00Z");
        assertThat(calls).extracting(c -> c.header("x-amz-access-token")).containsOnly("Atza|simulator-1");
        assertThat(tokenCalls()).hasSize(1);
        assertThat(SimRequest.parseForm(tokenCalls().get(0).body())).containsExactly(
                Map.entry("grant_type", "refresh_token"), Map.entry("refresh_token", AmazonSimulator.REFRESH_TOKEN),
                Map.entry("client_id", AmazonSimulator.CLIENT_ID), Map.entry("client_secret", AmazonSimulator.CLIENT_SECRET));
    }

    @Test
    void aWindowEndingInTheLastTwoMinutesLeavesLastUpdatedBeforeOut() {
        AmazonAdapter adapter = adapter();
        time.advance(Duration.ofMinutes(10));

        adapter.orders().fetchChanged(T0, time.instant().minusSeconds(60), Optional.empty());

        assertThat(SimRequest.parseForm(orderCalls().get(0).query())).doesNotContainKey("lastUpdatedBefore");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PENDING_AVAILABILITY, RESERVE",
            "PENDING,              RESERVE",
            "UNSHIPPED,            RESERVE",
            "PARTIALLY_SHIPPED,    RESERVE",
            "SHIPPED,              RESERVE",
            "CANCELLED,            CANCEL",
    })
    void eachStatusMapsToItsAction(String status, OrderAction expected) {
        sim.putItem("SKU-A", 5);
        String orderId = sim.buy("SKU-A", 2).orderId();
        sim.setFulfillmentStatus(orderId, status);

        assertThat(pollAll(adapter())).extracting(OrderEvent::orderId, OrderEvent::itemKey, OrderEvent::quantity,
                OrderEvent::action, OrderEvent::mallStatus).containsExactly(tuple(orderId, "SKU-A", 2, expected, status));
    }

    @Test
    void cancelAndShipComeBackAsTheirActions() {
        sim.putItem("SKU-A", 5);
        String cancelled = sim.buy("SKU-A", 1).orderId();
        String shipped = sim.buy("SKU-A", 2).orderId();
        sim.cancel(cancelled);
        sim.ship(shipped);

        assertThat(pollAll(adapter())).extracting(OrderEvent::orderId, OrderEvent::action).containsExactlyInAnyOrder(
                tuple(cancelled, OrderAction.CANCEL), tuple(shipped, OrderAction.RESERVE));
        assertThat(sim.shownQuantity("SKU-A")).hasValue(3);
    }

    @Test
    void fbaLinesAreIgnoredBesideSelfFulfilledOnes() {
        sim.putItem("MFN-1", 5);
        sim.putFbaItem("FBA-1", 10);
        String fbaOrder = sim.buyFba("FBA-1", 3).orderId();
        String mfnOrder = sim.buy("MFN-1", 1).orderId();

        assertThat(pollAll(adapter())).extracting(OrderEvent::orderId, OrderEvent::itemKey, OrderEvent::quantity,
                OrderEvent::action).containsExactlyInAnyOrder(
                tuple(fbaOrder, "FBA-1", 3, OrderAction.IGNORE), tuple(mfnOrder, "MFN-1", 1, OrderAction.RESERVE));
        assertThat(sim.fbaFulfillable("FBA-1")).isEqualTo(7);
    }

    @Test
    void throttledSearchIsNotRetriedInsideTheCallButSucceedsAfterTheHint() {
        sim.putItem("SKU-A", 5);
        sim.buy("SKU-A", 1);
        sim.faults().rateLimitNext(1, Duration.ofSeconds(1));
        AmazonAdapter adapter = adapter();
        time.advance(Duration.ofMinutes(10));

        assertThatThrownBy(() -> adapter.orders().fetchChanged(T0, T0.plusSeconds(300), Optional.empty()))
                .isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PushStatus.RETRY);
                    assertThat(e.mallCode()).isEqualTo("QuotaExceeded");
                    // one token per 1/0.0056 s: the documented rate is the only hint SP-API gives
                    assertThat(e.retryAfter()).contains(Duration.ofMillis(178_572));
                });
        assertThat(orderCalls()).hasSize(1);

        // Still inside the back-off: refused on our side, Amazon is not called.
        assertThatThrownBy(() -> adapter.orders().fetchChanged(T0, T0.plusSeconds(300), Optional.empty()))
                .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.mallCode()).isEqualTo("LOCAL_RATE_LIMIT"));
        assertThat(orderCalls()).hasSize(1);

        time.advance(Duration.ofSeconds(179));
        assertThat(adapter.orders().fetchChanged(T0, T0.plusSeconds(300), Optional.empty()).events()).hasSize(1);
        assertThat(orderCalls()).hasSize(2);
    }

    @Test
    void expiredAccessTokenIsRefreshedOnceAndTheCallSucceeds() {
        sim.putItem("SKU-A", 5);
        sim.buy("SKU-A", 1);
        AmazonAdapter adapter = adapter();
        assertThat(pollAll(adapter)).hasSize(1);
        sim.expireAccessTokens();

        assertThat(adapter.orders().fetchChanged(T0, T0.plusSeconds(300), Optional.empty()).events()).hasSize(1);

        assertThat(tokenCalls()).hasSize(2);
        assertThat(orderCalls()).extracting(RecordedCall::status).containsExactly(200, 403, 200);
        assertThat(orderCalls().get(2).header("x-amz-access-token")).isEqualTo("Atza|simulator-2");
    }

    @Test
    void cachedTokenIsRefreshedBeforeItExpires() {
        AmazonAdapter adapter = adapter();
        adapter.orders().fetchChanged(T0.minusSeconds(600), T0.minusSeconds(300), Optional.empty());
        time.advance(Duration.ofMinutes(54));
        adapter.orders().fetchChanged(T0.minusSeconds(600), T0.minusSeconds(300), Optional.empty());
        time.advance(Duration.ofMinutes(2));
        adapter.orders().fetchChanged(T0.minusSeconds(600), T0.minusSeconds(300), Optional.empty());

        assertThat(tokenCalls()).hasSize(2);
        assertThat(orderCalls()).extracting(RecordedCall::status).containsOnly(200);
    }

    @Test
    void expiredCredentialsAreAuthAfterOneRefreshAttempt() {
        sim.faults().credentialsExpired(true);
        AmazonAdapter adapter = adapter();
        time.advance(Duration.ofMinutes(10));

        assertThatThrownBy(() -> adapter.orders().fetchChanged(T0, T0.plusSeconds(300), Optional.empty()))
                .isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
                    assertThat(e.mallCode()).isEqualTo("Unauthorized");
                    assertThat(e.getMessage()).contains("revoked, malformed or invalid");
                });
        assertThat(tokenCalls()).hasSize(2);
        assertThat(orderCalls()).hasSize(2);
    }

    @Test
    void revokedRefreshTokenIsAuthWithLwasCode() {
        sim.revokeRefreshToken(true);

        assertThatThrownBy(() -> adapter().orders().fetchChanged(T0, T0.plusSeconds(1), Optional.empty()))
                .isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
                    assertThat(e.mallCode()).isEqualTo("invalid_grant");
                });
        assertThat(orderCalls()).isEmpty();
    }

    @Test
    void serviceUnavailableIsRetry() {
        sim.faults().maintenance(true);

        assertThatThrownBy(() -> adapter().orders().fetchChanged(T0.minusSeconds(600), T0.minusSeconds(300),
                Optional.empty())).isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PushStatus.RETRY);
                    assertThat(e.mallCode()).isEqualTo("ServiceUnavailable");
                });
    }

    // ================================================================== stock: PATCH

    @Test
    void writesAbsoluteQuantitiesWithAMergePatchLeavingLeadTimeAndRestockDate() throws Exception {
        sim.putListing("SKU-A", 10, 3, "2026-04-01");
        AmazonAdapter adapter = adapter();

        assertThat(adapter.stock().write(List.of(new StockUpdate("SKU-A", 4)))).containsExactly(PushResult.ok("SKU-A"));
        assertThat(adapter.stock().write(List.of(new StockUpdate("SKU-A", 4)))).containsExactly(PushResult.ok("SKU-A"));

        assertThat(sim.shownQuantity("SKU-A")).hasValue(4);
        assertThat(sim.leadTimeToShipMaxDays("SKU-A")).hasValue(3);
        assertThat(sim.restockDate("SKU-A")).contains("2026-04-01");
        RecordedCall patch = patchCalls().get(0);
        assertThat(patch.path()).isEqualTo("/listings/2021-08-01/items/" + SELLER + "/SKU-A");
        assertThat(patch.query()).isEqualTo("marketplaceIds=A1VC38T7YXB528");
        assertThat(JSON.readTree(patch.body())).isEqualTo(JSON.readTree("{\"productType\":\"PRODUCT\",\"patches\":[{"
                + "\"op\":\"merge\",\"path\":\"/attributes/fulfillment_availability\","
                + "\"value\":[{\"fulfillment_channel_code\":\"DEFAULT\",\"quantity\":4}]}]}"));
        assertThat(patchCalls()).hasSize(2);
    }

    /** The check above means something: the simulator drops the fields on a replace, as Amazon does. */
    @Test
    void aReplacePatchWouldHaveDroppedThem() throws Exception {
        sim.putListing("SKU-A", 10, 3, "2026-04-01");
        HttpClient http = HttpClient.newHttpClient();
        String token = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/auth/o2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token="
                        + java.net.URLEncoder.encode(AmazonSimulator.REFRESH_TOKEN, java.nio.charset.StandardCharsets.UTF_8)
                        + "&client_id=" + AmazonSimulator.CLIENT_ID + "&client_secret=" + AmazonSimulator.CLIENT_SECRET))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).path("access_token").asText();

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                        + "/listings/2021-08-01/items/" + SELLER + "/SKU-A?marketplaceIds=A1VC38T7YXB528"))
                .header("x-amz-access-token", token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"productType\":\"PRODUCT\",\"patches\":[{"
                        + "\"op\":\"replace\",\"path\":\"/attributes/fulfillment_availability\","
                        + "\"value\":[{\"fulfillment_channel_code\":\"DEFAULT\",\"quantity\":4}]}]}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(JSON.readTree(answer.body()).path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(sim.shownQuantity("SKU-A")).hasValue(4);
        assertThat(sim.leadTimeToShipMaxDays("SKU-A")).isEmpty();
        assertThat(sim.restockDate("SKU-A")).isEmpty();
    }

    @Test
    void invalidItemIsRejectedAmongAcceptedOnes() {
        sim.putItem("SKU-A", 1);
        sim.putItem("SKU-B", 1);
        sim.putItem("SKU-C", 1);
        sim.faults().rejectItem("SKU-B");

        List<PushResult> results = adapter().stock().write(List.of(new StockUpdate("SKU-A", 5),
                new StockUpdate("SKU-B", 6), new StockUpdate("SKU-C", 7), new StockUpdate("NO-SUCH-SKU", 1)));

        assertThat(results).extracting(PushResult::itemKey, PushResult::status, PushResult::mallCode).containsExactly(
                tuple("SKU-A", PushStatus.OK, ""),
                tuple("SKU-B", PushStatus.REJECTED, "90000900"),
                tuple("SKU-C", PushStatus.OK, ""),
                tuple("NO-SUCH-SKU", PushStatus.REJECTED, "SIM_NO_LISTING"));
        assertThat(results.get(1).message()).isEqualTo("90000900 The attributes are invalid.");
        assertThat(sim.shownQuantities()).containsExactlyInAnyOrderEntriesOf(Map.of("SKU-A", 5L, "SKU-B", 1L, "SKU-C", 7L));
    }

    @Test
    void skuWithSpacesSlashAndJapaneseIsEncodedInThePath() {
        sim.putItem("セット 1/2", 1);

        assertThat(adapter().stock().write(List.of(new StockUpdate("セット 1/2", 9))))
                .containsExactly(PushResult.ok("セット 1/2"));
        assertThat(sim.shownQuantity("セット 1/2")).hasValue(9);
    }

    @Test
    void throttledPatchIsRetriedWithinTheCallAfterTheHint() {
        sim.putItem("SKU-A", 1);
        sim.faults().rateLimitNext(2, Duration.ofSeconds(1));

        assertThat(adapter().stock().write(List.of(new StockUpdate("SKU-A", 8)))).containsExactly(PushResult.ok("SKU-A"));

        assertThat(patchCalls()).extracting(RecordedCall::status).containsExactly(429, 429, 200);
        assertThat(sim.shownQuantity("SKU-A")).hasValue(8);
        // two back-offs of one token each at 5/s, and no more
        assertThat(time.slept()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void persistentThrottlingStopsTheBatchWithRetry() {
        sim.putItem("SKU-A", 1);
        sim.putItem("SKU-B", 1);
        sim.faults().rateLimitNext(10, Duration.ofSeconds(1));

        List<PushResult> results = adapter().stock().write(List.of(new StockUpdate("SKU-A", 2), new StockUpdate("SKU-B", 3)));

        assertThat(results).extracting(PushResult::status, PushResult::mallCode, PushResult::retryAfter).containsExactly(
                tuple(PushStatus.RETRY, "QuotaExceeded", Optional.of(Duration.ofMillis(200))),
                tuple(PushStatus.RETRY, "QuotaExceeded", Optional.of(Duration.ofMillis(200))));
        assertThat(patchCalls()).hasSize(1 + AmazonApi.MAX_THROTTLE_RETRIES);
    }

    @Test
    void expiredCredentialsMakeEveryItemAuthAfterOneRefresh() {
        sim.putItem("SKU-A", 1);
        sim.putItem("SKU-B", 1);
        sim.faults().credentialsExpired(true);

        assertThat(adapter().stock().write(List.of(new StockUpdate("SKU-A", 2), new StockUpdate("SKU-B", 3))))
                .extracting(PushResult::status, PushResult::mallCode)
                .containsExactly(tuple(PushStatus.AUTH, "Unauthorized"), tuple(PushStatus.AUTH, "Unauthorized"));
        assertThat(patchCalls()).hasSize(2);
        assertThat(tokenCalls()).hasSize(2);
        assertThat(sim.shownQuantities()).containsExactlyInAnyOrderEntriesOf(Map.of("SKU-A", 1L, "SKU-B", 1L));
    }

    @Test
    void serverErrorStopsTheBatchWithRetry() {
        sim.putItem("SKU-A", 1);
        sim.putItem("SKU-B", 1);
        sim.faults().serverErrorNext(1);

        assertThat(adapter().stock().write(List.of(new StockUpdate("SKU-A", 2), new StockUpdate("SKU-B", 3))))
                .extracting(PushResult::status, PushResult::mallCode)
                .containsExactly(tuple(PushStatus.RETRY, "InternalFailure"), tuple(PushStatus.RETRY, "InternalFailure"));
        assertThat(patchCalls()).hasSize(1);
    }

    // ================================================================== stock: JSON_LISTINGS_FEED

    @Test
    void largeBatchGoesAsOneListingsFeedWithPerMessageResults() throws Exception {
        for (String sku : List.of("F-1", "F-2", "F-3", "F-4")) {
            sim.putListing(sku, 1, 2, "2026-05-01");
        }
        sim.faults().rejectItem("F-3");
        List<StockUpdate> updates = List.of(new StockUpdate("F-1", 10), new StockUpdate("F-2", 0),
                new StockUpdate("F-3", 30), new StockUpdate("F-4", 40));

        List<PushResult> results = adapter(Map.of("feedThreshold", "3")).stock().write(updates);

        assertThat(results).extracting(PushResult::itemKey, PushResult::status, PushResult::mallCode).containsExactly(
                tuple("F-1", PushStatus.OK, ""), tuple("F-2", PushStatus.OK, ""),
                tuple("F-3", PushStatus.REJECTED, "90000900"), tuple("F-4", PushStatus.OK, ""));
        assertThat(sim.shownQuantities()).containsExactlyInAnyOrderEntriesOf(
                Map.of("F-1", 10L, "F-2", 0L, "F-3", 1L, "F-4", 40L));
        assertThat(sim.leadTimeToShipMaxDays("F-1")).hasValue(2);
        assertThat(sim.restockDate("F-4")).contains("2026-05-01");
        assertThat(patchCalls()).isEmpty();
        assertThat(calls("POST", "/feeds/2021-06-30/documents")).hasSize(1);
        assertThat(calls("POST", "/feeds/2021-06-30/feeds")).hasSize(1);
        assertThat(calls("GET", "/feeds/2021-06-30/feeds/")).hasSize(1);
        assertThat(calls("GET", "/feeds/2021-06-30/documents/")).hasSize(1);
        RecordedCall upload = calls("PUT", "/sim-s3/").get(0);
        assertThat(upload.header("x-amz-access-token")).isNull();
        assertThat(FeedSchemaCheck.violations(
                JSON.readTree(SharedFixtures.read("amazon-sp-api/listings-feed-schema-v2.json")),
                JSON.readTree(upload.body()))).isEmpty();
        assertThat(JSON.readTree(calls("POST", "/feeds/2021-06-30/feeds").get(0).body()).path("feedType").asText())
                .isEqualTo("JSON_LISTINGS_FEED");
    }

    @Test
    void feedStillProcessingIsReportedSubmittedAndCanBeCheckedLater() {
        sim.putItem("F-1", 1);
        sim.putItem("F-2", 1);
        sim.feedPollsBeforeDone(3);
        sim.faults().rejectItem("F-2");
        List<StockUpdate> updates = List.of(new StockUpdate("F-1", 5), new StockUpdate("F-2", 6));
        AmazonAdapter adapter = adapter(Map.of("feedThreshold", "2", "feedWaitSeconds", "4"));

        List<PushResult> submitted = adapter.stock().write(updates);

        assertThat(submitted).extracting(PushResult::status, PushResult::mallCode)
                .containsOnly(tuple(PushStatus.OK, "FEED_SUBMITTED"));
        assertThat(calls("GET", "/feeds/2021-06-30/feeds/")).hasSize(3);
        assertThat(sim.shownQuantity("F-1")).hasValue(1);
        Matcher feedId = Pattern.compile("feed (\\d+) accepted").matcher(submitted.get(0).message());
        assertThat(feedId.find()).isTrue();

        assertThat(adapter.stock().feedResults(feedId.group(1), updates)).hasValueSatisfying(done ->
                assertThat(done).extracting(PushResult::status).containsExactly(PushStatus.OK, PushStatus.REJECTED));
        assertThat(sim.shownQuantity("F-1")).hasValue(5);
    }

    // ================================================================== reading

    @Test
    void readsShownMfnQuantitiesAndLeavesOutUnknownAndFbaOnlySkus() {
        sim.putItem("SKU-A", 3);
        sim.putItem("SKU-B", 0);
        sim.putFbaItem("FBA-ONLY", 8);

        assertThat(adapter().shownStock().shownQuantities(List.of("SKU-A", "SKU-B", "FBA-ONLY", "NO-SUCH")))
                .containsExactly(Map.entry("SKU-A", 3L), Map.entry("SKU-B", 0L));
        assertThat(calls("GET", "/listings/2021-08-01/items/")).extracting(RecordedCall::query)
                .containsOnly("marketplaceIds=A1VC38T7YXB528&includedData=fulfillmentAvailability");
    }

    @Test
    void fbaInventoryReadsEveryPageOfFulfillableQuantities() {
        sim.fbaPageSize(2);
        for (int i = 1; i <= 5; i++) {
            sim.putFbaItem("FBA-" + i, i * 10L);
        }

        assertThat(adapter().fbaInventory().orElseThrow().fulfillableQuantities()).containsExactly(
                Map.entry("FBA-1", 10L), Map.entry("FBA-2", 20L), Map.entry("FBA-3", 30L),
                Map.entry("FBA-4", 40L), Map.entry("FBA-5", 50L));
        List<RecordedCall> calls = calls("GET", "/fba/inventory/v1/summaries");
        assertThat(calls).hasSize(3);
        assertThat(SimRequest.parseForm(calls.get(0).query())).containsExactly(
                Map.entry("details", "true"), Map.entry("granularityType", "Marketplace"),
                Map.entry("granularityId", "A1VC38T7YXB528"), Map.entry("marketplaceIds", "A1VC38T7YXB528"));
        assertThat(SimRequest.parseForm(calls.get(2).query())).containsKey("nextToken");
    }
}
