package dev.zaiko.app.reconcile;

import dev.zaiko.app.LedgerService;
import dev.zaiko.config.SqlStores;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushRequest;
import dev.zaiko.domain.port.ReconcileReports.Finding;
import dev.zaiko.domain.port.ReconcileReports.Mode;
import dev.zaiko.domain.port.ReconcileReports.Report;
import dev.zaiko.domain.port.ReconcileReports.Row;
import dev.zaiko.domain.port.ReconcileReports.Status;
import dev.zaiko.support.FakeMall;
import dev.zaiko.testsupport.MutableClock;
import dev.zaiko.support.RecordingPushRequester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReconcileService} on the embedded SQL store with a fake mall (no sockets): what it reports,
 * what it repairs, and issue 15 defect 9 (a mall showing LESS than the ledger is never raised).
 */
class ReconcileServiceIT {
    static final String CHANNEL = "qoo10-main";
    static final ListingKey NAVY = new ListingKey(CHANNEL, "navy");
    static final ListingKey RED = new ListingKey(CHANNEL, "red");
    static final ListingKey GREY = new ListingKey(CHANNEL, "grey");

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T00:00:00Z"));
    final RecordingPushRequester pushes = new RecordingPushRequester();
    final FakeMall mall = new FakeMall(50);
    final List<String> polled = new ArrayList<>();
    SqlStores stores;
    ReconcileService reconciler;

    @BeforeEach
    void catalogue() {
        stores = SqlStores.temporary(clock);
        LedgerService ledger = new LedgerService(stores.stockLedger(), new RecordingPushRequester(), clock);
        ledger.define("TEE-NAVY", 5, Optional.empty(), Optional.empty(), Optional.empty(), ChangeSource.admin("t"));
        ledger.define("TEE-RED", 2, Optional.empty(), Optional.empty(), Optional.empty(), ChangeSource.admin("t"));
        ledger.define("TEE-GREY", 7, Optional.of(1L), Optional.empty(), Optional.empty(), ChangeSource.admin("t"));
        ledger.mapListing(NAVY, List.of(new Component("TEE-NAVY", 1)), false);
        ledger.mapListing(RED, List.of(new Component("TEE-RED", 1)), false);
        ledger.mapListing(GREY, List.of(new Component("TEE-GREY", 2)), false);
        reconciler = new ReconcileService(stores.stockLedger(), stores.catalog(), pushes, stores.pushLog(),
                stores.channelStates(), stores.reconcileReports(), polled::add, clock);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    Report run(Mode mode) {
        return reconciler.reconcile(CHANNEL, mall, "fp", mode, Duration.ofSeconds(30));
    }

    @Test
    void aMallInStepWithTheLedgerHasNoFindings() {
        mall.show("navy", 5);
        mall.show("red", 2);
        mall.show("grey", 3); // (7 - 1) / 2

        Report report = run(Mode.REPAIR);

        assertThat(report.status()).isEqualTo(Status.COMPLETE);
        assertThat(report.checked()).isEqualTo(3);
        assertThat(report.inSync()).isEqualTo(3);
        assertThat(report.rows()).isEmpty();
        assertThat(pushes.requests()).isEmpty();
        assertThat(polled).isEmpty();
    }

    @Test
    void aMallShowingMoreThanTheLedgerIsRepairedInRepairModeOnly() {
        mall.show("navy", 9);
        mall.show("red", 2);
        mall.show("grey", 3);

        Report reported = run(Mode.REPORT);
        assertThat(reported.rows()).singleElement().isEqualTo(new Row("navy", Finding.DRIFT, 5, OptionalLong.of(9),
                false, ""));
        assertThat(pushes.requests()).isEmpty();

        Report repaired = run(Mode.REPAIR);
        assertThat(repaired.drifted()).isEqualTo(1);
        assertThat(repaired.repairsRequested()).isEqualTo(1);
        assertThat(pushes.requests()).containsExactly(new PushRequest(NAVY, false));
    }

    @Test
    void aMallShowingLessThanTheLedgerIsReportedNotRaisedAndItsOrdersArePolled() {
        mall.show("navy", 3); // the mall sold 2 whose order we have not polled yet
        mall.show("red", 2);
        mall.show("grey", 0); // ledger 3

        Report report = run(Mode.REPAIR);

        assertThat(report.rows()).containsExactly(
                new Row("grey", Finding.MALL_BELOW_LEDGER, 3, OptionalLong.of(0), false, ""),
                new Row("navy", Finding.MALL_BELOW_LEDGER, 5, OptionalLong.of(3), false, ""));
        assertThat(report.repairsRequested()).isZero();
        assertThat(pushes.requests()).as("never written over: it may be a sale").isEmpty();
        assertThat(polled).containsExactly(CHANNEL);
        assertThat(stores.reconcileReports().latest(CHANNEL).orElseThrow().rows()).hasSize(2);
    }

    @Test
    void anItemTheMallNoLongerHasIsMissingAndNeverPushed() {
        mall.show("navy", 5);
        mall.show("grey", 3);

        Report report = run(Mode.REPAIR);

        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.rows()).singleElement().satisfies(row -> {
            assertThat(row.itemKey()).isEqualTo("red");
            assertThat(row.finding()).isEqualTo(Finding.MISSING_ON_MALL);
            assertThat(row.shown()).isEmpty();
        });
        assertThat(pushes.requests()).isEmpty();
    }

    @Test
    void aChannelInAuthErrorWithTheSameCredentialsIsSkipped() {
        stores.channelStates().setHealth(CHANNEL, ChannelHealth.AUTH_ERROR, "expired", "fp", 0, clock.instant());
        mall.show("navy", 9);

        Report report = run(Mode.REPAIR);

        assertThat(report.status()).isEqualTo(Status.SKIPPED);
        assertThat(pushes.requests()).isEmpty();
    }
}
