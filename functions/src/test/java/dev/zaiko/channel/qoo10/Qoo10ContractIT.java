package dev.zaiko.channel.qoo10;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.InMemoryOpenOrders;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockUpdate;
import dev.zaiko.sim.RecordedCall;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.qoo10.Qoo10Simulator;
import dev.zaiko.channel.support.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Qoo10 adapter against its simulator: QAPI paths, shapes, statuses, faults. */
class Qoo10ContractIT {
    private static final String SHIPPING = Qoo10Simulator.PATH + "ShippingBasic.GetShippingInfo_v3";
    private static final String CLAIMS = Qoo10Simulator.PATH + "ShippingBasic.GetClaimInfo_V3";
    private static final String RECHECK = Qoo10Simulator.PATH + "ShippingBasic.GetShippingAndClaimInfoByOrderNo_V2";
    private static final String BULK = Qoo10Simulator.PATH + "ItemsOrder.SetGoodsPriceQtyBulk";
    private static final String CERT = Qoo10Simulator.PATH + "CertificationAPI.CreateCertificationKey";
    private static final Instant T0 = Instant.parse("2026-05-01T01:00:00Z"); // 10:00 JST

    private final ObjectMapper json = new ObjectMapper();
    private VirtualClock clock;
    private Qoo10Simulator sim;
    private InMemoryOpenOrders open;
    private ChannelAdapter adapter;

    @BeforeEach
    void start() {
        clock = new VirtualClock(T0);
        sim = new Qoo10Simulator(clock);
        open = new InMemoryOpenOrders();
        adapter = adapter(Map.of("apiKeyExpiresAt", "2026-06-01"));
    }

    private ChannelAdapter adapter(Map<String, String> extraCredentials) {
        Map<String, String> credentials = new HashMap<>(Map.of("apiKey", Qoo10Simulator.API_KEY,
                "userId", Qoo10Simulator.USER_ID, "password", Qoo10Simulator.PASSWORD));
        credentials.putAll(extraCredentials);
        return new Qoo10AdapterFactory().create(new ChannelSettings("qoo10-main", "qoo10", credentials,
                Map.of("baseUrl", sim.baseUrl().toString(), "requestsPerSecond", "500"), clock), open);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private record Poll(List<OrderEvent> events, List<Optional<String>> tokens) {
        List<OrderEvent> of(String orderNo) {
            return events.stream().filter(e -> e.orderId().equals(orderNo)).toList();
        }

        OrderEvent last(String orderNo) {
            List<OrderEvent> mine = of(orderNo);
            assertThat(mine).as("events for order " + orderNo).isNotEmpty();
            return mine.get(mine.size() - 1);
        }
    }

    private Poll poll(Instant from, Instant to) {
        List<OrderEvent> events = new ArrayList<>();
        List<Optional<String>> tokens = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            tokens.add(token);
            OrderPage page = adapter.orders().fetchChanged(from, to, token);
            adapter.orders().pageEnqueued(page); // as a poll does once the page is queued
            events.addAll(page.events());
            token = page.nextPageToken();
        } while (token.isPresent());
        return new Poll(events, tokens);
    }

    private Poll pollAroundNow() {
        return poll(clock.instant().minus(Duration.ofMinutes(5)), clock.instant().plus(Duration.ofMinutes(1)));
    }

    private static Map<String, String> form(RecordedCall call) {
        return SimRequest.parseForm(call.body());
    }

    private List<RecordedCall> callsTo(String path) {
        return sim.calls().stream().filter(c -> c.path().equals(path)).toList();
    }

    // ------------------------------------------------------------------ orders

