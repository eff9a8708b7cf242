package dev.zaiko.channel.yahoo;

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
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.yahoo.YahooSimulator;
import dev.zaiko.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Yahoo adapter against the Yahoo simulator: the calls it makes and what it makes of the answers. */
class YahooAdapterIT {
    private static final String SELLER = "zaiko-store";
    private static final String CLIENT_ID = "dj00client";
    private static final String CLIENT_SECRET = "secret";
    private static final String REFRESH = "refresh-1";
    private static final Instant START = Instant.parse("2026-03-02T01:00:00Z");
    private static KeyPair keys;

    private final MutableClock clock = new MutableClock(START);
    private final VirtualClock sleeper = new VirtualClock(Instant.EPOCH);
    private final InMemoryOpenOrders openOrders = new InMemoryOpenOrders();
    private YahooSimulator sim;
    private YahooAdapter adapter;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @BeforeEach
    void start() {
        sim = new YahooSimulator(clock, SELLER, CLIENT_ID, CLIENT_SECRET, REFRESH, keys.getPrivate());
        adapter = adapter(Map.of(), Map.of());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private YahooAdapter adapter(Map<String, String> extraOptions, Map<String, String> extraSecret) {
        Map<String, String> options = new HashMap<>(extraOptions);
        options.put("baseUrl", sim.baseUrl() + "/ShoppingWebService/V1");
        options.put("tokenUrl", sim.baseUrl() + YahooSimulator.TOKEN);
        options.put("redirectUri", "https://example.com/yahoo/callback");
        Map<String, String> secret = new HashMap<>(Map.of("clientId", CLIENT_ID, "clientSecret", CLIENT_SECRET,
                "sellerId", SELLER, "refreshToken", REFRESH, "publicKey", YahooSignatureTest.pem(keys),
                "publicKeyVersion", "1"));
        secret.putAll(extraSecret);
        return YahooAdapterFactory.create(new ChannelSettings("yahoo-main", "yahoo", secret, options, clock),
                openOrders, new MallHttp(), sleeper);
    }

    private List<OrderEvent> poll(YahooAdapter source, Instant from, Instant to) {
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

    private static Map<String, String> form(RecordedCall call) {
        return SimRequest.parseForm(call.body());
    }

    private static String xmlText(RecordedCall call, String element) {
        String body = call.body();
        int start = body.indexOf("<" + element + ">");
        int end = body.indexOf("</" + element + ">");
        return start < 0 ? "" : body.substring(start + element.length() + 2, end);
    }

    // ------------------------------------------------------------------ wiring and auth

    @Test
    void theFactoryIsFoundByTypeAndEveryCallIsSignedWithAFreshToken() {
        assertThat(ChannelAdapterFactory.all().get("yahoo")).isInstanceOf(YahooAdapterFactory.class);
        sim.putItem("item-1", 3);

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("item-1", 5)));

        assertThat(results).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(PushStatus.OK));
        assertThat(calls(YahooSimulator.TOKEN)).singleElement().satisfies(c -> {
            assertThat(form(c)).containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", REFRESH);
            assertThat(c.header("X-sws-signature")).isNotBlank();
        });
        assertThat(calls(YahooSimulator.SET_STOCK)).singleElement().satisfies(c -> {
            assertThat(c.header("Authorization")).isEqualTo("Bearer at-1");
            assertThat(c.header("X-sws-signature-version")).isEqualTo("1");
        });
    }

    @Test
    void anAccessTokenThatLapsedIsRefreshedOnceAndTheCallRepeated() {
        sim.putItem("item-1", 3);
        adapter.stock().write(List.of(new StockUpdate("item-1", 4)));
        sim.expireAccessTokens();

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("item-1", 6)));

        assertThat(results).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(PushStatus.OK));
        assertThat(calls(YahooSimulator.TOKEN)).hasSize(2);
        assertThat(calls(YahooSimulator.SET_STOCK)).extracting(RecordedCall::status).containsExactly(200, 401, 200);
        assertThat(sim.shownQuantity("item-1")).hasValue(6);
    }

    @Test
    void theAccessTokenIsRefreshedBeforeItsHourRunsOut() {
        sim.putItem("item-1", 3);
        adapter.stock().write(List.of(new StockUpdate("item-1", 4)));
        clock.advance(Duration.ofMinutes(59));

        adapter.stock().write(List.of(new StockUpdate("item-1", 5)));

        assertThat(calls(YahooSimulator.TOKEN)).hasSize(2);
        assertThat(calls(YahooSimulator.SET_STOCK)).extracting(RecordedCall::status).containsExactly(200, 200);
    }

    // ------------------------------------------------------------------ orders

    @Test
    void orderListIsPagedAcrossThreePagesAndEachOrderReadWithOrderInfo() {
        sim.putItem("item-1:red", 100);
        List<String> orders = IntStream.range(0, 5).mapToObj(i -> {
            clock.advance(Duration.ofMinutes(1));
            return sim.buy("item-1:red", i + 1).orderId();
        }).toList();
        YahooAdapter paged = adapter(Map.of("pageSize", "2"), Map.of());

        List<OrderEvent> events = poll(paged, START, clock.instant().plusSeconds(1));

        assertThat(events).extracting(OrderEvent::orderId).containsExactlyElementsOf(orders);
        assertThat(events).extracting(OrderEvent::quantity).containsExactly(1, 2, 3, 4, 5);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo(OrderAction.RESERVE);
            assertThat(e.itemKey()).isEqualTo("item-1:red");
            assertThat(e.lineId()).isEqualTo("1");
            assertThat(e.mallStatus()).isEqualTo("OrderStatus=2 ShipStatus=1");
        });
        List<RecordedCall> lists = calls(YahooSimulator.ORDER_LIST);
        assertThat(lists).extracting(c -> xmlText(c, "Start")).containsExactly("1", "3", "5");
        assertThat(lists).allSatisfy(c -> {
            assertThat(xmlText(c, "Result")).isEqualTo("2");
            assertThat(xmlText(c, "OrderTimeFrom")).isEqualTo("20260302100000");
            assertThat(xmlText(c, "SellerId")).isEqualTo(SELLER);
        });
        assertThat(calls(YahooSimulator.ORDER_INFO)).extracting(c -> xmlText(c, "OrderId"))
                .containsExactlyElementsOf(orders);
        assertThat(openOrders.openOrderIds()).containsExactlyInAnyOrderElementsOf(orders);
    }

    @Test
    void everyStatusRowIsReportedEvenWhenTheOrderMovedBeforeThePoll() {
        sim.putItem("item-1", 100);
        Map<String, String> orders = new java.util.LinkedHashMap<>();
        for (String status : List.of("1", "2", "3", "4", "5")) {
            clock.advance(Duration.ofSeconds(10));
            String order = sim.buy("item-1", 2).orderId();
            if (status.equals("4")) {
                sim.cancel(order);
            } else {
                sim.setStatus(order, Integer.parseInt(status));
            }
            orders.put(status, order);
        }
        clock.advance(Duration.ofSeconds(10));
        String inactive = sim.buy("item-1", 2).orderId();
        sim.setActive(inactive, false);
        clock.advance(Duration.ofSeconds(10));
        String shipped = sim.buy("item-1", 2).orderId();
        sim.ship(shipped);

        List<OrderEvent> events = poll(adapter, START, clock.instant().plusSeconds(1));

        assertThat(events).hasSize(7);
        orders.forEach((status, order) -> {
            YahooStatuses.Rule rule = YahooStatuses.TABLE.get(status);
            assertThat(events).filteredOn(e -> e.orderId().equals(order)).singleElement().satisfies(e -> {
                assertThat(e.action()).as("OrderStatus %s", status).isEqualTo(rule.action());
                assertThat(e.mallStatus()).startsWith("OrderStatus=" + status);
            });
            assertThat(openOrders.openOrderIds().contains(order)).as("open after %s", status).isEqualTo(rule.open());
        });
        assertThat(events).filteredOn(e -> e.orderId().equals(inactive)).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo(OrderAction.IGNORE));
        assertThat(events).filteredOn(e -> e.orderId().equals(shipped)).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo(OrderAction.RESERVE));
        assertThat(openOrders.openOrderIds()).contains(inactive).doesNotContain(shipped);
    }

    @Test
    void aCancellationOfAnOrderSeenEarlierIsCaughtByTheRecheck() {
        sim.putItem("item-1", 10);
        String order = sim.buy("item-1", 3).orderId();
        clock.advance(Duration.ofMinutes(1));
        assertThat(poll(adapter, START, clock.instant())).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo(OrderAction.RESERVE));
        assertThat(openOrders.openOrderIds()).containsExactly(order);

        sim.cancel(order);
        sim.clearCalls();
        Instant from = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        List<OrderEvent> next = poll(adapter, from, clock.instant());

        assertThat(next).singleElement().satisfies(e -> {
            assertThat(e.orderId()).isEqualTo(order);
            assertThat(e.action()).isEqualTo(OrderAction.CANCEL);
            assertThat(e.quantity()).isEqualTo(3);
            assertThat(e.mallStatus()).startsWith("OrderStatus=4");
        });
        assertThat(calls(YahooSimulator.ORDER_INFO)).singleElement()
                .satisfies(c -> assertThat(xmlText(c, "OrderId")).isEqualTo(order));
        assertThat(calls(YahooSimulator.ORDER_LIST)).singleElement();
        assertThat(openOrders.openOrderIds()).isEmpty();
    }

    /**
     * Issue 15 defect 2 (Yahoo edits): the store cuts a line from 3 to 2 and then raises it to 4; the
     * re-check reports each as a revision (the read time orders them) and the ledger takes exactly
     * the difference each time, whatever order the two revisions are delivered in.
     */
    @Test
    void aLineEditedDownThenUpIsReportedAsRevisionsAndTheLedgerTakesExactlyTheDifference() {
        sim.putItem("item-1", 10);
        String order = sim.buy("item-1", 3).orderId();
        clock.advance(Duration.ofMinutes(1));
        OrderEvent first = poll(adapter, START, clock.instant()).get(0);

        sim.applyFaults(json("{\"editLine\":{\"orderId\":\"" + order + "\",\"itemKey\":\"item-1\",\"quantity\":2}}"));
        Instant from = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        OrderEvent cut = poll(adapter, from, clock.instant()).get(0);
        sim.applyFaults(json("{\"editLine\":{\"orderId\":\"" + order + "\",\"itemKey\":\"item-1\",\"quantity\":4}}"));
        from = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        OrderEvent raised = poll(adapter, from, clock.instant()).get(0);

        assertThat(List.of(first.quantity(), cut.quantity(), raised.quantity())).containsExactly(3, 2, 4);
        assertThat(List.of(first.action(), cut.action(), raised.action())).containsOnly(OrderAction.RESERVE);
        assertThat(cut.revision()).isAfter(first.revision());
        assertThat(raised.revision()).isAfter(cut.revision());
        // The mall itself: 10 - 3, +1 back for the cut, -2 for the rise.
        assertThat(sim.shownQuantity("item-1")).hasValue(6);

        for (List<OrderEvent> delivery : List.of(List.of(first, cut, raised), List.of(raised, first, cut),
                List.of(cut, raised, first))) {
            try (dev.zaiko.config.SqlStores stores = dev.zaiko.config.SqlStores.temporary(clock)) {
                dev.zaiko.app.LedgerService ledger = new dev.zaiko.app.LedgerService(stores.stockLedger(),
                        requests -> { }, clock);
                ledger.define("CUP", 10, Optional.empty(), Optional.empty(), Optional.empty(),
                        dev.zaiko.domain.ChangeSource.admin("test"));
                ledger.mapListing(new dev.zaiko.domain.ListingKey("yahoo-main", "item-1"),
                        List.of(new dev.zaiko.domain.Component("CUP", 1)), false);
                delivery.forEach(ledger::apply);
                delivery.forEach(ledger::apply); // redelivered: nothing more moves
                assertThat(stores.stockLedger().readStock(List.of("CUP")).get("CUP").available())
                        .as("delivered as %s", delivery.stream().map(OrderEvent::quantity).toList()).isEqualTo(6);
            }
        }
    }

    @Test
    void aMalformedOrderIsRejectedAndTheGoodOrderOfThePageStillComes() {
        sim.putItem("item-1", 10);
        String good = sim.buy("item-1", 1).orderId();
        sim.applyFaults(json("{\"malformedOrder\":{\"reason\":\"missingField\"}}"));
        clock.advance(Duration.ofMinutes(1));

        OrderPage page = adapter.orders().fetchChanged(START, clock.instant(), Optional.empty());

        assertThat(page.events()).singleElement().satisfies(e -> assertThat(e.orderId()).isEqualTo(good));
        assertThat(page.rejected()).singleElement().satisfies(r -> {
            assertThat(r.orderId()).isNotEqualTo(good);
            assertThat(r.reason()).contains("ItemId is missing");
            assertThat(r.rawExcerpt()).contains("<OrderStatus>2</OrderStatus>");
        });
        assertThatThrownBy(() -> sim.applyFaults(json("{\"malformedOrder\":{\"reason\":\"zeroQuantity\"}}")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Review bullet: with ~45 open orders the re-checks came first and the poll never reached new
     * orders, and above ~35 a poll a minute exceeded Yahoo's 50,000 requests/day. Now the search
     * comes first and the re-checks share what is left of a 20-call budget, in rotation.
     */
    @Test
    void withFortyFiveOpenOrdersNewOrdersAreFetchedFirstAndEachPollStaysWithinItsBudget() {
        sim.putItem("item-1", 1_000);
        List<String> open = IntStream.range(0, 45).mapToObj(i -> sim.buy("item-1", 1).orderId()).toList();
        clock.advance(Duration.ofMinutes(1));
        assertThat(poll(adapter, START, clock.instant())).hasSize(45); // new orders are never held back
        assertThat(openOrders.openOrderIds()).hasSize(45);
        String cancelled = open.get(44);
        sim.cancel(cancelled);

        Instant from = clock.instant();
        clock.advance(Duration.ofSeconds(30));
        List<String> fresh = IntStream.range(0, 3).mapToObj(i -> sim.buy("item-1", 2).orderId()).toList();
        clock.advance(Duration.ofSeconds(30));
        sim.clearCalls();
        List<OrderEvent> first = poll(adapter, from, clock.instant());

        assertThat(calls(YahooSimulator.ORDER_LIST)).hasSize(1);
        assertThat(calls(YahooSimulator.ORDER_INFO)).hasSize(19); // 3 new + 16 re-checks = 20 calls with the search
        assertThat(calls(YahooSimulator.ORDER_INFO).subList(0, 3)).extracting(c -> xmlText(c, "OrderId"))
                .containsExactlyElementsOf(fresh);
        assertThat(first).filteredOn(e -> fresh.contains(e.orderId())).extracting(OrderEvent::action)
                .containsExactly(OrderAction.RESERVE, OrderAction.RESERVE, OrderAction.RESERVE);
        assertThat(first).hasSize(19);

        // Later polls with no new orders: 1 orderList + 19 re-checks each; the 48 open orders all come
        // round within ceil(48 / 19) = 3 polls, so the cancellation is caught.
        java.util.Set<String> rechecked = new java.util.HashSet<>();
        List<OrderEvent> later = new ArrayList<>();
        for (int poll = 0; poll < 3; poll++) {
            from = clock.instant();
            clock.advance(Duration.ofMinutes(1));
            sim.clearCalls();
            later.addAll(poll(adapter, from, clock.instant()));
            assertThat(calls(YahooSimulator.ORDER_LIST)).as("poll %d", poll).hasSize(1);
            assertThat(calls(YahooSimulator.ORDER_INFO)).as("poll %d", poll).hasSize(19);
            calls(YahooSimulator.ORDER_INFO).forEach(c -> rechecked.add(xmlText(c, "OrderId")));
        }
        assertThat(rechecked).hasSize(48);
        assertThat(later).filteredOn(e -> e.orderId().equals(cancelled)).extracting(OrderEvent::action)
                .contains(OrderAction.CANCEL);
        assertThat(openOrders.openOrderIds()).hasSize(47).doesNotContain(cancelled);

        // A day at the shortest interval deploy-config allows for Yahoo: 20 calls x 1,440 polls.
        int pollsPerDay = 86_400 / YahooOrderSource.MIN_POLL_INTERVAL_SECONDS;
        assertThat(YahooOrderSource.POLL_CALL_BUDGET * pollsPerDay).isEqualTo(28_800)
                .isLessThan(YahooOrderSource.DAILY_QUOTA);
        assertThat(45 * pollsPerDay).as("re-checking all 45 on every poll, as before").isEqualTo(64_800)
                .isGreaterThan(YahooOrderSource.DAILY_QUOTA);
    }

    @Test
    void anInactiveOrderThatBecomesActiveIsReservedByTheRecheck() {
        sim.putItem("item-1", 10);
        String order = sim.buy("item-1", 2).orderId();
        sim.setActive(order, false);
        clock.advance(Duration.ofMinutes(1));
        assertThat(poll(adapter, START, clock.instant())).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo(OrderAction.IGNORE));

        sim.setActive(order, true);
        Instant from = clock.instant();
        clock.advance(Duration.ofMinutes(1));

        assertThat(poll(adapter, from, clock.instant())).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(OrderAction.RESERVE);
            assertThat(e.quantity()).isEqualTo(2);
        });
        assertThat(openOrders.openOrderIds()).containsExactly(order);
    }

    @Test
    void maintenanceDuringAPollIsRetryAndTheNextPollSucceeds() {
        sim.putItem("item-1", 10);
        String order = sim.buy("item-1", 1).orderId();
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
    void aRevokedConsentIsAuthForPollsAndWrites() {
        sim.putItem("item-1", 1);
        sim.faults().credentialsExpired(true);

        assertThatThrownBy(() -> poll(adapter, START, clock.instant().plusSeconds(1)))
                .isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
                    assertThat(e.mallCode()).isEqualTo("invalid_grant");
                    assertThat(e.getMessage()).contains("consent again in a browser");
                });
        assertThat(adapter.stock().write(List.of(new StockUpdate("item-1", 2)))).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(PushStatus.AUTH);
            assertThat(r.mallCode()).isEqualTo("invalid_grant");
        });
        assertThat(calls(YahooSimulator.SET_STOCK)).isEmpty();
    }

    @Test
    void anExpiredTokenThatARefreshDoesNotCureIsAuth() {
        sim.putItem("item-1", 1);
        adapter.stock().write(List.of(new StockUpdate("item-1", 2)));
        // The API keeps refusing tokens (the seller revoked the app) while the token endpoint still answers.
        sim.faults().credentialsExpired(true);

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("item-1", 3)));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(PushStatus.AUTH);
            assertThat(r.mallCode()).isIn("invalid_token", "invalid_grant");
        });
        assertThat(sim.shownQuantity("item-1")).hasValue(2);
    }

    // ------------------------------------------------------------------ stock

    @Test
    void absoluteQuantitiesAreWrittenAndAllowOverdraftIsLeftAlone() {
        sim.putItem("item-1", 7, true);
        sim.putItem("item-2:blue-l", 7, true);

        List<PushResult> results = adapter.stock().write(List.of(
                new StockUpdate("item-1", 0), new StockUpdate("item-2:blue-l", 12)));

        assertThat(results).extracting(PushResult::status).containsExactly(PushStatus.OK, PushStatus.OK);
        assertThat(sim.shownQuantity("item-1")).hasValue(0);
        assertThat(sim.shownQuantity("item-2:blue-l")).hasValue(12);
        assertThat(sim.allowOverdraft("item-1")).contains(true);
        assertThat(sim.allowOverdraft("item-2:blue-l")).contains(true);
        assertThat(calls(YahooSimulator.SET_STOCK)).singleElement().satisfies(c -> assertThat(form(c))
                .containsExactly(Map.entry("seller_id", SELLER), Map.entry("item_code", "item-1,item-2:blue-l"),
                        Map.entry("quantity", "0,12")));
    }

    @Test
    void aRejectedItemIsReportedWithYahoosCodeAndTheOthersAreWritten() {
        sim.putItem("item-1", 1);
        sim.putItem("item-2", 1);
        sim.putItem("item-3", 1);
        sim.faults().rejectItem("item-2");

        List<PushResult> results = adapter.stock().write(List.of(
                new StockUpdate("item-1", 4), new StockUpdate("item-2", 5), new StockUpdate("item-3", 6)));

        assertThat(results).extracting(PushResult::status)
                .containsExactly(PushStatus.OK, PushStatus.REJECTED, PushStatus.OK);
        assertThat(results.get(1).mallCode()).isEqualTo("st-02104");
        assertThat(results.get(1).message()).startsWith("在庫を更新できない商品です。");
        assertThat(sim.shownQuantity("item-1")).hasValue(4);
        assertThat(sim.shownQuantity("item-2")).hasValue(1);
        assertThat(sim.shownQuantity("item-3")).hasValue(6);
        assertThat(calls(YahooSimulator.SET_STOCK)).hasSize(1);
    }

    @Test
    void a429IsWaitedOutAsHintedAndTheWriteSucceeds() {
        sim.putItem("item-1", 1);
        adapter.stock().write(List.of(new StockUpdate("item-1", 2)));
        sim.faults().rateLimitNext(1, Duration.ofSeconds(3));
        Duration before = sleeper.slept();

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("item-1", 9)));

        assertThat(results).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(PushStatus.OK));
        assertThat(calls(YahooSimulator.SET_STOCK)).extracting(RecordedCall::status).containsExactly(200, 429, 200);
        assertThat(sleeper.slept().minus(before)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(sim.shownQuantity("item-1")).hasValue(9);
    }

    @Test
    void maintenanceIsRetryAndTheNextWriteSucceeds() {
        sim.putItem("item-1", 1);
        sim.faults().maintenance(true);

        List<PushResult> failed = adapter.stock().write(List.of(new StockUpdate("item-1", 9)));
        sim.faults().maintenance(false);
        List<PushResult> later = adapter.stock().write(List.of(new StockUpdate("item-1", 9)));

        assertThat(failed).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(PushStatus.RETRY);
            assertThat(r.mallCode()).isEqualTo("SIM-503");
        });
        assertThat(later).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(PushStatus.OK));
        assertThat(sim.shownQuantity("item-1")).hasValue(9);
    }

    @Test
    void moreThan1000ItemsGoInTwoCallsAtOnePerSecond() {
        List<StockUpdate> updates = IntStream.range(0, 1001).mapToObj(i -> new StockUpdate("item-" + i, i)).toList();
        updates.forEach(u -> sim.putItem(u.itemKey(), 99));

        List<PushResult> results = adapter.stock().write(updates);

        assertThat(results).hasSize(1001).allSatisfy(r -> assertThat(r.status()).isEqualTo(PushStatus.OK));
        assertThat(calls(YahooSimulator.SET_STOCK)).extracting(c -> form(c).get("item_code").split(",").length)
                .containsExactly(1000, 1);
        assertThat(sleeper.slept()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(sim.shownQuantity("item-1000")).hasValue(1000);
    }

    @Test
    void unknownCodesAreAcceptedSilentlySoTheReaderIsHowTheyAreFound() {
        sim.putItem("item-1:red", 4);

        List<PushResult> written = adapter.stock().write(List.of(new StockUpdate("ghost", 2)));
        Map<String, Long> shown = adapter.shownStock().shownQuantities(List.of("item-1:red", "ghost", "bad,key"));

        assertThat(written).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(PushStatus.OK));
        assertThat(sim.acceptedUnknownCodes()).containsExactly("ghost");
        assertThat(shown).containsExactly(Map.entry("item-1:red", 4L));
        assertThat(calls(YahooSimulator.GET_STOCK)).singleElement()
                .satisfies(c -> assertThat(form(c).get("item_code")).isEqualTo("item-1:red,ghost"));
    }

    // ------------------------------------------------------------------ credentials

    @Test
    void theRefreshTokenIsFlaggedFourteenDaysBeforeItsTwentyEightDaysEnd() {
        YahooAdapter consentedThirteenDaysAgo = adapter(Map.of(), Map.of(
                "refreshTokenIssuedAt", clock.instant().minus(Duration.ofDays(13)).toString(),
                "publicKeyExpiresAt", "2026-12-31"));
        YahooAdapter consentedFifteenDaysAgo = adapter(Map.of(), Map.of(
                "refreshTokenIssuedAt", clock.instant().minus(Duration.ofDays(15)).toString(),
                "publicKeyExpiresAt", "2026-03-10"));

        List<CredentialStatus> early = consentedThirteenDaysAgo.credentials();
        List<CredentialStatus> late = consentedFifteenDaysAgo.credentials();

        assertThat(early).extracting(CredentialStatus::name).containsExactly("refreshToken", "publicKey");
        assertThat(early.get(0).expiresAt()).contains(clock.instant().plus(Duration.ofDays(15)));
        assertThat(early.get(0).needsRenewal(clock.instant())).isFalse();
        assertThat(late.get(0).expiresAt()).contains(clock.instant().plus(Duration.ofDays(13)));
        assertThat(late.get(0).needsRenewal(clock.instant())).isTrue();
        assertThat(late.get(0).renewal())
                .contains("2026-03-15 10:00 JST")
                .contains("https://auth.login.yahoo.co.jp/yconnect/v2/authorization?response_type=code&client_id="
                        + CLIENT_ID + "&redirect_uri=https%3A%2F%2Fexample.com%2Fyahoo%2Fcallback");
        assertThat(early.get(1).expiresAt()).contains(Instant.parse("2026-12-31T14:59:59Z"));
        assertThat(early.get(1).needsRenewal(clock.instant())).isFalse();
        assertThat(late.get(1).needsRenewal(clock.instant())).isTrue();
        assertThat(late.get(1).renewal()).contains("暗号鍵管理");
    }

    @Test
    void anExpiredRefreshTokenIsReportedAsExpiringNow() {
        sim.refreshTokenExpiresAt(clock.instant().minusSeconds(1));

        CredentialStatus refresh = adapter.credentials().get(0);

        assertThat(refresh.expiresAt()).contains(clock.instant());
        assertThat(refresh.needsRenewal(clock.instant())).isTrue();
        assertThat(refresh.renewal()).startsWith("Rejected now (invalid_grant)");
    }
}
