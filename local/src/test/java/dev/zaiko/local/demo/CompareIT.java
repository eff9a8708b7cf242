package dev.zaiko.local.demo;

import dev.zaiko.domain.ListingKey;
import dev.zaiko.local.ChannelSpec;
import dev.zaiko.local.LocalConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zaiko demo --compare}, small and compressed 30× (the typical tool's 3-minute cycle is 6 s):
 * one item with 6 units (宇治抹茶) on four malls that tell us of orders at once (Shopify, Mercari
 * Shops and makeshop webhooks, Amazon's ORDER_CHANGE queue). Ten shoppers buy one unit each: six
 * within the first 1.1 s, four more from 3.0 s on, all before the typical tool's first cycle at 6 s.
 * zaiko-sync hears of the sixth sale at once and every mall shows 0 long before the seventh shopper
 * arrives (1.9 s later: wide margins, so a busy machine cannot flip the outcome); the typical tool's
 * malls keep showing stock until its cycle and take all ten: four units beyond the six.
 */
class CompareIT {
    private static final int MATCHA = 2; // catalogue item number of TEA-MATCHA-30 (6 units)

    @Test
    void theSameShoppersOversellOnlyWithTheTypicalTool() {
        LocalConfig all = LocalConfig.builtIn();
        List<ChannelSpec> four = all.channels().stream()
                .filter(c -> List.of("amazon", "shopify", "mercari", "makeshop").contains(c.type())).toList();
        LocalConfig base = new LocalConfig(four, 0, "CompareIT");
        Map<String, String> matchaKeys = Map.of(
                "amazon-jp", "TEA-MATCHA-30",
                "shopify-main", (40_000_000_000L + MATCHA) + "@655441491",
                "mercari-shops", "TEA-MATCHA-30",
                "makeshop-main", String.format("%012d", 100 + MATCHA) + ":FREE");
        String[] malls = {"shopify-main", "mercari-shops", "makeshop-main", "amazon-jp"};
        long[] atMs = {100, 300, 500, 700, 900, 1100, 3000, 3200, 3400, 3600};
        List<ShopperScript.Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < atMs.length; i++) {
            String mall = malls[i % malls.length];
            attempts.add(new ShopperScript.Attempt(0, Duration.ofMillis(atMs[i]), mall,
                    new ListingKey(mall, matchaKeys.get(mall)), 1, Optional.empty()));
        }
        List<ShopperScript.Attempt> script = ShopperScript.numbered(attempts);
        List<FlashSale.Cadence> arms = new CopyOnWriteArrayList<>();
        List<FlashSale.Snapshot> snapshots = new CopyOnWriteArrayList<>();

        Comparison.Result result = Comparison.run(
                new Comparison.Options(base, 2, Duration.ofMillis(4000), Duration.ofSeconds(30), 1, 30),
                Optional.of(script), new Comparison.Watcher() {
                    @Override
                    public void starting(FlashSale.Cadence arm) {
                        arms.add(arm);
                    }

                    @Override
                    public void snapshot(FlashSale.Snapshot snapshot) {
                        snapshots.add(snapshot);
                    }

                    @Override
                    public void log(String line) {
                    }
                });

        FlashSale.Report zaiko = result.zaiko();
        FlashSale.Report typical = result.typical();
        assertThat(arms).containsExactly(FlashSale.Cadence.ZAIKO, FlashSale.Cadence.TYPICAL);
        // Both arms replayed exactly the same ten attempts.
        assertThat(zaiko.attempts()).isEqualTo(script);
        assertThat(typical.attempts()).isEqualTo(zaiko.attempts());

        assertThat(typical.orders()).isEqualTo(10);
        assertThat(typical.oversoldUnits()).isEqualTo(4);
        assertThat(typical.oversoldOrders()).isEqualTo(4);
        assertThat(typical.ledgerOversoldUnits()).isEqualTo(4);
        assertThat(typical.pollCycles()).isPositive();

        assertThat(zaiko.orders()).isEqualTo(6);
        assertThat(zaiko.refused()).isEqualTo(4);
        assertThat(zaiko.oversoldUnits()).isZero();
        assertThat(zaiko.ledgerOversoldUnits()).isZero();

        assertThat(result.oversoldRatio()).isEqualTo(OptionalDouble.of(0));
        assertThat(result.compression()).isEqualTo(30);
        for (FlashSale.Report report : List.of(zaiko, typical)) {
            assertThat(report.checks()).allSatisfy(c ->
                    assertThat(c.passed()).as(report.arm() + ": " + c.name() + ": " + c.detail()).isTrue());
            assertThat(report.minAvailableSeen()).isZero();
        }
        // The zero-push split: zaiko's sell-out came through a webhook or notification and reached every other mall.
        assertThat(zaiko.zeroPushMs()).containsOnlyKeys("webhook");
        assertThat(zaiko.zeroPushMs().get("webhook").n()).isEqualTo(1);
        assertThat(zaiko.detectionMs().values().stream().mapToLong(FlashSale.Latency::n).sum()).isEqualTo(6);
        // Detection is timed by the ledger's journal: the four lines that found no stock left no entry.
        assertThat(typical.detectionMs().values().stream().mapToLong(FlashSale.Latency::n).sum()).isEqualTo(6);
        assertThat(snapshots).extracting(FlashSale.Snapshot::arm).contains("zaiko-sync", "typical sync tool");
        // Where the oversold units came from: the typical tool's four were sold while the first six
        // orders (at malls it polls every 3 minutes) were not in its ledger yet; zaiko had none.
        assertThat(typical.oversoldByCause()).isEqualTo(Map.of(FlashSale.Cause.DETECTION_POLLED, 4L));
        assertThat(typical.oversoldByMall().values().stream().flatMap(m -> m.values().stream())
                .mapToLong(Long::longValue).sum()).isEqualTo(4);
        assertThat(typical.unknownSalesByMall()).containsKeys("shopify-main", "mercari-shops", "makeshop-main");
        assertThat(zaiko.oversoldByMall()).isEmpty();
    }
}
