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
            // The default low-stock hold-back: a polled mall (Rakuten) shows the ledger's sellable
            // quantity less 2, a webhook mall (Shopify) the whole of it.
            List<dev.zaiko.domain.ListingKey> keys = system.listings().stream()
                    .filter(k -> k.channelId().equals("rakuten-main") || k.channelId().equals("shopify-main")).toList();
            java.util.Map<dev.zaiko.domain.ListingKey, java.util.OptionalLong> sellable = system.runtime().ledger.sellable(keys);
            long heldBack = 0;
            for (dev.zaiko.domain.ListingKey key : keys) {
                long ledger = sellable.get(key).orElseThrow();
                long shown = system.runtime().channel(key.channelId()).simulator().shownQuantity(key.itemKey()).orElseThrow();
                boolean polled = key.channelId().equals("rakuten-main");
                assertThat(shown).as(key + " with ledger " + ledger).isEqualTo(polled ? Math.max(0, ledger - 2) : ledger);
                heldBack += polled && ledger > 0 ? 1 : 0;
            }
            assertThat(heldBack).as("Rakuten listings with stock, each showing two units less").isPositive();
        }
        // The oversold units split by mall and cause add up to the oversold units.
        assertThat(report.oversoldByMall().values().stream().flatMap(m -> m.values().stream())
                .mapToLong(Long::longValue).sum()).isEqualTo(report.oversoldUnits());

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
