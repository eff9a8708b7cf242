package dev.zaiko.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.config.JsonLog;
import dev.zaiko.local.LocalConfig;
import dev.zaiko.local.LocalSystem;
import dev.zaiko.local.demo.FlashSale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code zaiko demo}: the local stack in memory with the sample catalogue on all eight malls, and a
 * flash sale ({@link FlashSale}) watched live on stderr. Ends with a summary; exits 1 if a ledger
 * or convergence check fails.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"A flash sale on eight simulated malls at once, on this machine (about a minute).",
                "Shoppers buy on every mall, some cancel, one mall goes into maintenance and another answers 429;"
                        + " the live view shows the ledger and what each mall displays.",
                "Exits 1 if stock went below 0, an order was lost or counted twice, or a mall ends up showing a"
                        + " different number than the ledger."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print one JSON line with the figures on stdout (the view stays on stderr).")
    boolean json;

    @Option(names = "--seconds", defaultValue = "40", paramLabel = "N",
            description = "How long the sale lasts (default ${DEFAULT-VALUE}; 5-120).")
    int seconds;

    @Option(names = "--seed", defaultValue = "20261123", description = "Shoppers' random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--faults", description = "Apply every simulator fault switch during the sale (docs/simulators.md) "
            + "and check the malls still converge.")
    boolean faults;

    @Option(names = "--plain", description = "No live screen: a progress line every 5 s (automatic when stderr is not a terminal).")
    boolean plain;

    /** Polled malls every 2 s (a day of 1-minute polling compressed into a minute); webhook malls poll as a backstop. */
    static LocalConfig demoConfig() {
        return LocalConfig.builtIn()
                .withPollInterval("rakuten", Duration.ofSeconds(2))
                .withPollInterval("yahoo", Duration.ofSeconds(2))
                .withPollInterval("qoo10", Duration.ofSeconds(2))
                .withPollInterval("aupay", Duration.ofSeconds(2))
                .withPollInterval("shopify", Duration.ofSeconds(20))
                .withPollInterval("mercari", Duration.ofSeconds(30))
                .withPollInterval("makeshop", Duration.ofSeconds(20));
    }

    @Override
    public Integer call() throws IOException {
        if (seconds < 5 || seconds > 120) {
            System.err.println("zaiko demo: --seconds must be between 5 and 120");
            return 2;
        }
        PrintStream err = System.err;
        Path log = Files.createTempFile("zaiko-demo-", ".log");
        OutputStream logFile = new FileOutputStream(log.toFile());
        // The handlers' JSON logs would scroll the live view away: they go to a file.
        JsonLog.redirect(new PrintStream(logFile, true, StandardCharsets.UTF_8));
        long started = System.nanoTime();
        err.println("zaiko demo: starting the embedded SQL store (temporary), ElasticMQ and 8 simulated malls...");
        LocalSystem system;
        try {
            system = LocalSystem.start(new LocalSystem.Options(demoConfig(), Optional.empty(), true),
                    line -> err.println("  " + line));
        } catch (RuntimeException e) {
            err.println("zaiko demo: could not start: " + e);
            return 1;
        }
        try (system; logFile) {
            system.startSchedules();
            err.printf("zaiko demo: ready in %.1f s, every mall shows the catalogue. The sale starts.%n",
                    (System.nanoTime() - started) / 1e9);
            boolean live = !plain && terminal() && System.getenv("TERM") != null
                    && !"dumb".equals(System.getenv("TERM"));
            LiveView view = new LiveView(err, live);
            FlashSale.Report report = new FlashSale(system, new FlashSale.Settings(Duration.ofSeconds(seconds),
                    Duration.ofSeconds(60), seed, faults)).run(view::draw);
            double duration = (System.nanoTime() - started) / 1e9;
            view.finish();
            PrintStream summaryOut = json ? err : System.out;
            Summary.print(summaryOut, report, duration, log);
            if (json) {
                System.out.println(toJson(report, duration));
            }
            return report.passed() ? 0 : 1;
        }
    }

    /**
     * Whether we talk to a terminal. Since JDK 22 {@code System.console()} is non-null even when
     * redirected and {@code Console.isTerminal()} tells; on JDK 21 a non-null console is the answer.
     */
    static boolean terminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException jdk21) {
            return true;
        }
    }

    static String toJson(FlashSale.Report report, double duration) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("orders", report.orders());
        root.put("reserved_units", report.reservedUnits());
        root.put("oversold_units", report.oversoldUnits());
        root.put("oversold_lines", report.oversoldLines());
        root.put("cancelled_units", report.cancelledUnits());
        root.put("converged", report.converged());
        root.put("min_available_seen", report.minAvailableSeen());
        latencies(root.putObject("zero_push_ms"), report.zeroPushMs());
        latencies(root.putObject("zero_push_from_ledger_ms"), report.zeroPushFromLedgerMs());
        root.put("zero_push_unmatched", report.zeroPushUnmatched());
        root.put("reconciled_listings", report.reconciledListings());
        root.put("refused_at_mall", report.refused());
        root.put("orders_per_s", Math.round(report.ordersPerSecond() * 10) / 10.0);
        root.put("pusher_runs", report.pusherRuns());
        root.put("mall_error_answers", report.mallErrors());
        root.put("sale_s", Math.round(report.saleSeconds() * 10) / 10.0);
        root.put("duration_s", Math.round(duration * 10) / 10.0);
        root.put("checks_passed", report.passed());
        ObjectNode checks = root.putObject("checks");
        report.checks().forEach(c -> checks.put(c.name(), c.passed()));
        return root.toString();
    }

    private static void latencies(ObjectNode into, java.util.Map<String, FlashSale.Latency> byType) {
        byType.forEach((type, l) -> {
            ObjectNode node = into.putObject(type);
            node.put("p50", l.p50());
            node.put("p95", l.p95());
            node.put("p99", l.p99());
            node.put("max", l.max());
            node.put("n", l.n());
        });
    }
}