    @Test
    void pagesWalkEveryQueryAndOrdersLandOnTheirStatusPage() {
        sim.putItem("111111111", 10);
        String waiting = sim.buy("111111111", 1).orderId();
        sim.setShippingStatus(waiting, 1);
        String requested = sim.buy("111111111", 2).orderId();
        String preparing = sim.buy("111111111", 3).orderId();
        sim.setShippingStatus(preparing, 3);

        List<List<OrderEvent>> pages = new ArrayList<>();
        Optional<String> token = Optional.empty();
        Instant from = T0.minus(Duration.ofMinutes(1));
        Instant to = T0.plus(Duration.ofMinutes(1));
        do {
            OrderPage page = adapter.orders().fetchChanged(from, to, token);
            adapter.orders().pageEnqueued(page); // as a poll does once the page is queued
            pages.add(page.events());
            token = page.nextPageToken();
        } while (token.isPresent());

        assertThat(pages).hasSize(8);
        assertThat(pages.get(0)).extracting(OrderEvent::orderId).containsExactly(waiting);
        assertThat(pages.get(1)).extracting(OrderEvent::orderId).containsExactly(requested);
        assertThat(pages.get(2)).extracting(OrderEvent::orderId).containsExactly(preparing);
        assertThat(pages.get(1).get(0).quantity()).isEqualTo(2);
        assertThat(pages.get(1).get(0).itemKey()).isEqualTo("111111111");
        assertThat(pages.get(1).get(0).action()).isEqualTo(OrderAction.RESERVE);
        assertThat(pages.get(1).get(0).mallStatus()).isEqualTo("ShippingStatus 配送要請(2)");
        assertThat(pages.get(1).get(0).occurredAt()).isEqualTo(T0);
        assertThat(open.openOrderIds()).containsExactlyInAnyOrder(waiting, requested, preparing);
        // the re-check page asked each open order once
        assertThat(callsTo(RECHECK)).extracting(c -> form(c).get("OrderNo"))
                .containsExactlyInAnyOrder(waiting, requested, preparing);

        List<RecordedCall> shipping = callsTo(SHIPPING);
        assertThat(shipping).extracting(c -> form(c).get("ShippingStatus")).containsExactly("1", "2", "3", "4", "5");
        assertThat(shipping).extracting(c -> form(c).get("SearchCondition")).containsExactly("1", "1", "1", "3", "4");
        assertThat(form(shipping.get(0))).containsEntry("SearchStartDate", "20260501095900")
                .containsEntry("SearchEndDate", "20260501100059").containsEntry("returnType", "application/json");
        assertThat(callsTo(CLAIMS)).extracting(c -> form(c).get("ClaimStat")).containsExactly("3", "16");
        assertThat(callsTo(CLAIMS)).extracting(c -> form(c).get("search_condition")).containsExactly("3", "3");
        // the SAK was issued once with the API key, then sent on every call
        assertThat(callsTo(CERT)).hasSize(1);
        assertThat(callsTo(CERT).get(0).header("GiosisCertificationKey")).isEqualTo(Qoo10Simulator.API_KEY);
        assertThat(shipping).allSatisfy(c -> {
            assertThat(c.method()).isEqualTo("POST");
            assertThat(c.header("QAPIVersion")).isEqualTo("1.0");
            assertThat(c.header("GiosisCertificationKey")).isEqualTo("SAK-1");
            assertThat(c.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        });
    }

    @ParameterizedTest(name = "ShippingStatus {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void everyShippingStatusRow(int status) {
        sim.putItem("222222222", 5);
        String order = sim.buy("222222222", 1).orderId();
        clock.advance(Duration.ofSeconds(10));
        sim.setShippingStatus(order, status);

        Poll poll = pollAroundNow();

        Qoo10Statuses.Rule rule = Qoo10Statuses.SHIPPING.get(String.valueOf(status));
        assertThat(poll.last(order).action()).isEqualTo(rule.action());
        assertThat(poll.last(order).mallStatus()).endsWith("(" + status + ")");
        assertThat(open.openOrderIds().contains(order)).isEqualTo(rule.open());
    }

    @ParameterizedTest(name = "ClaimStat {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16})
    void everyClaimStatusRow(int claim) {
        sim.putItem("333333333", 5);
        String order = sim.buy("333333333", 2).orderId();
        clock.advance(Duration.ofSeconds(10));
        sim.setClaimStatus(order, claim);

        Poll poll = pollAroundNow();

        Qoo10Statuses.Rule rule = Qoo10Statuses.CLAIM.get(String.valueOf(claim));
        assertThat(poll.last(order).action()).isEqualTo(rule.action());
        assertThat(poll.last(order).mallStatus()).isEqualTo("ClaimStat " + claim);
        assertThat(poll.last(order).quantity()).isEqualTo(2);
        assertThat(open.openOrderIds().contains(order)).isEqualTo(rule.open());
    }

    @Test
    void ordersShippedOrCancelledBeforeThePollAreStillCaught() {
        sim.putItem("444444444", 5);
        String shipped = sim.buy("444444444", 1).orderId();
        String cancelled = sim.buy("444444444", 2).orderId();
        clock.advance(Duration.ofSeconds(30));
        sim.ship(shipped);
        sim.cancel(cancelled);

        Poll poll = pollAroundNow();

        assertThat(poll.of(shipped)).extracting(OrderEvent::action).containsExactly(OrderAction.RESERVE);
        assertThat(poll.of(cancelled)).extracting(OrderEvent::action).containsExactly(OrderAction.CANCEL);
        assertThat(poll.of(cancelled).get(0).occurredAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(open.openOrderIds()).isEmpty();
    }

    @Test
    void cancellationOfAnOpenOrderOutsideThePollWindowIsCaughtByTheRecheck() {
        sim.putItem("555555555", 5);
        String order = sim.buy("555555555", 3).orderId();
        assertThat(pollAroundNow().last(order).action()).isEqualTo(OrderAction.RESERVE);
        assertThat(open.openOrderIds()).containsExactly(order);

        clock.advance(Duration.ofMinutes(5));
        sim.cancel(order);
        clock.advance(Duration.ofMinutes(10));
        sim.clearCalls();
        // a window that does not contain the cancellation: only the re-check can see it
        Poll later = poll(clock.instant().minus(Duration.ofMinutes(1)), clock.instant());

        assertThat(callsTo(CLAIMS)).hasSize(2);
        assertThat(callsTo(RECHECK)).extracting(c -> form(c).get("OrderNo")).containsExactly(order);
        assertThat(later.of(order)).extracting(OrderEvent::action).containsExactly(OrderAction.CANCEL);
        assertThat(later.last(order).mallStatus()).isEqualTo("ClaimStat 3");
        assertThat(open.openOrderIds()).isEmpty();
        assertThat(sim.shownQuantity("555555555")).hasValue(5);
    }

    @Test
    void theDisplayedQuantityLimitsPurchases() {
        sim.putItem("666666666", 2);
        assertThat(sim.buy("666666666", 3).accepted()).isFalse();
        assertThat(sim.buy("666666666", 2).accepted()).isTrue();
        assertThat(sim.buy("666666666", 1).accepted()).isFalse();
    }

    // ------------------------------------------------------------------ stock

    @Test
    void writesAbsoluteQuantitiesAndLeavesPriceExpiryAndTaxUntouched() throws Exception {
        sim.putListing("700000001", "2480", "2026-09-30", 10);
        sim.putListing("700000002", "980", "2026-12-31", 4);

        List<PushResult> results = adapter.stock().write(List.of(
                new StockUpdate("700000001", 3), new StockUpdate("700000002", 0)));

        assertThat(results).extracting(PushResult::status).containsExactly(PushStatus.OK, PushStatus.OK);
        assertThat(sim.shownQuantity("700000001")).hasValue(3);
        assertThat(sim.shownQuantity("700000002")).hasValue(0);
        assertThat(sim.listing("700000001")).hasValueSatisfying(l -> {
            assertThat(l.price()).isEqualTo("2480");
            assertThat(l.expireDate()).isEqualTo("2026-09-30");
            assertThat(l.taxRate()).isEqualTo("10");
        });
        assertThat(sim.listing("700000002").orElseThrow().expireDate()).isEqualTo("2026-12-31");

        List<RecordedCall> bulk = callsTo(BULK);
        assertThat(bulk).hasSize(1);
        JsonNode lines = json.readTree(form(bulk.get(0)).get("ItemInfoJson"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("ItemCode").asText()).isEqualTo("700000001");
        assertThat(lines.get(0).get("Qty").asText()).isEqualTo("3");
        assertThat(lines.get(0).get("Price").asText()).isEqualTo("2480");
        assertThat(lines.get(0).get("ExpireDate").asText()).isEqualTo("2026-09-30");

        // the same absolute number again changes nothing
        adapter.stock().write(List.of(new StockUpdate("700000001", 3)));
        assertThat(sim.shownQuantity("700000001")).hasValue(3);
    }

    @Test
    void perItemRejectionAmongOkItemsKeepsQoo10sCodeAndMessage() {
        sim.putItem("800000001", 1);
        sim.putItem("800000002", 1);
        sim.putItem("800000003", 1);
        sim.faults().rejectItem("800000002");

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("800000001", 5),
                new StockUpdate("800000002", 6), new StockUpdate("800000003", 7), new StockUpdate("899999999", 1),
                new StockUpdate("800000001:OPT-RED", 2)));

        assertThat(results).extracting(PushResult::status).containsExactly(PushStatus.OK, PushStatus.REJECTED,
                PushStatus.OK, PushStatus.REJECTED, PushStatus.REJECTED);
        assertThat(results.get(1).mallCode()).isEqualTo("-10104");
        assertThat(results.get(1).message()).contains("simulated rejection");
        assertThat(results.get(3).mallCode()).isEqualTo("-10001");
        assertThat(results.get(3).message()).contains("Fail to find Item information");
        assertThat(results.get(4).mallCode()).isEqualTo("OPTION_NOT_FOUND");
        assertThat(sim.shownQuantity("800000001")).hasValue(5);
        assertThat(sim.shownQuantity("800000002")).hasValue(1);
        assertThat(sim.shownQuantity("800000003")).hasValue(7);
    }

    @Test
    void optionStockIsWrittenOneOptionAtATimeAndTheOtherOptionsStayAsTheyWere() {
        sim.putOption("810000001", "RED", List.of("色"), List.of("赤"), 2);
        sim.putOption("810000001", "BLUE", List.of("色"), List.of("青"), 5);
        sim.putOption("810000002", "RED-M", List.of("色", "サイズ"), List.of("赤", "M"), 1);
        sim.putItem("810000003", 3);
        sim.clearCalls();

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("810000001:RED", 7),
                new StockUpdate("810000003", 8), new StockUpdate("810000002:RED-M", 4),
                new StockUpdate("810000001:GREEN", 1)));

        assertThat(results).extracting(PushResult::status)
                .containsExactly(PushStatus.OK, PushStatus.OK, PushStatus.OK, PushStatus.REJECTED);
        assertThat(results.get(3).mallCode()).isEqualTo("OPTION_NOT_FOUND");
        assertThat(sim.shownQuantity("810000001:RED")).hasValue(7);
        assertThat(sim.shownQuantity("810000001:BLUE")).hasValue(5);
        assertThat(sim.shownQuantity("810000002:RED-M")).hasValue(4);
        assertThat(sim.shownQuantity("810000003")).hasValue(8);
        // one inventory read per item, one quantity write per option; the whole-list EditGoodsInventory never
        assertThat(callsTo(Qoo10Simulator.PATH + "ItemsLookup.GetGoodsInventoryInfo")).hasSize(2);
        List<RecordedCall> writes = callsTo(Qoo10Simulator.PATH + "ItemsOptions.UpdateInventoryQtyUnit");
        assertThat(writes).hasSize(2);
        assertThat(form(writes.get(1))).containsEntry("ItemCode", "810000002").containsEntry("OptionName", "色||*サイズ")
                .containsEntry("OptionValue", "赤||*M").containsEntry("OptionCode", "RED-M").containsEntry("Qty", "4");
        assertThat(sim.calls()).noneMatch(c -> c.path().contains("EditGoodsInventory"));
    }

