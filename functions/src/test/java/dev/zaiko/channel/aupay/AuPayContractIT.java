package dev.zaiko.channel.aupay;

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
import dev.zaiko.sim.aupay.AuPaySimulator;
import dev.zaiko.channel.support.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The au PAY adapter against its simulator: Wowma paths, XML shapes, statuses, faults. */
class AuPayContractIT {
    private static final String LIST = AuPaySimulator.PATH + "searchTradeInfoListProc";
    private static final String ONE = AuPaySimulator.PATH + "searchTradeInfoProc";
    private static final String UPDATE = AuPaySimulator.PATH + "updateStock";
    private static final Instant T0 = Instant.parse("2026-05-01T01:00:00Z"); // 10:00 JST

    private VirtualClock clock;
    private AuPaySimulator sim;
    private InMemoryOpenOrders open;
    private ChannelAdapter adapter;

    @BeforeEach
    void start() {
        clock = new VirtualClock(T0);
        sim = new AuPaySimulator(clock);
        open = new InMemoryOpenOrders();
        adapter = new AuPayAdapterFactory().create(new ChannelSettings("aupay-main", "aupay",
                Map.of("apiKey", AuPaySimulator.API_KEY, "shopId", AuPaySimulator.SHOP_ID,
                        "apiKeyIssuedAt", "2026-02-14"),
                Map.of("baseUrl", sim.baseUrl().toString(), "requestsPerSecond", "500", "pageSize", "2"), clock), open);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private record Poll(List<OrderEvent> events, int pages) {
        List<OrderEvent> of(String orderId) {
            return events.stream().filter(e -> e.orderId().equals(orderId)).toList();
        }

        OrderEvent last(String orderId) {
            List<OrderEvent> mine = of(orderId);
            assertThat(mine).as("events for order " + orderId).isNotEmpty();
            return mine.get(mine.size() - 1);
        }
    }

    private Poll poll(Instant from, Instant to) {
        List<OrderEvent> events = new ArrayList<>();
        int pages = 0;
        Optional<String> token = Optional.empty();
        do {
            OrderPage page = adapter.orders().fetchChanged(from, to, token);
            adapter.orders().pageEnqueued(page); // as a poll does once the page is queued
            pages++;
            events.addAll(page.events());
            token = page.nextPageToken();
        } while (token.isPresent());
        return new Poll(events, pages);
    }

    private Poll pollAroundNow() {
        return poll(clock.instant().minus(Duration.ofMinutes(1)), clock.instant().plus(Duration.ofMinutes(1)));
    }

    private List<RecordedCall> callsTo(String path) {
        return sim.calls().stream().filter(c -> c.path().equals(path)).toList();
    }

    // ------------------------------------------------------------------ orders

    @Test
    void pagesThroughTheOrderListWithStartCountThenRechecks() {
        sim.putItem("item-a", 20);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            orders.add(sim.buy("item-a", i + 1).orderId());
        }

        Poll poll = pollAroundNow();

        assertThat(poll.pages()).isEqualTo(4); // 2 + 2 + 1 orders, then the re-check
        List<RecordedCall> list = callsTo(LIST);
        assertThat(list).extracting(c -> SimRequest.parseForm(c.query()).get("startCount")).containsExactly("1", "3", "5");
        assertThat(list).allSatisfy(c -> {
            Map<String, String> q = SimRequest.parseForm(c.query());
            assertThat(q).containsEntry("shopId", AuPaySimulator.SHOP_ID).containsEntry("totalCount", "2")
                    .containsEntry("dateType", "0").containsEntry("startDate", "20260501")
                    .containsEntry("endDate", "20260501");
            assertThat(c.method()).isEqualTo("GET");
            assertThat(c.header("Authorization")).isEqualTo("Bearer " + AuPaySimulator.API_KEY);
        });
        for (int i = 0; i < 5; i++) {
            OrderEvent event = poll.of(orders.get(i)).get(0);
            assertThat(event.action()).isEqualTo(OrderAction.RESERVE);
            assertThat(event.quantity()).isEqualTo(i + 1);
            assertThat(event.itemKey()).isEqualTo("item-a");
            assertThat(event.lineId()).isEqualTo(sim.lineIds(orders.get(i)).get(0));
            assertThat(event.mallStatus()).isEqualTo("新規受付");
            assertThat(event.occurredAt()).isEqualTo(T0);
        }
        assertThat(open.openOrderIds()).containsExactlyInAnyOrderElementsOf(orders);
        assertThat(callsTo(ONE)).extracting(c -> SimRequest.parseForm(c.query()).get("orderId"))
                .containsExactlyInAnyOrderElementsOf(orders);
    }

