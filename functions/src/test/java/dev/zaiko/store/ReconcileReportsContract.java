package dev.zaiko.store;

import dev.zaiko.domain.port.ReconcileReports;
import dev.zaiko.domain.port.ReconcileReports.Finding;
import dev.zaiko.domain.port.ReconcileReports.Mode;
import dev.zaiko.domain.port.ReconcileReports.Report;
import dev.zaiko.domain.port.ReconcileReports.Row;
import dev.zaiko.domain.port.ReconcileReports.Status;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ReconcileReports}: the latest report per channel, whole, at its maximum size. */
public abstract class ReconcileReportsContract extends StoreContract {
    static final Instant T0 = Instant.parse("2026-11-23T00:00:00.250Z");

    @Test
    void theLatestReportComesBackExactlyAndReplacesTheOneBefore() {
        ReconcileReports reports = stores.reconcileReports();
        assertThat(reports.latest("rakuten-main")).isEmpty();
        Report first = new Report("rakuten-main", Mode.REPORT, Status.COMPLETE, "", T0, T0.plusSeconds(3), 3, 3, 3, 0,
                0, 0, List.of(), 0);
        Report second = new Report("rakuten-main", Mode.REPAIR, Status.PARTIAL, "budget", T0.plusSeconds(60),
                T0.plusSeconds(64), 5, 4, 2, 1, 1, 1, List.of(
                new Row("tshirt:navy", Finding.DRIFT, 3, OptionalLong.of(5), true, "OK 5"),
                new Row("gone", Finding.MISSING_ON_MALL, 2, OptionalLong.empty(), false, "")), 0);
        reports.save(first);
        reports.save(second);

        assertThat(another().reconcileReports().latest("rakuten-main")).contains(second);
        assertThat(reports.latest("yahoo-main")).isEmpty();
    }

    @Test
    void aReportAtItsMaximumRowsIsKeptWhole() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < Report.MAX_ROWS; i++) {
            rows.add(new Row("item-" + "x".repeat(40) + i, Finding.DRIFT, i, OptionalLong.of(i + 1L), true,
                    "REJECTED E123: " + "message ".repeat(8)));
        }
        Report report = new Report("shopify-main", Mode.REPAIR, Status.COMPLETE, "", T0, T0.plusSeconds(30), 1500,
                1500, 500, 1000, 0, 1000, rows, 0);
        stores.reconcileReports().save(report);
        assertThat(stores.reconcileReports().latest("shopify-main")).contains(report);
    }
}