    @Test
    void optionOrdersAndTheirCancellationsCarryTheVariantsItemKey() {
        sim.putOption("820000001", "RED", List.of("色"), List.of("赤"), 3);
        sim.putOption("820000001", "BLUE", List.of("色"), List.of("青"), 3);
        String red = sim.buy("820000001:RED", 2).orderId();
        String blue = sim.buy("820000001:BLUE", 1).orderId();

        Poll first = pollAroundNow();
        assertThat(first.last(red).itemKey()).isEqualTo("820000001:RED");
        assertThat(first.last(red).quantity()).isEqualTo(2);
        assertThat(first.last(blue).itemKey()).isEqualTo("820000001:BLUE");

        clock.advance(Duration.ofMinutes(2));
        sim.cancel(red);
        Poll second = pollAroundNow();
        assertThat(second.last(red).action()).isEqualTo(OrderAction.CANCEL);
        assertThat(second.last(red).itemKey()).isEqualTo("820000001:RED");
        assertThat(sim.shownQuantity("820000001:RED")).hasValue(3);
    }

    @Test
    void readsTheShownStockAndLeavesUnknownKeysOut() {
        sim.putItem("900000001", 12);
        assertThat(adapter.shownStock().shownQuantities(List.of("900000001", "900000009", "900000001:OPT")))
                .containsExactly(Map.entry("900000001", 12L));
    }

