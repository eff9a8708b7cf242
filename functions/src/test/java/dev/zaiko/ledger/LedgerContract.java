package dev.zaiko.ledger;

import dev.zaiko.app.ApplyResult;
import dev.zaiko.app.BatchResult;
import dev.zaiko.app.Delivery;
import dev.zaiko.app.LedgerService;
import dev.zaiko.app.ListingMappingException;
import dev.zaiko.domain.ChangeReason;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.LineDecision.Outcome;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.PushRequest;
import dev.zaiko.domain.StockAdjustment;
import dev.zaiko.domain.StockRuleException;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.support.LedgerFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.zaiko.support.LedgerFixture.cancel;
import static dev.zaiko.support.LedgerFixture.reserve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Invariants 1-5 of the architecture, against real DynamoDB semantics. Runs on every target:
 * embedded ({@link LedgerIT}), an endpoint from the environment (also {@link LedgerIT}), LocalStack
 * ({@link LedgerContainerIT}).
 */
abstract class LedgerContract {
    static final String[] CHANNELS = {"amazon-jp", "rakuten-main", "yahoo-main", "shopify-main"};

    abstract TestAws aws();

    LedgerFixture f;

    @BeforeEach
    void freshTables() {
        f = new LedgerFixture(aws());
    }

    // ------------------------------------------------------------------ invariant 1 under contention

    @Test
    void sixteenThreadsRaceThousandLinesFromFourChannelsForOneSkuWithFewerUnits() throws Exception {
        f.stock("HOT", 250);
        for (String channel : CHANNELS) {
            f.map(channel, "hot-item", new Component("HOT", 1));
        }
        List<OrderEvent> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(reserve(CHANNELS[i % 4], "order-" + i, "hot-item", 1));
        }
        RaceResult race = race(events, 16, "HOT");

