package dev.zaiko.local.demo;

import dev.zaiko.local.LocalConfig;
import dev.zaiko.local.LocalSystem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short flash sale on the whole local stack (what {@code zaiko demo} runs, compressed): every
 * check passes, the figures are consistent, and the live view is fed while it runs.
 */
class FlashSaleIT {
    @Test
    void aShortSaleOnEightMallsPassesEveryCheck() {
        LocalConfig config = LocalConfig.builtIn()
                .withPollInterval("rakuten", Duration.ofSeconds(2)).withPollInterval("yahoo", Duration.ofSeconds(2))
                .withPollInterval("qoo10", Duration.ofSeconds(2)).withPollInterval("aupay", Duration.ofSeconds(2));
        List<FlashSale.Snapshot> snapshots = new ArrayList<>();
        FlashSale.Report report;
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(config, Optional.empty(), true), line -> { })) {
            system.startSchedules();
            report = new FlashSale(system, new FlashSale.Settings(Duration.ofSeconds(8), Duration.ofSeconds(60), 7))
                    .run(snapshots::add);
        }

        // Every check the demo makes is there (an empty list would pass allSatisfy), and each passed.
        assertThat(report.checks()).extracting(FlashSale.Check::name).containsExactly("available never below 0",
                "ledger adds up", "every mall order counted once", "every mall shows the ledger",
                "nothing in the orders DLQ", "no push given up");
        assertThat(report.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        assertThat(report.converged()).isTrue();
        assertThat(report.minAvailableSeen()).isGreaterThanOrEqualTo(0);
        assertThat(report.orders()).isPositive();
        assertThat(report.perChannel()).hasSize(8)
                .allSatisfy((channel, c) -> assertThat(c[2]).as(channel + " lines = orders").isEqualTo(c[0]));
        assertThat(report.perChannel().values().stream().mapToLong(c -> c[0]).sum()).isEqualTo(report.orders());
        assertThat(snapshots).isNotEmpty();
        assertThat(snapshots.get(snapshots.size() - 1).phase()).isEqualTo("done");
        // the eight popular items and the set, each shown by every mall
        assertThat(snapshots.get(0).rows()).hasSize(9)
                .allSatisfy(row -> assertThat(row.shown()).hasSize(8).allSatisfy(v -> assertThat(v).isNotNegative()));
        assertThat(snapshots.get(0).channels()).hasSize(8);
    }
}
