package dev.zaiko.local.reconcile;

import dev.zaiko.app.reconcile.ReconcileService;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.port.ReconcileReports;
import dev.zaiko.domain.port.ReconcileReports.Finding;
import dev.zaiko.domain.port.ReconcileReports.Mode;
import dev.zaiko.domain.port.ReconcileReports.Report;
import dev.zaiko.domain.port.ReconcileReports.Row;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.handler.ReconcileHandler;
import dev.zaiko.local.LocalRuntime;
import dev.zaiko.sim.aupay.AuPaySimulator;
import dev.zaiko.sim.qoo10.Qoo10Simulator;
import dev.zaiko.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler end to end: drift made behind the system's back on a simulated mall is found,
 * reported (what {@code zaiko diff} reads), and repaired through the channel's pusher; a listing the
 * mall no longer has is flagged and never pushed.
 */
@ExtendWith(AwsTestBed.class)
class ReconcileIT {
    static final String SKU = "TEE-NAVY-M";
    static final String QOO10_ITEM = "1000001";
    static final String AUPAY_ITEM = "tee-navy-m";
    static final List<ListingKey> LISTINGS = List.of(new ListingKey(Malls.QOO10, QOO10_ITEM),
            new ListingKey(Malls.AUPAY, AUPAY_ITEM));

    private final TestAws aws;
    private LocalRuntime runtime;
    private Qoo10Simulator qoo10;
    private AuPaySimulator aupay;
    private ReconcileReports reports;
    private ReconcileHandler qoo10Reconciler;

    ReconcileIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        String suffix = TestAws.freshSuffix();
        runtime = new LocalRuntime(aws, suffix);
        qoo10 = Malls.qoo10(runtime);
        aupay = Malls.aupay(runtime);
        qoo10.putItem(QOO10_ITEM, 0);
        aupay.putItem(AUPAY_ITEM, 0);
        runtime.ledger.define(SKU, 5, Optional.empty(), Optional.empty(), Optional.empty(), ChangeSource.admin("test"));
        LISTINGS.forEach(key -> runtime.ledger.mapListing(key, List.of(new Component(SKU, 1)), false));
        Malls.awaitConverged(runtime, LISTINGS, "the catalogue on both malls");
        reports = runtime.stores.reconcileReports();
        ReconcileService service = new ReconcileService(runtime.store,
                runtime.stores.catalog(), Malls.pushRequester(aws, runtime, suffix),
                runtime.pushLog, runtime.states, reports, Clock.systemUTC());
        qoo10Reconciler = new ReconcileHandler(runtime.channel(Malls.QOO10).runtime(), service, Mode.REPAIR);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void driftIntroducedOnAMallIsReportedThenRepairedAndTheNextRunFindsNone() {
        qoo10.driftShownQuantity(QOO10_ITEM, 9);

        Map<String, Object> reportOnly = qoo10Reconciler.handleRequest(Map.of("mode", "report"), null);

        assertThat(reportOnly).containsEntry("status", "COMPLETE").containsEntry("drifted", 1)
                .containsEntry("repairsRequested", 0);
        Report stored = reports.latest(Malls.QOO10).orElseThrow();
        assertThat(stored.mode()).isEqualTo(Mode.REPORT);
        assertThat(stored.listings()).isEqualTo(1);
        assertThat(stored.rows()).containsExactly(new Row(QOO10_ITEM, Finding.DRIFT, 5, OptionalLong.of(9), false,
                stored.rows().get(0).lastPush()));
        assertThat(stored.rows().get(0).lastPush()).startsWith("OK 5");
        assertThat(runtime.pushQueue(Malls.QOO10).visibleCount()).isZero();
        assertThat(qoo10.shownQuantity(QOO10_ITEM)).hasValue(9);

        Map<String, Object> repair = qoo10Reconciler.handleRequest(Map.of(), null);

        assertThat(repair).containsEntry("drifted", 1).containsEntry("repairsRequested", 1);
        assertThat(reports.latest(Malls.QOO10).orElseThrow().rows()).singleElement()
                .satisfies(row -> assertThat(row.repairRequested()).isTrue());
        Await.until(Duration.ofSeconds(30), "Qoo10 showing the ledger's 5 again",
                () -> qoo10.shownQuantity(QOO10_ITEM).orElse(-1) == 5);

        Map<String, Object> next = qoo10Reconciler.handleRequest(Map.of(), null);

        assertThat(next).containsEntry("drifted", 0).containsEntry("missing", 0).containsEntry("checked", 1);
        Report clean = reports.latest(Malls.QOO10).orElseThrow();
        assertThat(clean.inSync()).isEqualTo(1);
        assertThat(clean.rows()).isEmpty();
        assertThat(aupay.shownQuantity(AUPAY_ITEM)).hasValue(5);
        assertThat(runtime.store.readStock(List.of(SKU)).get(SKU).available()).isEqualTo(5);
    }

    @Test
    void aListingTheMallNoLongerHasIsFlaggedAndNeverPushed() {
        ListingKey gone = new ListingKey(Malls.QOO10, "1000999");
        runtime.ledger.mapListing(gone, List.of(new Component(SKU, 1)), false);
        Await.until(Duration.ofSeconds(30), "the first push of the unknown item to be refused",
                () -> runtime.pushLog.entry(gone).isPresent());
        long callsBefore = qoo10.calls().size();

        Map<String, Object> result = qoo10Reconciler.handleRequest(Map.of(), null);

        assertThat(result).containsEntry("missing", 1).containsEntry("drifted", 0).containsEntry("repairsRequested", 0);
        Row row = reports.latest(Malls.QOO10).orElseThrow().rows().get(0);
        assertThat(row.itemKey()).isEqualTo("1000999");
        assertThat(row.finding()).isEqualTo(Finding.MISSING_ON_MALL);
        assertThat(row.shown()).isEmpty();
        assertThat(row.ledgerSellable()).isEqualTo(5);
        assertThat(row.repairRequested()).isFalse();
        assertThat(row.lastPush()).startsWith("REJECTED");
        assertThat(runtime.pushQueue(Malls.QOO10).visibleCount()).isZero();
        List<dev.zaiko.sim.RecordedCall> calls = qoo10.calls().subList((int) callsBefore, qoo10.calls().size());
        assertThat(calls).as("the reconciler read the mall's stock").isNotEmpty();
        assertThat(calls).as("and wrote nothing to it").noneMatch(call -> call.path().endsWith("SetGoodsPriceQtyBulk"));
        assertThat(qoo10.hasItem("1000999")).isFalse();
    }

    @Test
    void aChannelInAuthErrorIsNotCalledAndTheReportSaysWhy() {
        runtime.states.setHealth(Malls.QOO10, ChannelHealth.AUTH_ERROR, "ERR_KEY: key expired",
                runtime.channel(Malls.QOO10).runtime().credentialsFingerprint(), 0, Instant.now());
        qoo10.driftShownQuantity(QOO10_ITEM, 9);
        qoo10.clearCalls();

        Map<String, Object> result = qoo10Reconciler.handleRequest(Map.of(), null);

        assertThat(result).containsEntry("status", "SKIPPED");
        assertThat(reports.latest(Malls.QOO10).orElseThrow().message()).contains("ERR_KEY");
        assertThat(qoo10.calls()).isEmpty();
    }
}
