package dev.zaiko.app.ops;

import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.ReconcileReports;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.support.LedgerFixture;
import dev.zaiko.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's stock table on the embedded SQL store: paging and search over the snapshot, 差異のみ
 * decided from what the system knows (the channel's last reconcile report and the push log, never a
 * mall), and for each cell where its number comes from and when. The table's clock is the test's.
 */
@ExtendWith(AwsTestBed.class)
class StockTableServiceIT {
    static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");
    static final Instant REPORT_STARTED = T0.minus(Duration.ofMinutes(10));
    static final Instant REPORT_FINISHED = T0.minus(Duration.ofMinutes(9));
    static final Instant PUSHED = T0.minus(Duration.ofMinutes(5));

    private final TestAws aws;
    private LedgerFixture f;
    private StockTableService table;

    StockTableServiceIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void setUp() {
        f = new LedgerFixture(aws);
        define("TEA-01", 10, "4901234567894", "煎茶 100g");
        define("TEA-02", 5, null, "煎茶 200g");
        define("TEA-03", 0, null, "ほうじ茶");
        define("CUP-01", 3, null, "湯呑み");
        define("CUP-02", 20, null, "急須");
        define("CUP-03", 30, null, null);
        define("CUP-04", 40, null, null);
        f.map("rakuten-main", "tea-01", new Component("TEA-01", 1));
        f.map("yahoo-main", "tea-01", new Component("TEA-01", 1));
        f.map("rakuten-main", "tea-02", new Component("TEA-02", 1));
        f.map("yahoo-main", "cup-01", new Component("CUP-01", 1));
        // a set: one tea and two cups, so 1 sellable (3 cups / 2)
        f.map("rakuten-main", "set-1", new Component("TEA-01", 1), new Component("CUP-01", 2));
        // Rakuten's last read found tea-01 showing 7 (the ledger: 10); the rest matched
        f.stores.reconcileReports().save(new ReconcileReports.Report("rakuten-main", ReconcileReports.Mode.REPORT,
                ReconcileReports.Status.COMPLETE, "", REPORT_STARTED, REPORT_FINISHED, 3, 3, 2, 1, 0, 0,
                List.of(new ReconcileReports.Row("tea-01", ReconcileReports.Finding.DRIFT, 10, OptionalLong.of(7), false,
                        "")), 0));
        // Yahoo has no read yet; tea-01 was pushed there
        f.stores.pushLog().record(new ListingKey("yahoo-main", "tea-01"), 10, PushStatus.OK, "", "", PUSHED);
        ChannelDirectory channels = new ChannelDirectory() {
            @Override
            public List<Entry> channels() {
                return List.of(new Entry("rakuten-main", "rakuten"), new Entry("yahoo-main", "yahoo"));
            }

            @Override
            public ChannelAdapter adapter(String channelId) {
                throw new AssertionError("the table never calls a mall (" + channelId + ")");
            }

            @Override
            public int pushQueueDepth(String channelId) {
                return 0;
            }
        };
        table = new StockTableService(f.store, channels, f.stores.pushLog(), f.stores.reconcileReports(),
                new MutableClock(T0));
    }

    private void define(String sku, long available, String jan, String name) {
        f.ledger.define(sku, available, Optional.empty(), Optional.ofNullable(jan), Optional.ofNullable(name),
                ChangeSource.admin("test"));
    }

    static StockTableService.Query query(String search, String channel, boolean onlyDiff, int offset, int limit) {
        return new StockTableService.Query(Optional.ofNullable(search), Optional.ofNullable(channel),
                OptionalLong.empty(), onlyDiff, offset, limit);
    }

    static List<String> skus(StockTableService.Page page) {
        return page.rows().stream().map(r -> r.stock().sku()).toList();
    }

    @Test
    void pagesWalkTheSkusInOrderWithTheTotal() {
        StockTableService.Page first = table.page(query(null, null, false, 0, 3));
        StockTableService.Page second = table.page(query(null, null, false, 3, 3));
        StockTableService.Page last = table.page(query(null, null, false, 6, 3));

        assertThat(first.total()).isEqualTo(7);
        assertThat(skus(first)).containsExactly("CUP-01", "CUP-02", "CUP-03");
        assertThat(skus(second)).containsExactly("CUP-04", "TEA-01", "TEA-02");
        assertThat(skus(last)).containsExactly("TEA-03");
        assertThat(table.page(query(null, null, false, 7, 3)).rows()).isEmpty();
        assertThat(first.snapshotAt()).isEqualTo(T0);
    }

