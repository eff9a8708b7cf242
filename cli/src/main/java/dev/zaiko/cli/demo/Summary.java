package dev.zaiko.cli.demo;

import dev.zaiko.local.demo.FlashSale;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** The table printed when the demo ends. */
final class Summary {
    private Summary() {
    }

    static void print(PrintStream out, FlashSale.Report r, double duration, Path log) {
        out.println();
        out.printf("zaiko demo: %.0f s sale, %.0f s in all%n%n", r.saleSeconds(), duration);
        out.printf("  %-44s %d (%.1f/s); %d attempts refused by a mall that showed too few%n",
                "orders taken by the malls", r.orders(), r.ordersPerSecond(), r.refused());
        out.printf("  %-44s %d%n", "units reserved in the ledger", r.reservedUnits());
        out.printf("  %-44s %d units on %d lines (sold by a mall that had not heard yet)%n",
                "oversold", r.oversoldUnits(), r.oversoldLines());
        out.printf("  %-44s %d units (%d cancellations)%n", "cancelled and restored", r.cancelledUnits(), r.cancels());
        out.printf("  %-44s %d%n", "lowest available seen (journal)", r.minAvailableSeen());
        out.printf("  %-44s %d pusher runs, %d error answers from malls%n", "pushes / faults", r.pusherRuns(),
                r.mallErrors());
        if (r.reconciledListings() > 0) {
            out.printf("  %-44s %d (a mall restocked its display on a cancel the ledger had nothing to give back for)%n",
                    "listings re-pushed after the sale", r.reconciledListings());
        }
        out.println();
        out.println("  a listing sold out: time until each other mall showed 0 (ms)");
        out.printf("    %-10s %27s   %27s%n", "", "from the shopper's order", "from the ledger's commit");
        out.printf("    %-10s %6s %6s %6s %6s   %6s %6s %6s %6s %5s%n", "mall", "p50", "p95", "p99", "max",
                "p50", "p95", "p99", "max", "n");
        for (Map.Entry<String, FlashSale.Latency> e : r.zeroPushMs().entrySet()) {
            FlashSale.Latency l = e.getValue();
            FlashSale.Latency d = r.zeroPushFromLedgerMs().getOrDefault(e.getKey(), l);
            out.printf("    %-10s %6d %6d %6d %6d   %6d %6d %6d %6d %5d%n", e.getKey(), l.p50(), l.p95(), l.p99(),
                    l.max(), d.p50(), d.p95(), d.p99(), d.max(), l.n());
        }
        out.println("    (from the order includes how long a polled mall takes to report it; from the commit is the push path)");
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
