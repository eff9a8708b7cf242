package dev.zaiko.cli.demo;

import dev.zaiko.local.demo.Comparison;
import dev.zaiko.local.demo.FlashSale;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** The table printed when the demo ends. */
final class Summary {
    private Summary() {
    }

    private static void latencyTable(PrintStream out, String title, Map<String, FlashSale.Latency> byKey) {
        out.println("  " + title + " (ms)");
        out.printf("    %-10s %7s %7s %7s %7s %5s%n", "", "p50", "p95", "p99", "max", "n");
        byKey.forEach((key, l) -> out.printf("    %-10s %7d %7d %7d %7d %5d%n", key, l.p50(), l.p95(), l.p99(),
                l.max(), l.n()));
        out.println();
    }

    /** The comparison's last lines: both arms side by side and the ratio. */
    static void compare(PrintStream out, Comparison.Result result) {
        FlashSale.Report z = result.zaiko();
        FlashSale.Report t = result.typical();
        out.println();
        out.printf("zaiko demo --compare: the same %d shoppers' attempts on both arms; time compressed %.0f×%n%n",
                z.attempts().size(), result.compression());
        out.printf("  %-34s %14s %18s%n", "", "zaiko-sync", "typical sync tool");
        out.printf("  %-34s %14d %18d%n", "orders taken by the malls", z.orders(), t.orders());
        out.printf("  %-34s %14d %18d%n", "oversold units (at the malls)", z.oversoldUnits(), t.oversoldUnits());
        out.printf("  %-34s %14d %18d%n", "oversold orders", z.oversoldOrders(), t.oversoldOrders());
        out.printf("  %-34s %14d %18d%n", "lowest available seen", z.minAvailableSeen(), t.minAvailableSeen());
        out.printf("  %-34s %14s %18s%n", "checks", z.passed() ? "all passed" : "FAILED",
                t.passed() ? "all passed" : "FAILED");
        out.printf("%n  oversold_ratio (zaiko ÷ typical) = %s%n", result.oversoldRatio().isPresent()
                ? String.format("%.3f", result.oversoldRatio().getAsDouble()) : "n/a (only zaiko oversold)");
    }

    static void print(PrintStream out, FlashSale.Report r, double duration, Path log) {
        out.println();
        out.printf("zaiko demo — %s: %.0f s sale, %.0f s in all%n%n", r.arm(), r.saleSeconds(), duration);
        out.printf("  %-44s %d (%.1f/s); %d attempts refused by a mall that showed too few%n",
                "orders taken by the malls", r.orders(), r.ordersPerSecond(), r.refused());
        out.printf("  %-44s %d%n", "units reserved in the ledger", r.reservedUnits());
        out.printf("  %-44s %d units on %d orders (sold by a mall that had not heard yet; ledger: %d units on %d"
                + " lines)%n", "oversold at the malls", r.oversoldUnits(), r.oversoldOrders(), r.ledgerOversoldUnits(),
                r.oversoldLines());
        out.printf("  %-44s %d units (%d cancellations)%n", "cancelled and restored", r.cancelledUnits(), r.cancels());
        out.printf("  %-44s %d%n", "lowest available seen (journal)", r.minAvailableSeen());
        out.printf("  %-44s %d pusher runs, %d error answers from malls%n", "pushes / faults", r.pusherRuns(),
                r.mallErrors());
        if (r.reconciledListings() > 0) {
            out.printf("  %-44s %d (a mall restocked its display on a cancel the ledger had nothing to give back for)%n",
                    "listings re-pushed after the sale", r.reconciledListings());
        }
        out.println();
        latencyTable(out, "order placed at the mall -> the ledger knows (detection_ms), by source mall", r.detectionMs());
        latencyTable(out, "ledger reached 0 -> that mall shows 0 (zero_push_from_ledger_ms), by destination mall",
                r.zeroPushFromLedgerMs());
        latencyTable(out, "order that sold out a listing -> every other mall shows 0 (zero_push_ms), by source kind",
                r.zeroPushMs());
        if (!r.oversoldByMall().isEmpty()) {
            out.printf("  %-44s %s%n", "oversold units by cause", r.oversoldByCause());
            out.printf("  %-44s %s%n", "oversold units by mall that took the order", r.oversoldByMall());
            out.printf("  %-44s %s%n", "  ... while an order of this mall was not in", r.unknownSalesByMall());
        }
        if (r.pollCycles() > 0) {
            out.printf("  %-44s %d%n", "poll-and-push cycles", r.pollCycles());
        }
        out.println();
        out.printf("    %-10s %9s %9s %9s %9s%n", "channel", "orders", "cancels", "in ledger", "cancelled");
        r.perChannel().forEach((channel, c) -> out.printf("    %-14s %5d %9d %9d %9d%n", channel, c[0], c[1], c[2], c[3]));
        out.println();
        for (FlashSale.Check check : r.checks()) {
            out.printf("  [%s] %-32s %s%n", check.passed() ? "ok" : "FAIL", check.name(), check.detail());
        }
        out.println();
        out.println(r.passed() ? "zaiko demo: every check passed." : "zaiko demo: CHECKS FAILED (see above).");
        out.println("  handler logs: " + log);
    }
}