    @Test
    void optionStockIsReadPerOptionWithOneInventoryReadPerItem() {
        sim.putOption("910000001", "RED", List.of("色"), List.of("赤"), 2);
        sim.putOption("910000001", "BLUE", List.of("色"), List.of("青"), 0);
        sim.putOption("910000002", "RED-M", List.of("色", "サイズ"), List.of("赤", "M"), 6);
        sim.putItem("910000003", 9);
        sim.clearCalls();

        Map<String, Long> shown = adapter.shownStock().shownQuantities(List.of("910000001:RED", "910000003",
                "910000001:BLUE", "910000002:RED-M", "910000001:GREEN", "910000009:RED"));

        // every option with its own number, in the order asked; unknown options and items are absent
        assertThat(shown).containsExactly(Map.entry("910000001:RED", 2L), Map.entry("910000003", 9L),
                Map.entry("910000001:BLUE", 0L), Map.entry("910000002:RED-M", 6L));
        assertThat(callsTo(Qoo10Simulator.PATH + "ItemsLookup.GetGoodsInventoryInfo")).extracting(c -> form(c).get("ItemCode"))
                .containsExactly("910000001", "910000002", "910000009");

        // what reconcile sees after a write: the pushed option number, the sibling untouched
        adapter.stock().write(List.of(new StockUpdate("910000001:BLUE", 4)));
        assertThat(adapter.shownStock().shownQuantities(List.of("910000001:BLUE", "910000001:RED")))
                .isEqualTo(Map.of("910000001:BLUE", 4L, "910000001:RED", 2L));
    }

