package dev.zaiko.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.config.JsonLog;
import dev.zaiko.local.LocalConfig;
import dev.zaiko.local.demo.Comparison;
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
import java.util.concurrent.Callable;

/**
 * {@code zaiko demo}: the local stack in memory with the sample catalogue on every mall of the registry, and a
 * flash sale ({@link FlashSale}) watched live on stderr. Ends with a summary; exits 1 if a ledger
 * or convergence check fails.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"A flash sale on eight simulated malls at once, on this machine (about a minute).",
                "Shoppers buy on every mall, some cancel, one mall goes into maintenance and another answers 429;"
                        + " the live view shows the ledger and what each mall displays.",
                "Exits 1 if stock went below 0, an order was lost or counted twice, or a mall ends up showing a"
                        + " different number than the ledger.",
                "--compare plays the same shoppers against a typical sync tool (3-minute polls, one push round per"
                        + " cycle) and prints both arms and oversold_ratio; --skus N sets the catalogue size."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print one JSON line with the figures on stdout (the view stays on stderr).")
    boolean json;

    /** A 20-minute sale, whatever the compression (the shoppers are scripted in sale time). */
    static final int SALE_MINUTES = 20;

    @Option(names = "--seconds", paramLabel = "N",
            description = "How long the sale lasts in real seconds (default: a 20-minute sale at the compression,"
                    + " 120 s at 10×; 5-600).")
    Integer seconds;

    @Option(names = "--seed", defaultValue = "20261123", description = "Shoppers' random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--faults", description = "Apply every simulator fault switch during the sale (docs/simulators.md) "
            + "and check the malls still converge.")
    boolean faults;

    @Option(names = "--plain", description = "No live screen: a progress line every 5 s (automatic when stderr is not a terminal).")
    boolean plain;

    @Option(names = "--compare", description = "Play the same sale twice: zaiko-sync, then a typical sync tool"
            + " (no webhooks, every mall polled every 3 minutes, one push round per cycle); prints both and the"
            + " oversold ratio.")
    boolean compare;

    @Option(names = "--skus", defaultValue = "30", paramLabel = "N",
            description = "Catalogue size (default ${DEFAULT-VALUE}; up to 20000): listed on every mall.")
    int skus;

    @Option(names = "--compression", defaultValue = "10", paramLabel = "F",
            description = "Every clock runs F times faster than real time (default ${DEFAULT-VALUE}: a 20-minute"
                    + " sale in 120 s, 1-minute polls every 6 s, mall rate limits F times looser). Higher factors"
                    + " run shorter but multiply every second this machine is starved of CPU by F.")
    double compression;

    @Option(names = "--hold-back", paramLabel = "N",
            description = "zaiko-sync arm: hold back the last N units of every listing from the channels that learn of"
                    + " orders only by polling (default: the config's holdBackUnits, 2; 0 = off).")
    Integer holdBack;

    @Option(names = "--polled-interval", paramLabel = "S",
            description = "zaiko-sync arm: poll the channels that learn of orders only by polling every S seconds of"
                    + " real time (default: the config's pollIntervalSeconds, 60; compressed like every clock).")
    Integer polledInterval;

    @Override
    public Integer call() throws IOException {
        if (skus < 1 || skus > 20_000) {
            System.err.println("zaiko demo: --skus must be between 1 and 20000");
            return 2;
        }
        if (!(compression >= 1 && compression <= 600)) {
            System.err.println("zaiko demo: --compression must be between 1 and 600");
            return 2;
        }
        if (seconds == null) {
            seconds = (int) Math.max(5, Math.round(SALE_MINUTES * 60 / compression));
        }
        if (seconds < 5 || seconds > 600) {
            System.err.println("zaiko demo: --seconds must be between 5 and 600");
            return 2;
        }
        PrintStream err = System.err;
        Path log = Files.createTempFile("zaiko-demo-", ".log");
        OutputStream logFile = new FileOutputStream(log.toFile());
        // The handlers' JSON logs would scroll the live view away: they go to a file.
        JsonLog.redirect(new PrintStream(logFile, true, StandardCharsets.UTF_8));
        long started = System.nanoTime();
        boolean live = !plain && terminal() && System.getenv("TERM") != null
                && !"dumb".equals(System.getenv("TERM"));
        LiveView view = new LiveView(err, live);
        Comparison.Watcher watcher = new Comparison.Watcher() {
            @Override
            public void starting(FlashSale.Cadence arm) {
                view.finish();
                err.printf("zaiko demo: %s — starting the embedded SQL store (temporary), ElasticMQ and 8 simulated malls,"
                        + " %d SKUs...%n", arm.label(), skus);
            }

            @Override
            public void snapshot(FlashSale.Snapshot snapshot) {
                view.draw(snapshot);
            }

            @Override
            public void log(String line) {
                err.println("  " + line);
            }
        };
        err.printf("zaiko demo: time compressed %s× (a %.0f-minute sale played in %d s; poll intervals, cycles,"
                + " cancels, settle windows and mall rate limits alike)%n", factor(), seconds * compression / 60,
                seconds);
        LocalConfig config = LocalConfig.builtIn();
        if (holdBack != null) {
            if (holdBack < 0 || holdBack > 1000) {
                System.err.println("zaiko demo: --hold-back must be between 0 and 1000");
                return 2;
            }
            config = config.withHoldBack(holdBack);
        }
        if (polledInterval != null) {
            if (polledInterval < 10 || polledInterval > 3600) {
                System.err.println("zaiko demo: --polled-interval must be between 10 and 3600 seconds");
                return 2;
            }
            config = config.withPolledInterval(Duration.ofSeconds(polledInterval));
        }
        Comparison.Options options = new Comparison.Options(config, skus, Duration.ofSeconds(seconds),
                Duration.ofSeconds(60), seed, compression, faults);
        try (logFile) {
            if (compare) {
                Comparison.Result result = Comparison.run(options, watcher);
                double duration = (System.nanoTime() - started) / 1e9;
                view.finish();
                PrintStream summaryOut = json ? err : System.out;
                Summary.print(summaryOut, result.zaiko(), duration, log);
                Summary.print(summaryOut, result.typical(), duration, log);
                Summary.compare(summaryOut, result);
                if (json) {
                    System.out.println(toJson(result, duration));
                }
                return result.passed() ? 0 : 1;
            }
            FlashSale.Report report = Comparison.arm(options, FlashSale.Cadence.ZAIKO, new java.util.List[1], watcher);
            double duration = (System.nanoTime() - started) / 1e9;
            view.finish();
            PrintStream summaryOut = json ? err : System.out;
            Summary.print(summaryOut, report, duration, log);
            if (json) {
                System.out.println(toJson(report, duration));
            }
            return report.passed() ? 0 : 1;
        } catch (RuntimeException e) {
            err.println("zaiko demo: failed: " + e);
            return 1;
        }
    }

    private String factor() {
        return compression == Math.rint(compression) ? Long.toString((long) compression) : Double.toString(compression);
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
        ObjectNode root = armJson(report);
        root.put("duration_s", Math.round(duration * 10) / 10.0);
        return root.toString();
    }

    static String toJson(Comparison.Result result, double duration) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("compression", result.compression());
        root.set("zaiko", armJson(result.zaiko()));
        root.set("typical", armJson(result.typical()));
        if (result.oversoldRatio().isPresent()) {
            root.put("oversold_ratio", Math.round(result.oversoldRatio().getAsDouble() * 10_000) / 10_000.0);
        } else {
            root.putNull("oversold_ratio");
        }
        root.put("same_orders", result.zaiko().attempts().equals(result.typical().attempts()));
        root.put("checks_passed", result.passed());
        root.put("duration_s", Math.round(duration * 10) / 10.0);
        return root.toString();
    }

    static ObjectNode armJson(FlashSale.Report report) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("arm", report.arm());
        root.put("attempts", report.attempts().size());
        root.put("orders", report.orders());
        root.put("reserved_units", report.reservedUnits());
        root.put("oversold_units", report.oversoldUnits());
        root.put("oversold_orders", report.oversoldOrders());
        root.put("ledger_oversold_units", report.ledgerOversoldUnits());
        ObjectNode byMall = root.putObject("oversold_by_mall");
        report.oversoldByMall().forEach((mall, causes) -> {
            ObjectNode node = byMall.putObject(mall);
            causes.forEach(node::put);
        });
        ObjectNode byCause = root.putObject("oversold_by_cause");
        report.oversoldByCause().forEach(byCause::put);
        ObjectNode unknown = root.putObject("unknown_sales_by_mall");
        report.unknownSalesByMall().forEach(unknown::put);
        root.put("oversold_lines", report.oversoldLines());
        root.put("cancelled_units", report.cancelledUnits());
        root.put("converged", report.converged());
        root.put("min_available_seen", report.minAvailableSeen());
        latencies(root.putObject("detection_ms"), report.detectionMs());
        latencies(root.putObject("zero_push_ms"), report.zeroPushMs());
        latencies(root.putObject("zero_push_from_ledger_ms"), report.zeroPushFromLedgerMs());
        root.put("zero_push_unmatched", report.zeroPushUnmatched());
        root.put("reconciled_listings", report.reconciledListings());
        root.put("refused_at_mall", report.refused());
        root.put("orders_per_s", Math.round(report.ordersPerSecond() * 10) / 10.0);
        root.put("pusher_runs", report.pusherRuns());
        root.put("poll_cycles", report.pollCycles());
        root.put("mall_error_answers", report.mallErrors());
        root.put("sale_s", Math.round(report.saleSeconds() * 10) / 10.0);
        root.put("checks_passed", report.passed());
        ObjectNode checks = root.putObject("checks");
        report.checks().forEach(c -> checks.put(c.name(), c.passed()));
        return root;
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