        assertThat(race.outcomes().get(Outcome.RESERVED)).isEqualTo(250);
        assertThat(race.outcomes().get(Outcome.OVERSOLD)).isEqualTo(750);
        assertThat(f.available("HOT")).isZero();
        assertThat(race.minAvailableSeen()).isGreaterThanOrEqualTo(0);
        long reservedUnits = 0;
        int oversoldLines = 0;
        for (int i = 0; i < 1000; i++) {
            OrderLine line = f.line(CHANNELS[i % 4], "order-" + i, "1").orElseThrow();
            if (line.state() == LineState.RESERVED) {
                reservedUnits += line.taken().get("HOT");
            } else {
                assertThat(line.state()).isEqualTo(LineState.OVERSOLD);
                assertThat(line.taken()).isEmpty();
                assertThat(line.shortfall()).containsEntry("HOT", 1L);
                oversoldLines++;
            }
        }
        assertThat(reservedUnits).isEqualTo(250);
        assertThat(oversoldLines).isEqualTo(750);
        assertThat(journalMinimum("HOT")).isZero();
        assertThat(f.store.journal("HOT", 100_000)).hasSize(251);
        assertThat(f.store.linesNeedingAttention(LineState.OVERSOLD, 5000)).hasSize(oversoldLines);
        assertJournalChain("HOT", 250, 0);
        assertThat(f.pushes.requests()).anySatisfy(request -> assertThat(request.urgent()).isTrue());
    }

    @Test
    void mixedQuantitiesTakeExactlyTheInitialStockAndTheLastLineTakesWhatRemains() throws Exception {
        f.stock("HOT", 101);
        for (String channel : CHANNELS) {
            f.map(channel, "hot-item", new Component("HOT", 1));
        }
        Random random = new Random(7);
        List<OrderEvent> events = new ArrayList<>();
        long demanded = 0;
        for (int i = 0; i < 200; i++) {
            int quantity = 1 + random.nextInt(3);
            demanded += quantity;
            events.add(reserve(CHANNELS[i % 4], "order-" + i, "hot-item", quantity));
        }
        RaceResult race = race(events, 16, "HOT");

        long taken = 0;
        long shortfall = 0;
        for (int i = 0; i < 200; i++) {
            OrderLine line = f.line(CHANNELS[i % 4], "order-" + i, "1").orElseThrow();
            taken += line.totalTaken();
            shortfall += line.totalShortfall();
            assertThat(line.totalTaken() + line.totalShortfall()).isEqualTo(line.quantity());
        }
        assertThat(taken).isEqualTo(101);
        assertThat(taken + shortfall).isEqualTo(demanded);
        assertThat(journalMinimum("HOT")).isZero();
        assertThat(f.available("HOT")).isZero();
        assertThat(race.minAvailableSeen()).isGreaterThanOrEqualTo(0);
        assertJournalChain("HOT", 101, 0);
    }

    @Test
    void twoRacesOfEightContainersEachOnTheSameStoreStillNeverOversell() throws Exception {
        f.stock("HOT", 60);
        f.map("amazon-jp", "hot-item", new Component("HOT", 1));
        f.map("rakuten-main", "hot-item", new Component("HOT", 1));
        List<OrderEvent> first = new ArrayList<>();
        List<OrderEvent> other = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            first.add(reserve("amazon-jp", "a-" + i, "hot-item", 1));
            other.add(reserve("rakuten-main", "r-" + i, "hot-item", 1));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<RaceResult> a = pool.submit(() -> race(first, 8, "HOT"));
            Future<RaceResult> b = pool.submit(() -> race(other, 8, "HOT"));
            int reserved = a.get(2, TimeUnit.MINUTES).outcomes().getOrDefault(Outcome.RESERVED, 0)
                    + b.get(2, TimeUnit.MINUTES).outcomes().getOrDefault(Outcome.RESERVED, 0);
            assertThat(reserved).isEqualTo(60);
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.available("HOT")).isZero();
        assertJournalChain("HOT", 60, 0);
    }

    // ------------------------------------------------------------------ invariant 2: idempotency

    @Test
    void everyMessageDeliveredThreeTimesInShuffledOrderEndsLikeDeliveredOnce() {
        List<OrderEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String channel = CHANNELS[i % 4];
            String item = i % 3 == 0 ? "set-item" : "single-item";
            events.add(reserve(channel, "o-" + i, item, 1 + i % 2));
            if (i % 5 == 0) {
                events.add(cancel(channel, "o-" + i, item, 1 + i % 2));
            }
        }
        LedgerFixture once = new LedgerFixture(aws());
        for (LedgerFixture fixture : List.of(once, f)) {
            fixture.stock("A", 500);
            fixture.stock("B", 500);
            for (String channel : CHANNELS) {
                fixture.map(channel, "single-item", new Component("A", 1));
                fixture.map(channel, "set-item", new Component("A", 2), new Component("B", 1));
            }
        }
        events.forEach(once.ledger::apply);

        List<OrderEvent> thrice = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            thrice.addAll(events);
        }
        Collections.shuffle(thrice, new Random(42));
        thrice.forEach(f.ledger::apply);

        assertThat(f.available("A")).isEqualTo(once.available("A"));
        assertThat(f.available("B")).isEqualTo(once.available("B"));
        assertThat(once.available("A")).isLessThan(500);
        for (OrderEvent event : events) {
            assertThat(f.line(event.channelId(), event.orderId(), "1").orElseThrow().state())
                    .isEqualTo(once.line(event.channelId(), event.orderId(), "1").orElseThrow().state());
        }
        assertJournalChain("A", 500, f.available("A"));
    }

    @Test
    void cancelAfterOrderRestoresExactlyWhatItTook() {
        f.stock("A", 10);
        f.map("rakuten-main", "a:1", new Component("A", 1));

        assertThat(f.ledger.apply(reserve("rakuten-main", "100", "a:1", 3)).outcome()).isEqualTo(Outcome.RESERVED);
        assertThat(f.available("A")).isEqualTo(7);
        ApplyResult cancelled = f.ledger.apply(cancel("rakuten-main", "100", "a:1", 3));

        assertThat(cancelled.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(f.available("A")).isEqualTo(10);
        assertThat(f.line("rakuten-main", "100", "1").orElseThrow().state()).isEqualTo(LineState.CANCELLED);
        List<JournalEntry> journal = f.store.journal("A", 10);
        assertThat(journal.get(0).reason()).isEqualTo(ChangeReason.ORDER_CANCELLED);
        assertThat(journal.get(0).before()).isEqualTo(7);
        assertThat(journal.get(0).after()).isEqualTo(10);
        assertThat(journal.get(0).source()).hasToString("order:rakuten-main/100/1");
    }

    @Test
    void cancelTwiceRestoresOnce() {
        f.stock("A", 10);
        f.map("rakuten-main", "a:1", new Component("A", 1));
        f.ledger.apply(reserve("rakuten-main", "100", "a:1", 4));

        f.ledger.apply(cancel("rakuten-main", "100", "a:1", 4));
        ApplyResult again = f.ledger.apply(cancel("rakuten-main", "100", "a:1", 4));

        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(again.changedSkus()).isEmpty();
        assertThat(f.available("A")).isEqualTo(10);
    }

    @Test
    void cancelBeforeOrderLeavesATombstoneSoTheLateOrderNeverDecrements() {
        f.stock("A", 10);
        f.map("yahoo-main", "a", new Component("A", 1));

        assertThat(f.ledger.apply(cancel("yahoo-main", "y-1", "a", 2)).outcome()).isEqualTo(Outcome.TOMBSTONE);
        ApplyResult late = f.ledger.apply(reserve("yahoo-main", "y-1", "a", 2));

        assertThat(late.outcome()).isEqualTo(Outcome.FINAL);
        assertThat(f.available("A")).isEqualTo(10);
        OrderLine line = f.line("yahoo-main", "y-1", "1").orElseThrow();
        assertThat(line.state()).isEqualTo(LineState.CANCELLED);
        assertThat(line.taken()).isEmpty();
        assertThat(f.store.journal("A", 10)).hasSize(1);
    }

    @Test
    void cancellingAnOversoldLineRestoresOnlyWhatItTook() {
        f.stock("A", 2);
        f.map("shopify-main", "1@9", new Component("A", 1));

        ApplyResult oversold = f.ledger.apply(reserve("shopify-main", "s-1", "1@9", 5));
        f.ledger.requestPushes(oversold.changedSkus());
        assertThat(oversold.outcome()).isEqualTo(Outcome.OVERSOLD);
        assertThat(oversold.line().orElseThrow().taken()).containsEntry("A", 2L);
        assertThat(oversold.line().orElseThrow().shortfall()).containsEntry("A", 3L);
        assertThat(f.available("A")).isZero();
        assertThat(f.pushes.requests()).contains(new PushRequest(new ListingKey("shopify-main", "1@9"), true));

        f.ledger.apply(cancel("shopify-main", "s-1", "1@9", 5));
        assertThat(f.available("A")).isEqualTo(2);
        assertThat(f.store.linesNeedingAttention(LineState.OVERSOLD, 10)).isEmpty();
    }

    @Test
    void aCancelThatGivesNothingBackStillPushesTheListingTheMallRestoredOnItsSide() {
        f.stock("A", 0);
        f.map("rakuten-main", "a:1", new Component("A", 1));
        f.ledger.applyBatch(List.of(new Delivery("m-1", reserve("rakuten-main", "100", "a:1", 1), false)));
        f.pushes.clear();

        f.ledger.applyBatch(List.of(new Delivery("m-2", cancel("rakuten-main", "100", "a:1", 1), false)));

        assertThat(f.available("A")).isZero();
        assertThat(f.pushes.requests()).containsExactly(new PushRequest(new ListingKey("rakuten-main", "a:1"), true));
    }

    @Test
    void ignoredLinesChangeNothing() {
        f.stock("A", 5);
        f.map("amazon-jp", "A-SKU", new Component("A", 1));
        OrderEvent fba = new OrderEvent("amazon-jp", "250-1", "1", "A-SKU", 1, dev.zaiko.domain.OrderAction.IGNORE,
                "Shipped", java.time.Instant.parse("2026-11-23T00:00:00Z"), dev.zaiko.domain.EventOrigin.POLL);

        assertThat(f.ledger.apply(fba).outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(f.available("A")).isEqualTo(5);
        assertThat(f.line("amazon-jp", "250-1", "1")).isEmpty();
    }

    // ------------------------------------------------------------------ sets

    @Test
    void aSetRacingSinglesOfItsComponentsIsReservedAllOrNothing() throws Exception {
        f.stock("A", 40);
        f.stock("B", 25);
        f.map("rakuten-main", "set-ab", new Component("A", 2), new Component("B", 1));
        f.map("amazon-jp", "single-a", new Component("A", 1));
        f.map("yahoo-main", "single-b", new Component("B", 1));
        Random random = new Random(3);
        List<OrderEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            switch (random.nextInt(3)) {
                case 0 -> events.add(reserve("rakuten-main", "set-" + i, "set-ab", 1));
                case 1 -> events.add(reserve("amazon-jp", "a-" + i, "single-a", 1));
                default -> events.add(reserve("yahoo-main", "b-" + i, "single-b", 1));
            }
        }
        race(events, 16, "A");

        long takenA = 0;
        long takenB = 0;
        for (OrderEvent event : events) {
            OrderLine line = f.line(event.channelId(), event.orderId(), "1").orElseThrow();
            takenA += line.taken().getOrDefault("A", 0L);
            takenB += line.taken().getOrDefault("B", 0L);
            if (event.itemKey().equals("set-ab") && line.state() == LineState.RESERVED) {
                assertThat(line.taken()).containsExactlyInAnyOrderEntriesOf(Map.of("A", 2L, "B", 1L));
            }
            if (line.state() == LineState.OVERSOLD) {
                assertThat(line.shortfall()).isNotEmpty();
            }
        }
        assertThat(f.available("A")).isEqualTo(40 - takenA).isZero();
        assertThat(f.available("B")).isEqualTo(25 - takenB).isZero();
        assertJournalChain("A", 40, 0);
        assertJournalChain("B", 25, 0);
    }

    @Test
    void aSetShortOfOneComponentIsOversoldAndAllOfItIsPushedAsZero() {
        f.stock("A", 10);
        f.stock("B", 0);
        f.map("rakuten-main", "set-ab", new Component("A", 2), new Component("B", 1));
        f.map("amazon-jp", "single-a", new Component("A", 1));
        f.pushes.clear();

        ApplyResult result = f.ledger.apply(reserve("rakuten-main", "set-1", "set-ab", 1));

        assertThat(result.outcome()).isEqualTo(Outcome.OVERSOLD);
        assertThat(result.line().orElseThrow().shortfall()).containsExactlyEntriesOf(Map.of("B", 1L));
        f.ledger.requestPushes(result.changedSkus());
        assertThat(f.pushes.requests()).contains(
                new PushRequest(new ListingKey("rakuten-main", "set-ab"), true),
                new PushRequest(new ListingKey("amazon-jp", "single-a"), false));
    }

    // ------------------------------------------------------------------ crash and redrive

    @Test
    void aHandlerThatDiesMidBatchAndIsRedrivenAppliesNoLineTwice() {
        f.stock("A", 100);
        f.map("amazon-jp", "a", new Component("A", 1));
        List<Delivery> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(new Delivery("m-" + i, reserve("amazon-jp", "o-" + i, "a", 2), false));
        }
        CrashingLedger crashing = new CrashingLedger(f.store, 6);
        LedgerService dying = f.anotherContainer(crashing, f.pushes);
        assertThatThrownBy(() -> dying.applyBatch(batch)).isInstanceOf(CrashingLedger.ContainerDied.class);
        assertThat(f.available("A")).isEqualTo(100 - 2 * 6);

        List<Delivery> redriven = batch.stream()
                .map(d -> new Delivery(d.id(), d.event(), true)).toList();
        BatchResult result = f.anotherContainer(f.store, f.pushes).applyBatch(redriven);

        assertThat(result.failed()).isEmpty();
        assertThat(result.applied()).extracting(ApplyResult::outcome)
                .containsOnly(Outcome.DUPLICATE, Outcome.RESERVED)
                .filteredOn(o -> o == Outcome.DUPLICATE).hasSize(6);
        assertThat(f.available("A")).isEqualTo(80);
        assertJournalChain("A", 100, 80);
    }

    // ------------------------------------------------------------------ unmapped, adjustments, pushes

    @Test
    void anOrderForAnUnknownListingIsKeptAsUnmappedAndAppliedOnceMapped() {
        f.stock("A", 10);

        ApplyResult result = f.ledger.apply(reserve("qoo10-main", "q-1", "unknown-item", 2));
        assertThat(result.outcome()).isEqualTo(Outcome.UNMAPPED);
        assertThat(f.store.linesNeedingAttention(LineState.UNMAPPED, 10))
                .extracting(OrderLine::lineKey).containsExactly("qoo10-main#q-1#1");
        assertThat(f.available("A")).isEqualTo(10);

        f.map("qoo10-main", "unknown-item", new Component("A", 1));

        assertThat(f.available("A")).isEqualTo(8);
        assertThat(f.line("qoo10-main", "q-1", "1").orElseThrow().state()).isEqualTo(LineState.RESERVED);
        assertThat(f.store.linesNeedingAttention(LineState.UNMAPPED, 10)).isEmpty();
    }

    @Test
    void theMallsOrderNameStaysWithTheLineThroughMappingRevisionAndCancel() {
        f.stock("A", 10);

        f.ledger.apply(reserve("shopify-main", "5200000102", "808950810@655441491", 2).withOrderName("#1001"));
        assertThat(f.store.linesNeedingAttention(LineState.UNMAPPED, 10))
                .extracting(OrderLine::orderName).containsExactly("#1001");

        // applied again once mapped (the re-applied event carries no name), then revised by a report without one
        f.map("shopify-main", "808950810@655441491", new Component("A", 1));
        f.ledger.apply(reserve("shopify-main", "5200000102", "808950810@655441491", 1)
                .withRevision(Instant.parse("2026-11-23T00:01:00Z")));
        OrderLine revised = f.line("shopify-main", "5200000102", "1").orElseThrow();
        assertThat(revised.state()).isEqualTo(LineState.RESERVED);
        assertThat(revised.quantity()).isEqualTo(1);
        assertThat(revised.orderName()).isEqualTo("#1001");
        assertThat(revised.displayOrder()).isEqualTo("#1001");
        assertThat(f.available("A")).isEqualTo(9);

        f.ledger.apply(cancel("shopify-main", "5200000102", "808950810@655441491", 1)
                .withRevision(Instant.parse("2026-11-23T00:06:00Z")));
        assertThat(f.line("shopify-main", "5200000102", "1").orElseThrow().orderName()).isEqualTo("#1001");
        // a line whose mall has no separate name shows its order id
        f.ledger.apply(reserve("rakuten-main", "123456-20261123-0000000001", "item-9", 1));
        assertThat(f.line("rakuten-main", "123456-20261123-0000000001", "1").orElseThrow().displayOrder())
                .isEqualTo("123456-20261123-0000000001");
    }

    @Test
    void aListingMappedDifferentlyIsRefusedUnlessReplaced() {
        f.stock("A", 1);
        f.stock("B", 1);
        f.map("makeshop-main", "p-1", new Component("A", 1));
        ListingKey key = new ListingKey("makeshop-main", "p-1");

        assertThatThrownBy(() -> f.ledger.mapListing(key, List.of(new Component("B", 1)), false))
                .isInstanceOf(ListingMappingException.class).hasMessageContaining("already mapped");
        f.ledger.mapListing(key, List.of(new Component("A", 1)), false);
        f.ledger.mapListing(key, List.of(new Component("B", 1)), true);

        assertThat(f.store.findListing(key).orElseThrow().skus()).containsExactly("B");
        assertThat(f.store.listingsContaining("A")).isEmpty();
        assertThat(f.store.listingsContaining("B")).containsExactly(key);
    }

    @Test
    void anOrderDecidedOnAStaleMappingIsDecidedAgainOnTheNewOne() {
        f.stock("A", 10);
        f.stock("B", 10);
        ListingKey key = new ListingKey("mercari-main", "v-1");
        f.map("mercari-main", "v-1", new Component("A", 1));
        f.ledger.apply(reserve("mercari-main", "m-0", "v-1", 1));
        // Another process remaps the listing; this container still remembers the old mapping.
        f.store.saveListing(key, List.of(new Component("B", 1)), 1);

        f.ledger.apply(reserve("mercari-main", "m-1", "v-1", 1));

        assertThat(f.available("A")).isEqualTo(9);
        assertThat(f.available("B")).isEqualTo(9);
    }

    @Test
    void adjustmentsGoThroughTheJournalAndRefuseToGoBelowZero() {
        f.stock("A", 10);
        f.map("aupay-main", "a", new Component("A", 1));
        ChangeSource csv = ChangeSource.csv("stock.csv", 3);

        f.ledger.adjust("A", new StockAdjustment.Add(5), csv);
        f.ledger.adjust("A", new StockAdjustment.Subtract(12), ChangeSource.admin("yamada"));
        f.ledger.adjust("A", new StockAdjustment.SetSafetyStock(2), ChangeSource.admin("yamada"));
        assertThatThrownBy(() -> f.ledger.adjust("A", new StockAdjustment.Subtract(4), ChangeSource.admin("yamada")))
                .isInstanceOf(StockRuleException.class).hasMessageContaining("only 3 available");
        assertThatThrownBy(() -> f.ledger.adjust("NOPE", new StockAdjustment.Add(1), csv))
                .isInstanceOf(StockRuleException.class).hasMessageContaining("unknown SKU NOPE");

        assertThat(f.level("A").available()).isEqualTo(3);
        assertThat(f.level("A").sellableUnits()).isEqualTo(1);
        List<JournalEntry> journal = f.store.journal("A", 10);
        assertThat(journal).extracting(JournalEntry::reason).containsExactly(
                ChangeReason.SAFETY_STOCK_SET, ChangeReason.STOCK_SUBTRACTED, ChangeReason.STOCK_ADDED,
                ChangeReason.STOCK_CREATED);
        assertThat(journal.get(2).source()).isEqualTo(csv);
        assertThat(journal.get(2).before()).isEqualTo(10);
        assertThat(journal.get(2).after()).isEqualTo(15);
        assertThat(journal.get(0).safetyStockAfter()).isEqualTo(2);
        assertThat(f.pushes.requests()).contains(new PushRequest(new ListingKey("aupay-main", "a"), false));
    }

    @Test
    void aSubtractRefusedOnARememberedLevelIsCheckedAgainstTheStore() {
        f.stock("A", 5);
        LedgerService other = f.anotherContainer(f.store, f.pushes);
        f.ledger.adjust("A", new StockAdjustment.Add(0), ChangeSource.admin("warm"));
        other.adjust("A", new StockAdjustment.Add(10), ChangeSource.admin("receiving"));

        f.ledger.adjust("A", new StockAdjustment.Subtract(12), ChangeSource.admin("yamada"));

        assertThat(f.available("A")).isEqualTo(3);
        assertThatThrownBy(() -> f.ledger.adjust("A", new StockAdjustment.Subtract(4), ChangeSource.admin("yamada")))
                .isInstanceOf(StockRuleException.class).hasMessageContaining("only 3 available");
    }

    @Test
    void definingASkuWithSafetyStockIsOneChangeInTheJournal() {
        f.ledger.define("NEW", 12, java.util.Optional.of(2L), java.util.Optional.of("4901234567894"),
                java.util.Optional.of("新商品"), ChangeSource.csv("stock.csv", 2));
        f.ledger.define("NEW", 12, java.util.Optional.of(3L), java.util.Optional.empty(), java.util.Optional.empty(),
                ChangeSource.csv("stock.csv", 2));

        List<JournalEntry> journal = f.store.journal("NEW", 10);
        assertThat(journal).extracting(JournalEntry::reason)
                .containsExactly(ChangeReason.SAFETY_STOCK_SET, ChangeReason.STOCK_CREATED);
        assertThat(journal.get(1).safetyStockAfter()).isEqualTo(2);
        assertThat(journal.get(0).safetyStockAfter()).isEqualTo(3);
        assertThat(f.level("NEW").jan()).contains("4901234567894");
    }

    @Test
    void safetyStockMakesAListingUrgentBeforeTheShelfIsEmpty() {
        f.stock("A", 3);
        f.ledger.adjust("A", new StockAdjustment.SetSafetyStock(2), ChangeSource.admin("t"));
        f.map("amazon-jp", "a", new Component("A", 1));
        f.pushes.clear();

        ApplyResult result = f.ledger.apply(reserve("amazon-jp", "o-1", "a", 1));
        List<PushRequest> pushes = f.ledger.requestPushes(result.changedSkus());

        assertThat(f.available("A")).isEqualTo(2);
        assertThat(pushes).containsExactly(new PushRequest(new ListingKey("amazon-jp", "a"), true));
    }

    // ------------------------------------------------------------------ multi-line commits (issue 15, defect 8)

    static final java.time.Instant T = java.time.Instant.parse("2026-11-23T00:00:00Z");

    dev.zaiko.domain.port.StockLedger.LedgerCommit reserveCommit(String orderId, dev.zaiko.domain.StockLevel before,
                                                                  long take) {
        OrderEvent event = reserve("rakuten-main", orderId, "hot-item", (int) take);
        OrderLine line = new OrderLine(event.lineKey(), "rakuten-main", orderId, "1", "hot-item", (int) take,
                LineState.RESERVED, Map.of(before.sku(), take), Map.of(), "Unshipped", 1, T);
        dev.zaiko.domain.StockLevel after = before.withAvailable(before.available() - take, before.version() + 1);
        return new dev.zaiko.domain.port.StockLedger.LedgerCommit(
                java.util.Optional.of(new dev.zaiko.domain.port.StockLedger.LineWrite(line, 0)),
                java.util.Optional.empty(),
                List.of(new dev.zaiko.domain.port.StockLedger.StockWrite(java.util.Optional.of(before), after)),
                List.of(new JournalEntry(before.sku(), after.version(), before.available(), after.available(), 0, 0,
                        ChangeReason.ORDER_RESERVED, dev.zaiko.domain.ChangeSource.order(event), T)));
    }

    @Test
    void severalLinesCommitAsOneChainedWriteOfTheSkuWithAJournalEntryEach() {
        org.junit.jupiter.api.Assumptions.assumeTrue(f.store.maxCommitItems() > 0, "store commits one line at a time");
        f.stock("HOT", 10);
        dev.zaiko.domain.StockLevel v1 = f.level("HOT");
        var first = reserveCommit("o-1", v1, 2);
        var second = reserveCommit("o-2", first.stock().get(0).after(), 3);
        var third = reserveCommit("o-3", second.stock().get(0).after(), 1);

        assertThat(f.store.commitAll(List.of(first, second, third)))
                .isInstanceOf(dev.zaiko.domain.port.StockLedger.CommitResult.Committed.class);

        assertThat(f.available("HOT")).isEqualTo(4);
        assertThat(f.level("HOT").version()).isEqualTo(v1.version() + 3);
        assertThat(f.line("rakuten-main", "o-2", "1").orElseThrow().taken()).containsExactly(Map.entry("HOT", 3L));
        assertJournalChain("HOT", 10, 4);
        assertThat(f.store.journal("HOT", 10)).extracting(JournalEntry::after).containsExactly(4L, 5L, 8L, 10L);
    }

    @Test
    void aConflictOnOneLineOfAMultiLineCommitRollsBackEveryLineAndTheStock() {
        org.junit.jupiter.api.Assumptions.assumeTrue(f.store.maxCommitItems() > 0, "store commits one line at a time");
        f.stock("HOT", 10);
        f.map("rakuten-main", "hot-item", new Component("HOT", 1));
        f.ledger.apply(reserve("rakuten-main", "o-2", "hot-item", 1)); // o-2 exists now: HOT 9
        dev.zaiko.domain.StockLevel v2 = f.level("HOT");
        var first = reserveCommit("o-1", v2, 2);
        var duplicate = reserveCommit("o-2", first.stock().get(0).after(), 3);
        var third = reserveCommit("o-3", duplicate.stock().get(0).after(), 1);

        var result = f.store.commitAll(List.of(first, duplicate, third));

        assertThat(result).isInstanceOf(dev.zaiko.domain.port.StockLedger.CommitResult.Conflict.class);
        var conflict = (dev.zaiko.domain.port.StockLedger.CommitResult.Conflict) result;
        assertThat(conflict.lineChanged()).isTrue();
        assertThat(conflict.currentLine().orElseThrow().quantity()).isEqualTo(1);
        assertThat(f.available("HOT")).isEqualTo(9);
        assertThat(f.level("HOT").version()).isEqualTo(v2.version());
        assertThat(f.line("rakuten-main", "o-1", "1")).isEmpty();
        assertThat(f.line("rakuten-main", "o-3", "1")).isEmpty();
        assertJournalChain("HOT", 10, 9);
    }

    @Test
    void writesOfOneSkuThatDoNotChainAreRefused() {
        org.junit.jupiter.api.Assumptions.assumeTrue(f.store.maxCommitItems() > 0, "store commits one line at a time");
        f.stock("HOT", 10);
        dev.zaiko.domain.StockLevel v1 = f.level("HOT");
        assertThatThrownBy(() -> f.store.commitAll(List.of(reserveCommit("o-1", v1, 2), reserveCommit("o-2", v1, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not chain");
        assertThat(f.available("HOT")).isEqualTo(10);
    }

    @Test
    void aBatchOfReservesOnOneSkuIsDecidedInOrderAndCommittedTogether() {
        f.stock("HOT", 5);
        f.map("amazon-jp", "hot-item", new Component("HOT", 1));
        f.map("rakuten-main", "hot-item", new Component("HOT", 1));
        f.pushes.clear();
        List<Delivery> batch = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            OrderEvent event = reserve(CHANNELS[i % 2], "o-" + i, "hot-item", i == 0 ? 2 : 1);
            batch.add(new Delivery("d-" + i, event, false));
        }
        long versionBefore = f.level("HOT").version();

        BatchResult result = f.ledger.applyBatch(batch);

        assertThat(result.failed()).isEmpty();
        // 2 + 1 + 1 + 1 = 5 units reserved by the first four lines; the other four oversold.
        assertThat(result.applied()).extracting(ApplyResult::outcome).containsExactly(Outcome.RESERVED,
                Outcome.RESERVED, Outcome.RESERVED, Outcome.RESERVED, Outcome.OVERSOLD, Outcome.OVERSOLD,
                Outcome.OVERSOLD, Outcome.OVERSOLD);
        assertThat(f.available("HOT")).isZero();
        assertThat(f.level("HOT").version()).isEqualTo(versionBefore + 4);
        assertJournalChain("HOT", 5, 0);
        assertThat(f.pushes.requests()).containsExactlyInAnyOrder(
                new PushRequest(new ListingKey("amazon-jp", "hot-item"), true),
                new PushRequest(new ListingKey("rakuten-main", "hot-item"), true));
    }

    @Test
    void aGroupLargerThanTheStoresTransactionIsSplitAndAConflictFallsBackOneByOne() {
        f.stock("HOT", 20);
        f.map("amazon-jp", "hot-item", new Component("HOT", 1));
        f.ledger.apply(reserve("amazon-jp", "o-6", "hot-item", 1)); // a duplicate in the second chunk
        // Each line is 4 items (line, listing guard, stock, journal): at most 2 lines per transaction of 9.
        LedgerService small = f.anotherContainer(new SmallTransactions(f.store, 9), f.pushes);
        List<Delivery> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(new Delivery("d-" + i, reserve("amazon-jp", "o-" + i, "hot-item", 1), false));
        }

        BatchResult result = small.applyBatch(batch);

        assertThat(result.failed()).isEmpty();
        assertThat(result.applied()).extracting(ApplyResult::outcome).filteredOn(o -> o == Outcome.DUPLICATE)
                .hasSize(1);
        assertThat(f.available("HOT")).isEqualTo(10);
        assertJournalChain("HOT", 20, 10);
        for (int i = 0; i < 10; i++) {
            assertThat(f.line("amazon-jp", "o-" + i, "1").orElseThrow().totalTaken()).isEqualTo(1);
        }
    }

    /** The real store, announcing a small transaction limit (as DynamoDB's 100 items, scaled down). */
    static final class SmallTransactions extends ForwardingLedger {
        private final int max;

        SmallTransactions(dev.zaiko.domain.port.StockLedger real, int max) {
            super(real);
            this.max = max;
        }

        @Override
        public int maxCommitItems() {
            return max;
        }

        @Override
        public CommitResult commitAll(List<LedgerCommit> commits) {
            assertThat(Merged.of(commits).items()).isLessThanOrEqualTo(max);
            return real.commitAll(commits);
        }
    }

    // ------------------------------------------------------------------ helpers

    record RaceResult(Map<Outcome, Integer> outcomes, long minAvailableSeen) {
    }

    /** Applies events from {@code threads} threads at once while a watcher samples the SKU's stock. */
    /**
     * Every worker is its own "container": its own {@link LedgerService} on its own store adapters
     * and connections ({@code Stores.anotherContainer()}), so nothing but the store's own conditions
     * can keep them from overselling (no shared Java object, cache or lock between them).
     */
    RaceResult race(List<OrderEvent> events, int threads, String watchedSku) throws Exception {
        ConcurrentLinkedQueue<OrderEvent> queue = new ConcurrentLinkedQueue<>(events);
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong minSeen = new AtomicLong(Long.MAX_VALUE);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        List<dev.zaiko.config.Stores> containers = new ArrayList<>();
        try {
            Future<?> watcher = pool.submit(() -> {
                while (running.get()) {
                    long value = f.available(watchedSku);
                    minSeen.accumulateAndGet(value, Math::min);
                }
                return null;
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                dev.zaiko.config.Stores own = f.stores.anotherContainer();
                containers.add(own);
                LedgerService ledger = f.anotherContainer(own.stockLedger(), f.pushes);
                workers.add(pool.submit(() -> {
                    start.await();
                    // Batches of ten, as the orders queue hands them to the ledger Lambda.
                    while (true) {
                        List<Delivery> batch = new ArrayList<>();
                        OrderEvent event;
                        while (batch.size() < 10 && (event = queue.poll()) != null) {
                            batch.add(new Delivery(event.reference(), event, false));
                        }
                        if (batch.isEmpty()) {
                            return null;
                        }
                        BatchResult result = ledger.applyBatch(batch);
                        assertThat(result.failed()).isEmpty();
                        result.applied().forEach(applied -> outcomes.add(applied.outcome()));
                    }
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(3, TimeUnit.MINUTES);
            }
            running.set(false);
            watcher.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
            containers.forEach(dev.zaiko.config.Stores::close);
        }
        Map<Outcome, Integer> counts = new HashMap<>();
        outcomes.forEach(o -> counts.merge(o, 1, Integer::sum));
        long journalMin = f.store.journal(watchedSku, 100_000).stream().mapToLong(JournalEntry::after).min()
                .orElse(Long.MAX_VALUE);
        return new RaceResult(counts, Math.min(minSeen.get(), journalMin));
    }

    /** Invariant 5: the journal is a gap-free chain from the initial count to the current one. */
    void assertJournalChain(String sku, long initial, long current) {
        List<JournalEntry> journal = new ArrayList<>(f.store.journal(sku, 100_000));
        journal.sort(Comparator.comparingLong(JournalEntry::version));
        assertThat(journal.get(0).reason()).isEqualTo(ChangeReason.STOCK_CREATED);
        assertThat(journal.get(0).after()).isEqualTo(initial);
        for (int i = 1; i < journal.size(); i++) {
            assertThat(journal.get(i).version()).isEqualTo(journal.get(i - 1).version() + 1);
            assertThat(journal.get(i).before()).as("entry %d of %s", i, sku).isEqualTo(journal.get(i - 1).after());
            assertThat(journal.get(i).after()).isGreaterThanOrEqualTo(0);
        }
        assertThat(journal.get(journal.size() - 1).after()).isEqualTo(current);
    }

    /** The lowest {@code available} the store's own journal recorded (raw numbers, not a StockLevel). */
    long journalMinimum(String sku) {
        return f.store.journal(sku, 100_000).stream().mapToLong(JournalEntry::after).min().orElseThrow();
    }

    // ------------------------------------------------------------------ issue 15: line revisions (defect 2)

    static OrderEvent revised(String channel, String order, String item, int quantity, String mallTime) {
        return reserve(channel, order, item, quantity).withRevision(java.time.Instant.parse(mallTime));
    }

    @Test
    void aLineCutFromThreeToTwoReturnsOneUnitAndARiseToFiveTakesThreeWhateverTheDeliveryOrder() {
        f.stock("MUG", 10);
        f.map("rakuten-main", "mug", new Component("MUG", 1));
        OrderEvent three = revised("rakuten-main", "r-1", "mug", 3, "2026-11-23T00:00:00Z");
        OrderEvent two = revised("rakuten-main", "r-1", "mug", 2, "2026-11-23T00:01:00Z");
        OrderEvent five = revised("rakuten-main", "r-1", "mug", 5, "2026-11-23T00:02:00Z");

        assertThat(f.ledger.apply(three).outcome()).isEqualTo(Outcome.RESERVED);
        assertThat(f.available("MUG")).isEqualTo(7);
        assertThat(f.ledger.apply(two).outcome()).isEqualTo(Outcome.REVISED);
        assertThat(f.available("MUG")).isEqualTo(8);
        // Redelivered and late: the old 3 changes nothing, the repeat of 2 neither.
        assertThat(f.ledger.apply(three).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(f.ledger.apply(two).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(f.available("MUG")).isEqualTo(8);
        assertThat(f.ledger.apply(five).outcome()).isEqualTo(Outcome.REVISED);
        assertThat(f.available("MUG")).isEqualTo(5);
        assertThat(f.ledger.apply(two).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(f.available("MUG")).isEqualTo(5);
        OrderLine line = f.line("rakuten-main", "r-1", "1").orElseThrow();
        assertThat(line.quantity()).isEqualTo(5);
        assertThat(line.taken()).isEqualTo(Map.of("MUG", 5L));
        assertThat(f.store.journal("MUG", 10)).extracting(JournalEntry::reason).containsExactly(
                ChangeReason.ORDER_REVISED, ChangeReason.ORDER_REVISED, ChangeReason.ORDER_RESERVED,
                ChangeReason.STOCK_CREATED);
    }

    @Test
    void revisionsDeliveredInEveryOrderEndHoldingTheNewestQuantity() {
        f.stock("CUP", 20);
        f.map("shopify-main", "cup", new Component("CUP", 2));
        List<OrderEvent> reports = List.of(
                revised("shopify-main", "s-1", "cup", 3, "2026-11-23T00:00:00Z"),
                revised("shopify-main", "s-1", "cup", 2, "2026-11-23T00:01:00Z"),
                revised("shopify-main", "s-1", "cup", 3, "2026-11-23T00:02:00Z"));
        int[][] orders = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        int run = 0;
        for (int[] order : orders) {
            String orderId = "s-" + run++;
            for (int i : order) {
                OrderEvent report = reports.get(i);
                f.ledger.apply(new OrderEvent(report.channelId(), orderId, report.lineId(), report.itemKey(),
                        report.quantity(), report.action(), report.mallStatus(), report.occurredAt(), report.origin(),
                        report.revision()));
            }
            assertThat(f.line("shopify-main", orderId, "1").orElseThrow().quantity()).as("order %s", orderId)
                    .isEqualTo(3);
        }
        // Six lines of 3 sets x 2 units each: 36 units wanted, 20 there.
        assertThat(f.available("CUP")).isZero();
        long held = 0;
        long short_ = 0;
        for (int i = 0; i < 6; i++) {
            OrderLine line = f.line("shopify-main", "s-" + i, "1").orElseThrow();
            held += line.totalTaken();
            short_ += line.totalShortfall();
        }
        assertThat(held).isEqualTo(20);
        assertThat(short_).isEqualTo(16);
    }

    // ------------------------------------------------------------------ issue 15: TTL only on closed lines (defect 6)

    @Test
    void anOpenLineNeverExpiresAndACancelledOneExpiresFromWhenItClosed() {
        f.stock("TTL", 5);
        f.map("rakuten-main", "ttl", new Component("TTL", 1));
        f.ledger.apply(reserve("rakuten-main", "open-1", "ttl", 1));
        f.ledger.apply(reserve("rakuten-main", "closed-1", "ttl", 1));
        f.ledger.apply(reserve("rakuten-main", "oversold-1", "ttl", 9));
        assertThat(f.store.lineExpiresAt("rakuten-main#open-1#1")).isEmpty();
        assertThat(f.store.lineExpiresAt("rakuten-main#oversold-1#1")).isEmpty();

        java.time.Instant before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        f.ledger.apply(cancel("rakuten-main", "closed-1", "ttl", 1));
        assertThat(f.store.lineExpiresAt("rakuten-main#closed-1#1")).hasValueSatisfying(at ->
                assertThat(at).isBetween(before.plus(java.time.Duration.ofDays(120)),
                        java.time.Instant.now().plus(java.time.Duration.ofDays(120)).plusSeconds(1)));
        assertThat(f.store.lineExpiresAt("rakuten-main#open-1#1")).isEmpty();
    }

    // ------------------------------------------------------------------ issue 15: UNMAPPED vs a new mapping (defect 13)

    @Test
    void anUnmappedCommitRacingANewMappingIsDecidedAgainAndTakesTheStock() {
        f.stock("NEW", 4);
        ListingKey key = new ListingKey("yahoo-main", "new-item");
        java.util.concurrent.atomic.AtomicBoolean mapped = new java.util.concurrent.atomic.AtomicBoolean();
        // The mapping lands between the decision (no listing) and the commit of the UNMAPPED line.
        dev.zaiko.domain.port.StockLedger racing = new ForwardingLedger(f.store) {
            @Override
            public CommitResult commit(LedgerCommit commit) {
                if (commit.line().isPresent() && commit.line().get().line().state() == LineState.UNMAPPED
                        && mapped.compareAndSet(false, true)) {
                    f.store.saveListing(key, List.of(new Component("NEW", 1)), 0);
                }
                return super.commit(commit);
            }
        };
        LedgerService ledger = f.anotherContainer(racing, f.pushes);

        ApplyResult result = ledger.apply(reserve("yahoo-main", "y-1", "new-item", 3));

        assertThat(mapped).isTrue();
        assertThat(result.outcome()).isEqualTo(Outcome.RESERVED);
        assertThat(f.available("NEW")).isEqualTo(1);
        assertThat(f.line("yahoo-main", "y-1", "1").orElseThrow().state()).isEqualTo(LineState.RESERVED);
    }

    // ------------------------------------------------------------------ issue 15: strong reads (defects 10, 13)

    /**
     * What an eventually consistent index answers a moment after a write: nothing yet. The ledger
     * must not act on it: the retry of UNMAPPED lines after a mapping and the push fan-out read the
     * store strongly ({@code unmappedLinesOf}, {@code listingsContaining}), never the attention list.
     */
    static final class LaggingAttentionIndex extends ForwardingLedger {
        LaggingAttentionIndex(dev.zaiko.domain.port.StockLedger real) {
            super(real);
        }

        @Override
        public List<OrderLine> linesNeedingAttention(LineState state, int limit) {
            return List.of();
        }
    }

    @Test
    void aMappingAppliesTheListingsUnmappedLinesAndPushesItAtOnceWhateverTheAttentionIndexShows() {
        f.stock("A", 10);
        LedgerService ledger = f.anotherContainer(new LaggingAttentionIndex(f.store), f.pushes);
        assertThat(ledger.apply(reserve("qoo10-main", "q-1", "fresh-item", 2)).outcome()).isEqualTo(Outcome.UNMAPPED);
        assertThat(ledger.apply(reserve("qoo10-main", "q-2", "other-item", 1)).outcome()).isEqualTo(Outcome.UNMAPPED);

        ledger.mapListing(new ListingKey("qoo10-main", "fresh-item"), List.of(new Component("A", 1)), false);

        assertThat(f.available("A")).isEqualTo(8);
        assertThat(f.line("qoo10-main", "q-1", "1").orElseThrow().state()).isEqualTo(LineState.RESERVED);
        assertThat(f.line("qoo10-main", "q-2", "1").orElseThrow().state()).isEqualTo(LineState.UNMAPPED);
        assertThat(f.store.unmappedLinesOf(new ListingKey("qoo10-main", "fresh-item"), 10)).isEmpty();
        assertThat(f.store.unmappedLinesOf(new ListingKey("qoo10-main", "other-item"), 10))
                .extracting(OrderLine::orderId).containsExactly("q-2");
        // the next sale of A pushes the new listing (it is in A's listings at once)
        assertThat(ledger.requestPushes(java.util.Set.of("A")))
                .extracting(PushRequest::listing).containsExactly(new ListingKey("qoo10-main", "fresh-item"));
    }
}