    // ------------------------------------------------------------------ faults

    @Test
    void a429IsWaitedOutThenTheCallSucceeds() {
        sim.putItem("910000001", 4);
        sim.faults().rateLimitNext(1, Duration.ofSeconds(3));

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("910000001", 9)));

        assertThat(results.get(0).status()).isEqualTo(PushStatus.OK);
        assertThat(sim.shownQuantity("910000001")).hasValue(9);
        List<RecordedCall> calls = sim.calls();
        int throttled = calls.stream().map(RecordedCall::status).toList().indexOf(429);
        assertThat(throttled).isNotNegative();
        // Retry-After: 3 is honoured to the nanosecond on the virtual clock, and not exceeded
        assertThat(Duration.between(calls.get(throttled).at(), calls.get(throttled + 1).at()))
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void maintenanceIsRetryThenWorksAgain() {
        sim.putItem("920000001", 4);
        adapter.shownStock().shownQuantities(List.of("920000001")); // SAK issued before the outage
        sim.faults().maintenance(true);

        List<PushResult> during = adapter.stock().write(List.of(new StockUpdate("920000001", 2)));
        assertThat(during.get(0).status()).isEqualTo(PushStatus.RETRY);
        assertThat(during.get(0).mallCode()).isEqualTo("HTTP 503");
        assertThat(during.get(0).message()).contains("メンテナンス");
        assertThatThrownBy(this::pollAroundNow).isInstanceOfSatisfying(ChannelException.class,
                e -> assertThat(e.kind()).isEqualTo(PushStatus.RETRY));

        sim.faults().maintenance(false);
        assertThat(adapter.stock().write(List.of(new StockUpdate("920000001", 2))).get(0).status())
                .isEqualTo(PushStatus.OK);
        assertThat(sim.shownQuantity("920000001")).hasValue(2);
    }

    @Test
    void serverErrorIsRetry() {
        sim.putItem("930000001", 4);
        sim.faults().serverErrorNext(1);
        assertThatThrownBy(() -> adapter.shownStock().shownQuantities(List.of("930000001")))
                .isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PushStatus.RETRY);
                    assertThat(e.mallCode()).isEqualTo("HTTP 500");
                });
    }

    @Test
    void expiredCredentialsAreAuthWithQoo10sCode() {
        sim.putItem("940000001", 4);
        sim.faults().credentialsExpired(true);

        assertThatThrownBy(this::pollAroundNow).isInstanceOfSatisfying(ChannelException.class, e -> {
            assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
            assertThat(e.mallCode()).isEqualTo("-90004");
            assertThat(e.getMessage()).contains("Seller authorization key is expired");
        });
        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("940000001", 1)));
        assertThat(results.get(0).status()).isEqualTo(PushStatus.AUTH);
        assertThat(sim.shownQuantity("940000001")).hasValue(4);
    }

    @Test
    void anExpiredSellerKeyIsReissuedOnceFromTheLogin() {
        sim.putItem("950000001", 4);
        assertThat(adapter.shownStock().shownQuantities(List.of("950000001"))).containsEntry("950000001", 4L);
        sim.expireSellerKeys();

        assertThat(adapter.shownStock().shownQuantities(List.of("950000001"))).containsEntry("950000001", 4L);
        assertThat(callsTo(CERT)).hasSize(2);
    }

    @Test
    void aHandIssuedSellerKeyThatExpiredIsAuth() {
        ChannelAdapter handKey = new Qoo10AdapterFactory().create(new ChannelSettings("qoo10-main", "qoo10",
                Map.of("apiKey", Qoo10Simulator.API_KEY, "sellerAuthKey", "SAK-typed-by-hand"),
                Map.of("baseUrl", sim.baseUrl().toString(), "requestsPerSecond", "500"), clock), open);
        assertThatThrownBy(() -> handKey.shownStock().shownQuantities(List.of("1")))
                .isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
                    assertThat(e.mallCode()).isEqualTo("-10000");
                });
    }

    @Test
    void credentialExpiryIsWarnedFourteenDaysAhead() {
        // the API key expires 2026-06-01 00:00 JST; the clock stands at 2026-05-01 10:00 JST
        assertThat(adapter.credentials().get(0).needsRenewal(clock.instant())).isFalse();
        clock.advance(Duration.ofDays(17));
        assertThat(adapter.credentials().get(0).needsRenewal(clock.instant())).isTrue();
        assertThat(adapter.credentials().get(0).renewal()).contains("QSM");
    }
}