    @Test
    void ordersPlacedOutsideTheWindowAreNotReported() {
        sim.putItem("item-b", 5);
        String earlier = sim.buy("item-b", 1).orderId();
        clock.advance(Duration.ofHours(2));
        String now = sim.buy("item-b", 1).orderId();

        Poll poll = pollAroundNow();

        assertThat(poll.of(earlier)).isEmpty();
        assertThat(poll.of(now)).hasSize(2); // the list page, then the re-check of the now open order
        assertThat(open.openOrderIds()).containsExactly(now);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"新規受付", "新規予約", "予約中", "発送前入金待ち", "与信待ち", "発送待ち", "不正取引審査中",
            "審査保留", "保留", "キャンセル受付中", "発送後入金待ち", "完了", "キャンセル", "審査NG", "入金確認済(店舗設定)"})
    void everyOrderStatusRow(String status) {
        sim.putItem("item-c", 5);
        String order = sim.buy("item-c", 2).orderId();
        sim.setOrderStatus(order, status);

        Poll poll = pollAroundNow();

        AuPayStatuses.Rule rule = AuPayStatuses.ORDER.getOrDefault(status, AuPayStatuses.UNKNOWN);
        assertThat(poll.last(order).action()).isEqualTo(rule.action());
        assertThat(poll.last(order).mallStatus()).startsWith(status);
        assertThat(open.openOrderIds().contains(order)).isEqualTo(rule.open());
    }

    @Test
    void aCancelledLineCancelsOnlyThatLine() {
        sim.putItem("item-d", 5);
        sim.putItem("item-e", 5);
        Map<String, Integer> basket = new LinkedHashMap<>();
        basket.put("item-d", 1);
        basket.put("item-e", 2);
        String order = sim.buyBasket(basket).orderId();
        sim.cancelLine(order, "item-d");

        Poll poll = pollAroundNow();

        assertThat(poll.of(order)).filteredOn(e -> e.itemKey().equals("item-d")).extracting(OrderEvent::action)
                .containsOnly(OrderAction.CANCEL);
        assertThat(poll.of(order)).filteredOn(e -> e.itemKey().equals("item-e")).extracting(OrderEvent::action)
                .containsOnly(OrderAction.RESERVE);
        assertThat(open.openOrderIds()).containsExactly(order);
        assertThat(sim.shownQuantity("item-d")).hasValue(5);
    }

    @Test
    void anOrderShippedBeforeThePollStillDecrementsOnce() {
        sim.putItem("item-f", 5);
        String order = sim.buy("item-f", 1).orderId();
        sim.ship(order);

        Poll poll = pollAroundNow();

        assertThat(poll.of(order)).extracting(OrderEvent::action).containsExactly(OrderAction.RESERVE);
        assertThat(open.openOrderIds()).isEmpty();
    }

    @Test
    void cancellationOfAnOpenOrderIsCaughtByTheRecheck() {
        sim.putItem("item-g", 5);
        String order = sim.buy("item-g", 3).orderId();
        assertThat(pollAroundNow().last(order).action()).isEqualTo(OrderAction.RESERVE);

        clock.advance(Duration.ofMinutes(10));
        sim.cancel(order);
        sim.clearCalls();
        Poll later = pollAroundNow();

        // the order-date search still lists it, but outside this window: only the re-check reports it
        assertThat(callsTo(ONE)).extracting(c -> SimRequest.parseForm(c.query()).get("orderId")).containsExactly(order);
        assertThat(later.of(order)).extracting(OrderEvent::action).containsExactly(OrderAction.CANCEL);
        assertThat(later.last(order).mallStatus()).isEqualTo("キャンセル cancelStatus=1");
        assertThat(open.openOrderIds()).isEmpty();
        assertThat(sim.shownQuantity("item-g")).hasValue(5);
    }

    @Test
    void theDisplayedQuantityLimitsPurchases() {
        sim.putItem("item-h", 1);
        assertThat(sim.buy("item-h", 2).accepted()).isFalse();
        assertThat(sim.buy("item-h", 1).accepted()).isTrue();
        assertThat(sim.buy("item-h", 1).accepted()).isFalse();
    }

    // ------------------------------------------------------------------ stock

    @Test
    void writesAbsoluteQuantitiesWithStockSegmentOne() {
        sim.putItem("stock-a", 10);
        sim.putItem("stock-b", 4);

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("stock-a", 3),
                new StockUpdate("stock-b", 0)));

        assertThat(results).extracting(PushResult::status).containsExactly(PushStatus.OK, PushStatus.OK);
        assertThat(sim.shownQuantity("stock-a")).hasValue(3);
        assertThat(sim.shownQuantity("stock-b")).hasValue(0);
        RecordedCall call = callsTo(UPDATE).get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.header("Content-Type")).startsWith("application/xml");
        assertThat(call.body()).contains("<shopId>" + AuPaySimulator.SHOP_ID + "</shopId>")
                .contains("<stockUpdateItem><itemCode>stock-a</itemCode><stockSegment>1</stockSegment>"
                        + "<stockCount>3</stockCount></stockUpdateItem>");
        adapter.stock().write(List.of(new StockUpdate("stock-a", 3)));
        assertThat(sim.shownQuantity("stock-a")).hasValue(3);
    }

    @Test
    void perItemRejectionAmongOkItemsKeepsTheMallsCodeAndMessage() {
        sim.putItem("stock-c", 1);
        sim.putItem("stock-d", 1);
        sim.faults().rejectItem("stock-d");

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("stock-c", 8),
                new StockUpdate("stock-d", 9), new StockUpdate("stock-unknown", 1)));

        assertThat(results).extracting(PushResult::status)
                .containsExactly(PushStatus.OK, PushStatus.REJECTED, PushStatus.REJECTED);
        assertThat(results.get(1).mallCode()).isEqualTo("SIM1002");
        assertThat(results.get(1).message()).contains("在庫は更新できません");
        assertThat(results.get(2).mallCode()).isEqualTo("SIM1001");
        assertThat(sim.shownQuantity("stock-c")).hasValue(8);
        assertThat(sim.shownQuantity("stock-d")).hasValue(1);
    }

    @Test
    void readsTheShownStockAndLeavesUnknownKeysOut() {
        sim.putItem("stock-e", 6);
        assertThat(adapter.shownStock().shownQuantities(List.of("stock-e", "stock-nope")))
                .containsExactly(Map.entry("stock-e", 6L));
    }

    // ------------------------------------------------------------------ faults

    @Test
    void a429IsWaitedOutThenTheCallSucceeds() {
        sim.putItem("fault-a", 2);
        sim.faults().rateLimitNext(1, Duration.ofSeconds(4));

        assertThat(adapter.stock().write(List.of(new StockUpdate("fault-a", 7))).get(0).status())
                .isEqualTo(PushStatus.OK);
        assertThat(sim.shownQuantity("fault-a")).hasValue(7);
        List<RecordedCall> calls = callsTo(UPDATE);
        assertThat(calls).extracting(RecordedCall::status).containsExactly(429, 200);
        // Retry-After: 4 honoured exactly, on the virtual clock (no real sleep)
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at())).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void aNon200AnswerKeepsThePerItemResultsInsteadOfFailingEveryItem() {
        sim.putItem("part-ok", 1);
        sim.putItem("part-bad", 1);
        sim.faults().rejectItem("part-bad");
        sim.nextUpdateStockAnswersHttp(500);

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("part-ok", 6),
                new StockUpdate("part-bad", 6), new StockUpdate("part-unknown", 6)));

        assertThat(results).extracting(PushResult::status)
                .containsExactly(PushStatus.OK, PushStatus.REJECTED, PushStatus.REJECTED);
        assertThat(results.get(1).mallCode()).isEqualTo("SIM1002");
        assertThat(results.get(2).mallCode()).isEqualTo("SIM1001");
        assertThat(sim.shownQuantity("part-ok")).hasValue(6);
        assertThat(callsTo(UPDATE)).as("item results are final: no retry").hasSize(1);
    }

    @Test
    void choiceStockIsPushedWithSegment2AndTheItemsChoicesTogether() {
        sim.putChoice("choice-1", "-", "BK", 3);
        sim.putChoice("choice-1", "-", "WH", 4);
        sim.putItem("plain-1", 1);

        List<PushResult> results = adapter.stock().write(List.of(new StockUpdate("choice-1:-:BK", 7),
                new StockUpdate("plain-1", 2), new StockUpdate("choice-1:-:WH", 0),
                new StockUpdate("choice-1:-:RD", 1)));

        // one stockUpdateItem per item: au PAY refuses choice-1 as a whole for the unknown RD
        assertThat(results).extracting(PushResult::status)
                .containsExactly(PushStatus.REJECTED, PushStatus.OK, PushStatus.REJECTED, PushStatus.REJECTED);
        assertThat(results.get(0).message()).contains("choice-1:-:RD");
        assertThat(sim.shownQuantity("choice-1:-:BK")).hasValue(3);

        assertThat(adapter.stock().write(List.of(new StockUpdate("choice-1:-:BK", 7),
                new StockUpdate("choice-1:-:WH", 0)))).extracting(PushResult::status)
                .containsExactly(PushStatus.OK, PushStatus.OK);
        assertThat(sim.shownQuantity("choice-1:-:BK")).hasValue(7);
        assertThat(sim.shownQuantity("choice-1:-:WH")).hasValue(0);
        assertThat(sim.shownQuantity("plain-1")).hasValue(2);
        String body = callsTo(UPDATE).get(1).body();
        assertThat(body).contains("<itemCode>choice-1</itemCode><stockSegment>2</stockSegment>"
                + "<choicesStocks><choicesStockHorizontalCode>-</choicesStockHorizontalCode>"
                + "<choicesStockVerticalCode>BK</choicesStockVerticalCode><choicesStockCount>7</choicesStockCount>"
                + "</choicesStocks>");
    }

    @Test
    void choiceStockIsReadPerChoiceWithOneSearchStocksPerItem() {
        sim.putChoice("choice-3", "-", "BK", 3);
        sim.putChoice("choice-3", "-", "WH", 0);
        sim.putChoice("choice-3", "S", "RD", 12);
        sim.putItem("plain-3", 8);
        sim.clearCalls();

        Map<String, Long> shown = adapter.shownStock().shownQuantities(List.of("choice-3:-:BK", "choice-3:-:WH",
                "choice-3:S:RD", "choice-3:-:GONE", "plain-3", "choice-3"));

        // every choice with its own number; an unknown choice and the bare code of a choice item are absent
        assertThat(shown).containsExactly(Map.entry("choice-3:-:BK", 3L), Map.entry("choice-3:-:WH", 0L),
                Map.entry("choice-3:S:RD", 12L), Map.entry("plain-3", 8L));
        assertThat(sim.calls()).filteredOn(c -> c.path().endsWith("/searchStocks"))
                .extracting(c -> SimRequest.parseForm(c.query()).get("itemCode"))
                .containsExactly("choice-3", "plain-3");

        // what reconcile sees after a write: the pushed per-choice numbers
        adapter.stock().write(List.of(new StockUpdate("choice-3:-:BK", 9), new StockUpdate("choice-3:-:WH", 1),
                new StockUpdate("choice-3:S:RD", 12)));
        assertThat(adapter.shownStock().shownQuantities(List.of("choice-3:-:WH", "choice-3:-:BK")))
                .isEqualTo(Map.of("choice-3:-:WH", 1L, "choice-3:-:BK", 9L));
    }

    @Test
    void ordersOfTwoChoicesOfOneItemDoNotCollapse() {
        sim.putChoice("choice-2", "-", "RED", 5);
        sim.putChoice("choice-2", "-", "BLUE", 5);
        String orderId = sim.buyBasket(new java.util.LinkedHashMap<>(Map.of("choice-2:-:RED", 1,
                "choice-2:-:BLUE", 2))).orderId();

        Poll poll = pollAroundNow();

        // (the search and then the re-check of open orders both report them: the ledger dedupes by line)
        assertThat(poll.of(orderId)).extracting(OrderEvent::itemKey, OrderEvent::quantity)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("choice-2:-:RED", 1),
                        org.assertj.core.groups.Tuple.tuple("choice-2:-:BLUE", 2));
        assertThat(poll.of(orderId).stream().map(OrderEvent::lineId).distinct()).hasSize(2);

        clock.advance(Duration.ofMinutes(1));
        sim.cancel(orderId);
        assertThat(pollAroundNow().of(orderId)).extracting(OrderEvent::itemKey)
                .contains("choice-2:-:RED", "choice-2:-:BLUE");
        assertThat(sim.shownQuantity("choice-2:-:BLUE")).hasValue(5);
    }

    @Test
    void maintenanceIsRetryThenWorksAgain() {
        sim.putItem("fault-b", 2);
        sim.faults().maintenance(true);

        PushResult during = adapter.stock().write(List.of(new StockUpdate("fault-b", 1))).get(0);
        assertThat(during.status()).isEqualTo(PushStatus.RETRY);
        assertThat(during.mallCode()).isEqualTo("SIM503");
        assertThat(during.message()).contains("メンテナンス");
        assertThatThrownBy(this::pollAroundNow).isInstanceOfSatisfying(ChannelException.class,
                e -> assertThat(e.kind()).isEqualTo(PushStatus.RETRY));

        sim.faults().maintenance(false);
        assertThat(adapter.stock().write(List.of(new StockUpdate("fault-b", 1))).get(0).status())
                .isEqualTo(PushStatus.OK);
    }

    @Test
    void expiredCredentialsAreAuth() {
        sim.putItem("fault-c", 2);
        sim.faults().credentialsExpired(true);

        assertThatThrownBy(this::pollAroundNow).isInstanceOfSatisfying(ChannelException.class, e -> {
            assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
            assertThat(e.mallCode()).isEqualTo("SIM401");
        });
        assertThat(adapter.stock().write(List.of(new StockUpdate("fault-c", 1))).get(0).status())
                .isEqualTo(PushStatus.AUTH);
        assertThatThrownBy(() -> adapter.shownStock().shownQuantities(List.of("fault-c")))
                .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.kind()).isEqualTo(PushStatus.AUTH));
        assertThat(sim.shownQuantity("fault-c")).hasValue(2);
    }

    @Test
    void theApiKeyIsWarnedFourteenDaysBeforeItsNinetyDaysRunOut() {
        // issued 2026-02-14 JST: expires 2026-05-15 00:00 JST; the clock stands at 2026-05-01 10:00 JST
        assertThat(adapter.credentials().get(0).needsRenewal(clock.instant())).isTrue();
        assertThat(adapter.credentials().get(0).needsRenewal(clock.instant().minus(Duration.ofDays(1)))).isFalse();
    }
}
