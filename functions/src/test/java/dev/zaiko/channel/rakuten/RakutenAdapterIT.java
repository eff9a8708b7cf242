package dev.zaiko.channel.rakuten;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.InMemoryOpenOrders;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.VirtualClock;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockUpdate;
import dev.zaiko.sim.RecordedCall;
import dev.zaiko.sim.rakuten.RakutenSimulator;
import dev.zaiko.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Rakuten adapter against the Rakuten simulator: the calls it makes and what it makes of the answers. */
class RakutenAdapterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "SP289999_secret";
    private static final String LICENSE = "SL289999_license";
    private static final Instant START = Instant.parse("2026-03-02T01:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final VirtualClock sleeper = new VirtualClock(Instant.EPOCH);
    private final InMemoryOpenOrders openOrders = new InMemoryOpenOrders();
    private RakutenSimulator sim;
    private RakutenAdapter adapter;

    @BeforeEach
    void start() {
        sim = new RakutenSimulator(clock, SECRET, LICENSE);
        adapter = adapter(Map.of());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private RakutenAdapter adapter(Map<String, String> extraOptions) {
        Map<String, String> options = new java.util.HashMap<>(extraOptions);
        options.put("baseUrl", sim.baseUrl().toString());
        ChannelSettings settings = new ChannelSettings("rakuten-main", "rakuten",
                Map.of("serviceSecret", SECRET, "licenseKey", LICENSE), options, clock);
        return RakutenAdapterFactory.create(settings, openOrders, new MallHttp(), sleeper);
    }

    /** Every page of one poll over [from, to). */
    private List<OrderEvent> poll(RakutenAdapter source, Instant from, Instant to) {
        List<OrderEvent> events = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            OrderPage page = source.orders().fetchChanged(from, to, token);
            source.orders().pageEnqueued(page); // as a poll does once the page is queued
            events.addAll(page.events());
            token = page.nextPageToken();
        } while (token.isPresent());
        return events;
    }

    private List<RecordedCall> calls(String path) {
        return sim.calls().stream().filter(c -> c.path().equals(path)).toList();
    }

    private static JsonNode body(RecordedCall call) {
        try {
            return JSON.readTree(call.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ wiring and auth

    @Test
    void theFactoryIsFoundByTypeAndSendsTheEsaHeader() {
        assertThat(ChannelAdapterFactory.all().get("rakuten")).isInstanceOf(RakutenAdapterFactory.class);
        sim.putSku("item-1", "normal-inventory", 3);

        adapter.stock().write(List.of(new StockUpdate("item-1:normal-inventory", 5)));

        String expected = "ESA " + Base64.getEncoder().encodeToString((SECRET + ":" + LICENSE).getBytes());
        assertThat(calls(RakutenSimulator.BULK_UPSERT)).singleElement()
                .satisfies(c -> assertThat(c.header("Authorization")).isEqualTo(expected));
    }

    // ------------------------------------------------------------------ orders

    @Test
    void searchPagesAcrossThreePagesWithOneGetOrderEach() {
        sim.putSku("item-1", "normal-inventory", 100);
        List<String> orders = IntStream.range(0, 5).mapToObj(i -> {
            clock.advance(Duration.ofMinutes(1));
            return sim.buy("item-1:normal-inventory", i + 1).orderId();
        }).toList();
        RakutenAdapter paged = adapter(Map.of("pageSize", "2"));

        List<OrderEvent> events = poll(paged, START, clock.instant().plusSeconds(1));

        assertThat(events).extracting(OrderEvent::orderId).containsExactlyElementsOf(orders);
        assertThat(events).extracting(OrderEvent::quantity).containsExactly(1, 2, 3, 4, 5);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo(OrderAction.RESERVE);
            assertThat(e.itemKey()).isEqualTo("item-1:normal-inventory");
            assertThat(e.mallStatus()).isEqualTo("orderProgress=100");
        });
        List<RecordedCall> searches = calls(RakutenSimulator.SEARCH_ORDER);
        assertThat(searches).extracting(c -> body(c).path("PaginationRequestModel").path("requestPage").asInt())
                .containsExactly(1, 2, 3);
        assertThat(searches).allSatisfy(c -> {
            assertThat(body(c).path("dateType").asInt()).isEqualTo(1);
            assertThat(body(c).path("PaginationRequestModel").path("requestRecordsAmount").asInt()).isEqualTo(2);
            assertThat(body(c).path("startDatetime").asText()).isEqualTo("2026-03-02T10:00:00+0900");
        });
        assertThat(calls(RakutenSimulator.GET_ORDER)).extracting(c -> body(c).path("orderNumberList").size())
                .containsExactly(2, 2, 1);
        assertThat(calls(RakutenSimulator.GET_ORDER)).allSatisfy(
                c -> assertThat(body(c).path("version").asInt()).isEqualTo(7));
        assertThat(openOrders.openOrderIds()).containsExactlyInAnyOrderElementsOf(orders);
    }

    @Test
    void everyStatusRowIsReportedEvenWhenTheOrderMovedBeforeThePoll() {
        sim.putSku("item-1", "Blue", 100);
        Map<Integer, String> byProgress = new java.util.TreeMap<>();
        for (int progress : RakutenStatuses.TABLE.keySet()) {
            clock.advance(Duration.ofSeconds(10));
            String order = sim.buy("ITEM-1:Blue", 2).orderId();
            sim.setProgress(order, progress);
            byProgress.put(progress, order);
        }

        List<OrderEvent> events = poll(adapter, START, clock.instant().plusSeconds(1));

        assertThat(events).hasSize(9);
        byProgress.forEach((progress, order) -> {
            RakutenStatuses.Rule rule = RakutenStatuses.TABLE.get(progress);
            assertThat(events).filteredOn(e -> e.orderId().equals(order)).singleElement().satisfies(e -> {
                assertThat(e.action()).as("orderProgress %s", progress).isEqualTo(rule.action());
                assertThat(e.mallStatus()).isEqualTo("orderProgress=" + progress);
                assertThat(e.itemKey()).isEqualTo("item-1:Blue");
                assertThat(e.quantity()).isEqualTo(2);
            });
            assertThat(openOrders.openOrderIds().contains(order)).as("open after %s", progress).isEqualTo(rule.open());
        });
    }

    @Test
    void aCancellationOfAnOrderSeenEarlierIsCaughtByTheRecheck() {
        sim.putSku("item-1", "normal-inventory", 10);
        String order = sim.buy("item-1:normal-inventory", 3).orderId();
        clock.advance(Duration.ofMinutes(1));
        List<OrderEvent> first = poll(adapter, START, clock.instant());
        assertThat(first).singleElement().satisfies(e -> assertThat(e.action()).isEqualTo(OrderAction.RESERVE));
        assertThat(openOrders.openOrderIds()).containsExactly(order);

        // The buyer asks to cancel (800), then the shop confirms it (900); the next polls' windows no
        // longer contain the order date, so only the re-check can see it.
        sim.requestCancel(order);
        Instant from = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        List<OrderEvent> second = poll(adapter, from, clock.instant());
        assertThat(second).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(OrderAction.RESERVE);
            assertThat(e.mallStatus()).isEqualTo("orderProgress=800");
        });
        assertThat(openOrders.openOrderIds()).containsExactly(order);

        sim.cancel(order);
        sim.clearCalls();
        from = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        List<OrderEvent> third = poll(adapter, from, clock.instant());

        assertThat(third).singleElement().satisfies(e -> {
            assertThat(e.orderId()).isEqualTo(order);
            assertThat(e.action()).isEqualTo(OrderAction.CANCEL);
            assertThat(e.quantity()).isEqualTo(3);
            assertThat(e.mallStatus()).isEqualTo("orderProgress=900");
        });
        assertThat(calls(RakutenSimulator.GET_ORDER)).singleElement()
                .satisfies(c -> assertThat(body(c).path("orderNumberList").get(0).asText()).isEqualTo(order));
        assertThat(openOrders.openOrderIds()).isEmpty();
        assertThat(sim.shownQuantity("item-1:normal-inventory")).hasValue(10);
    }

    /**
     * Review bullet (Rakuten re-checks open orders too): the new-order search comes first, then the
     * re-checks, 100 per getOrder and at most RECHECK_CALLS_PER_POLL of them, in rotation.
     */
    @Test
    void newOrdersAreSearchedFirstAndOpenOrdersReCheckedInRotationWithinTheCallBudget() {
        sim.putSku("item-1", "normal-inventory", 10_000);
        int openCount = 650; // more than 5 x 100, so the rotation has to move
        List<String> open = java.util.stream.IntStream.range(0, openCount)
                .mapToObj(i -> sim.buy("item-1:normal-inventory", 1).orderId()).toList();
        clock.advance(Duration.ofMinutes(1));
        RakutenAdapter big = adapter(Map.of("pageSize", "100"));
        assertThat(poll(big, START, clock.instant())).hasSize(openCount);
        assertThat(openOrders.openOrderIds()).hasSize(openCount);

        Instant from = clock.instant();
        clock.advance(Duration.ofSeconds(30));
        String fresh = sim.buy("item-1:normal-inventory", 2).orderId();
        clock.advance(Duration.ofSeconds(30));
        sim.clearCalls();
        List<OrderEvent> events = poll(big, from, clock.instant());

        List<RecordedCall> all = sim.calls().stream()
                .filter(c -> c.path().equals(RakutenSimulator.SEARCH_ORDER) || c.path().equals(RakutenSimulator.GET_ORDER))
                .toList();
        assertThat(all).extracting(RecordedCall::path).containsExactly(RakutenSimulator.SEARCH_ORDER,
                RakutenSimulator.GET_ORDER, RakutenSimulator.GET_ORDER, RakutenSimulator.GET_ORDER,
                RakutenSimulator.GET_ORDER, RakutenSimulator.GET_ORDER, RakutenSimulator.GET_ORDER);
        assertThat(body(all.get(1)).path("orderNumberList")).extracting(JsonNode::asText).containsExactly(fresh);
        assertThat(all.subList(2, 7)).allSatisfy(c -> assertThat(body(c).path("orderNumberList")).hasSize(100));
        assertThat(events).hasSize(1 + 500);
        assertThat(events.get(0).orderId()).isEqualTo(fresh);

        // The next poll re-checks the other 151 (and 349 again): all 651 within ceil(651 / 500) = 2 polls.
        java.util.Set<String> rechecked = new java.util.HashSet<>();
        all.subList(2, 7).forEach(c -> body(c).path("orderNumberList").forEach(n -> rechecked.add(n.asText())));
        from = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        sim.clearCalls();
        poll(big, from, clock.instant());
        calls(RakutenSimulator.GET_ORDER).forEach(c -> body(c).path("orderNumberList")
                .forEach(n -> rechecked.add(n.asText())));
        assertThat(calls(RakutenSimulator.GET_ORDER)).hasSize(RakutenOrderSource.RECHECK_CALLS_PER_POLL);
        assertThat(rechecked).hasSize(openCount + 1).containsAll(open);
    }

    @Test
    void aDeletedLineCancelsOnlyThatLine() {
        sim.putSku("item-1", "a", 10);
        sim.putSku("item-2", "b", 10);
        String order = sim.buyAll(new java.util.LinkedHashMap<>(Map.of("item-1:a", 1, "item-2:b", 2))).orderId();
        long deleted = sim.lines(order).stream().filter(l -> l.variantId().equals("b")).findFirst().orElseThrow()
                .itemDetailId();
        sim.deleteLine(order, deleted);

        List<OrderEvent> events = poll(adapter, START, clock.instant().plusSeconds(1));

        assertThat(events).hasSize(2);
        assertThat(events).filteredOn(e -> e.itemKey().equals("item-2:b")).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(OrderAction.CANCEL);
            assertThat(e.lineId()).isEqualTo(Long.toString(deleted));
        });
        assertThat(events).filteredOn(e -> e.itemKey().equals("item-1:a")).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo(OrderAction.RESERVE));
    }

    @Test
    void maintenanceDuringAPollIsRetryAndTheNextPollSucceeds() {
        sim.putSku("item-1", "normal-inventory", 10);
        String order = sim.buy("item-1:normal-inventory", 1).orderId();
        sim.faults().maintenance(true);

        assertThatThrownBy(() -> poll(adapter, START, clock.instant().plusSeconds(1)))
                .isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PushStatus.RETRY);
                    assertThat(e.mallCode()).isEqualTo("SIM-503");
                });

        sim.faults().maintenance(false);
        assertThat(poll(adapter, START, clock.instant().plusSeconds(1))).extracting(OrderEvent::orderId)
                .containsExactly(order);
    }

    @Test
    void aPollWithExpiredCredentialsIsAuth() {
        sim.faults().credentialsExpired(true);

        assertThatThrownBy(() -> poll(adapter, START, clock.instant().plusSeconds(1)))
                .isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
                    assertThat(e.mallCode()).isEqualTo("GA0001");
                });
    }

    @Test
    void aWindowLongerThanRakutenAllowsIsRefusedBeforeCalling() {
        assertThatThrownBy(() -> poll(adapter, START.minus(Duration.ofDays(64)), START))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("63 days");
        assertThat(calls(RakutenSimulator.SEARCH_ORDER)).isEmpty();
    }

    // ------------------------------------------------------------------ stock

    @Test
    void absoluteQuantitiesAreWrittenAndLeadTimesAreLeftAlone() {
        RakutenSimulator.Extras kept = new RakutenSimulator.Extras(1000, 2000, List.of("ship-from-1"));
        sim.putSku("item-1", "Red", 7, kept);
        sim.putSku("item-1", "Blue", 7, kept);

        List<PushResult> results = adapter.stock().write(List.of(
                new StockUpdate("item-1:Red", 0), new StockUpdate("ITEM-1:Blue", 12)));

        assertThat(results).extracting(PushResult::status).containsExactly(PushStatus.OK, PushStatus.OK);
        assertThat(results).extracting(PushResult::itemKey).containsExactly("item-1:Red", "ITEM-1:Blue");
        assertThat(sim.shownQuantity("item-1:Red")).hasValue(0);
        assertThat(sim.shownQuantity("item-1:Blue")).hasValue(12);
        assertThat(sim.extras("item-1", "Red")).contains(kept);
        assertThat(sim.extras("item-1", "Blue")).contains(kept);
        JsonNode sent = body(calls(RakutenSimulator.BULK_UPSERT).get(0)).path("inventories");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).toString())
                .isEqualTo("{\"manageNumber\":\"item-1\",\"variantId\":\"Blue\",\"mode\":\"ABSOLUTE\",\"quantity\":12}");
    }

    @Test
    void aRejectedItemIsReportedWithRakutensCodeAndTheOthersAreWritten() {
        sim.putSku("item-1", "a", 1);
        sim.putSku("item-2", "b", 1);
        sim.putSku("item-3", "c", 1);
        sim.faults().rejectItem("item-2:b");

        List<PushResult> results = adapter.stock().write(List.of(
                new StockUpdate("item-1:a", 4), new StockUpdate("item-2:b", 5), new StockUpdate("item-3:c", 6)));

        assertThat(results).extracting(PushResult::status)
                .containsExactly(PushStatus.OK, PushStatus.REJECTED, PushStatus.OK);
        assertThat(results.get(1).mallCode()).isEqualTo("IE1101");
        assertThat(results.get(1).message()).isEqualTo("This SKU cannot be updated (simulated per-item rejection).");
        assertThat(sim.shownQuantity("item-1:a")).hasValue(4);
        assertThat(sim.shownQuantity("item-2:b")).hasValue(1);
        assertThat(sim.shownQuantity("item-3:c")).hasValue(6);
        assertThat(calls(RakutenSimulator.BULK_UPSERT)).extracting(c -> body(c).path("inventories").size())
                .containsExactly(3, 2);
    }

    @Test
    void aKeyThatCannotBeARakutenSkuIsRejectedWithoutACall() {
        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("no-variant", 1)));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(PushStatus.REJECTED);
            assertThat(r.mallCode()).isEqualTo("INVALID_ITEM_KEY");
        });
        assertThat(calls(RakutenSimulator.BULK_UPSERT)).isEmpty();
    }

    @Test
    void a429IsWaitedOutAsHintedAndTheWriteSucceeds() {
        sim.putSku("item-1", "a", 1);
        sim.faults().rateLimitNext(1, Duration.ofSeconds(2));

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("item-1:a", 9)));

        assertThat(results).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(PushStatus.OK));
        assertThat(calls(RakutenSimulator.BULK_UPSERT)).extracting(RecordedCall::status).containsExactly(429, 204);
        assertThat(sleeper.slept()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(sim.shownQuantity("item-1:a")).hasValue(9);
    }

    @Test
    void maintenanceIsRetryAndTheNextWriteSucceeds() {
        sim.putSku("item-1", "a", 1);
        sim.faults().maintenance(true);

        List<PushResult> failed = adapter.stock().write(List.of(new StockUpdate("item-1:a", 9)));
        sim.faults().maintenance(false);
        List<PushResult> later = adapter.stock().write(List.of(new StockUpdate("item-1:a", 9)));

        assertThat(failed).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(PushStatus.RETRY);
            assertThat(r.mallCode()).isEqualTo("SIM-503");
        });
        assertThat(later).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(PushStatus.OK));
        assertThat(sim.shownQuantity("item-1:a")).hasValue(9);
    }

    @Test
    void expiredCredentialsAreAuthAndStopTheWriteAfterOneCall() {
        List<StockUpdate> updates = IntStream.range(0, 401)
                .mapToObj(i -> new StockUpdate("item-" + i + ":normal-inventory", i)).toList();
        sim.faults().credentialsExpired(true);

        List<PushResult> results = adapter.stock().write(updates);

        assertThat(results).hasSize(401).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(PushStatus.AUTH);
            assertThat(r.mallCode()).isEqualTo("GA0001");
        });
        assertThat(calls(RakutenSimulator.BULK_UPSERT)).hasSize(1);
    }

    @Test
    void moreThan400ItemsGoInTwoCallsAtOnePerSecond() {
        List<StockUpdate> updates = IntStream.range(0, 401)
                .mapToObj(i -> new StockUpdate("item-" + i + ":normal-inventory", i)).toList();
        updates.forEach(u -> sim.putSku(u.itemKey().split(":")[0], "normal-inventory", 99));

        List<PushResult> results = adapter.stock().write(updates);

        assertThat(results).hasSize(401).allSatisfy(r -> assertThat(r.status()).isEqualTo(PushStatus.OK));
        assertThat(calls(RakutenSimulator.BULK_UPSERT)).extracting(c -> body(c).path("inventories").size())
                .containsExactly(400, 1);
        assertThat(sleeper.slept()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(sim.shownQuantity("item-400:normal-inventory")).hasValue(400);
    }

    @Test
    void unknownSkusAreAcceptedSilentlySoTheReaderIsHowTheyAreFound() {
        sim.putSku("item-1", "Red", 4);

        List<PushResult> written = adapter.stock().write(List.of(new StockUpdate("item-1:red", 2)));
        Map<String, Long> shown = adapter.shownStock().shownQuantities(
                List.of("ITEM-1:Red", "item-1:red", "ghost:normal-inventory", "not a key"));

        assertThat(written).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(PushStatus.OK));
        assertThat(sim.acceptedUnknownKeys()).containsExactly("item-1:red");
        assertThat(shown).containsExactly(Map.entry("ITEM-1:Red", 4L));
        assertThat(calls(RakutenSimulator.BULK_GET)).singleElement()
                .satisfies(c -> assertThat(body(c).path("inventories").size()).isEqualTo(3));
    }

    // ------------------------------------------------------------------ credentials

    @Test
    void theLicenseKeyIsFlaggedFourteenDaysBeforeItExpires() {
        sim.licenseExpiresAt(clock.instant().plus(Duration.ofDays(15)));
        CredentialStatus early = adapter.credentials().get(0);
        sim.licenseExpiresAt(clock.instant().plus(Duration.ofDays(13)));
        CredentialStatus late = adapter.credentials().get(0);

        assertThat(early.name()).isEqualTo("licenseKey");
        // expiryDate travels as JST wall time to the second.
        assertThat(early.expiresAt()).contains(clock.instant().plus(Duration.ofDays(15)));
        assertThat(early.needsRenewal(clock.instant())).isFalse();
        assertThat(late.needsRenewal(clock.instant())).isTrue();
        assertThat(late.renewal()).contains("ライセンスキー");
        assertThat(calls(RakutenSimulator.LICENSE_EXPIRY)).allSatisfy(
                c -> assertThat(c.query()).isEqualTo("licenseKey=" + LICENSE));
    }

    @Test
    void anExpiredLicenseKeyIsReportedAsExpiringNow() {
        sim.licenseExpiresAt(clock.instant().minusSeconds(1));

        CredentialStatus status = adapter.credentials().get(0);

        assertThat(status.expiresAt()).contains(clock.instant());
        assertThat(status.needsRenewal(clock.instant())).isTrue();
        assertThat(status.renewal()).startsWith("Rejected now (GA0001)");
    }
}