    @Test
    void searchMatchesCodeNameAndTheStartOfAJanAndBelowFiltersOnTheLedger() {
        assertThat(skus(table.page(query("煎茶", null, false, 0, 50)))).containsExactly("TEA-01", "TEA-02");
        assertThat(skus(table.page(query("cup-0", null, false, 0, 50)))).containsExactly("CUP-01", "CUP-02", "CUP-03",
                "CUP-04");
        assertThat(skus(table.page(query("4901234", null, false, 0, 50)))).containsExactly("TEA-01");
        assertThat(skus(table.page(new StockTableService.Query(Optional.empty(), Optional.empty(), OptionalLong.of(5),
                false, 0, 50)))).containsExactly("CUP-01", "TEA-03");
        assertThat(skus(table.page(query(null, "yahoo-main", false, 0, 50)))).containsExactly("CUP-01", "TEA-01");
    }

    @Test
    void onlyDiffKeepsTheSkuWhoseMallShowedAnotherNumberAtTheLastRead() {
        StockTableService.Page diff = table.page(query(null, null, true, 0, 50));

        assertThat(diff.total()).isEqualTo(1);
        assertThat(skus(diff)).containsExactly("TEA-01");
        // on Yahoo alone nothing differs: tea-01 was pushed 10, cup-01 was never pushed nor read
        assertThat(table.page(query(null, "yahoo-main", true, 0, 50)).total()).isZero();
    }

    @Test
    void eachCellSaysWhatTheMallShowsWhereThatComesFromAndWhen() {
        StockTableService.Row tea = table.page(query("TEA-01", null, false, 0, 50)).rows().get(0);

        assertThat(tea.differs()).isTrue();
        assertThat(tea.listings()).extracting(c -> c.listing().value() + " " + c.sellable() + " "
                        + (c.shown().isPresent() ? c.shown().getAsLong() : "-") + " " + c.status() + " " + c.source() + " "
                        + c.shownAt().map(Instant::toString).orElse("-"))
                .containsExactly(
                        "rakuten-main#set-1 1 1 SAME CHECK " + REPORT_FINISHED,
                        "rakuten-main#tea-01 10 7 DIFFERENT CHECK " + REPORT_FINISHED,
                        "yahoo-main#tea-01 10 10 SAME PUSH " + PUSHED);
        StockTableService.Row cup = table.page(query("CUP-01", null, false, 0, 50)).rows().get(0);
        assertThat(cup.listings()).extracting(c -> c.listing().value() + " " + c.status() + " " + c.source())
                .containsExactly("rakuten-main#set-1 SAME CHECK", "yahoo-main#cup-01 UNCHECKED NONE");
        assertThat(cup.differs()).isFalse();
    }

    @Test
    void theColumnsCarryEachChannelsLastReadTime() {
        List<StockTableService.Column> columns = table.page(query(null, null, false, 0, 1)).channels();

        assertThat(columns).extracting(c -> c.channel().id() + " "
                        + c.lastCheck().map(r -> r.finishedAt() + " " + r.drifted()).orElse("never"))
                .containsExactly("rakuten-main " + REPORT_FINISHED + " 1", "yahoo-main never");
    }

    @Test
    void anEditShowsAtOnceAndItsListingsWaitForTheirPush() {
        table.page(query(null, null, false, 0, 50));
        var after = f.ledger.adjust("TEA-01", new dev.zaiko.domain.StockAdjustment.SetAvailable(8),
                ChangeSource.admin("test")).after();
        table.stockChanged(List.of(after));

        StockTableService.Row row = table.page(query("TEA-01", null, false, 0, 50)).rows().get(0);
        assertThat(row.stock().available()).isEqualTo(8);
        // the set still sells 1 (the cups limit it); both single listings wait for their push of 8
        assertThat(row.listings()).extracting(c -> c.listing().value() + " " + c.sellable() + " " + c.status())
                .containsExactly("rakuten-main#set-1 1 SAME", "rakuten-main#tea-01 8 PUSHING",
                        "yahoo-main#tea-01 8 PUSHING");
        assertThat(skus(table.page(query(null, null, true, 0, 50)))).containsExactly("TEA-01");
    }
}
