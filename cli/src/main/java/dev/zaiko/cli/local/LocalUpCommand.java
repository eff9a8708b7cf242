package dev.zaiko.cli.local;

import dev.zaiko.config.JsonLog;
import dev.zaiko.local.LocalConfig;
import dev.zaiko.local.LocalSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code zaiko local up}: the stack of {@link LocalSystem} until Ctrl-C. Stdout carries exactly one
 * line, the JSON "ready" line (for scripts); everything else goes to stderr.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the embedded SQL store (one SQLite file under --data-dir), ElasticMQ, a simulated mall per channel, the same handlers as"
                + " on AWS and the webhook/admin gateway on 127.0.0.1; runs until Ctrl-C.",
                "Prints one JSON line on stdout when ready: {\"ready\":true,\"gateway\":…,\"channels\":[…]}.",
                "Admin API (the same as on AWS, docs/admin-api.md) under /admin/; read-only local views: GET /local/health, /local/channels, /local/stock[?sku=]; "
                        + "what a simulated mall shows: GET /sim/{channelId}/shown."})
public final class LocalUpCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Deploy config file (format of infra/zaiko.example.json); default: one demo account per mall.")
    Path config;

    @Option(names = "--in-memory", description = "Keep nothing: a temporary SQLite ledger deleted on exit instead of the file under --data-dir.")
    boolean inMemory;

    @Option(names = "--data-dir", defaultValue = ".zaiko", paramLabel = "DIR",
            description = "Where the ledger file (zaiko-ledger.db, SQLite) is kept between runs (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--sample-catalogue", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Load the sample catalogue (30 SKUs and a set on every channel) when the ledger is empty"
                    + " (default ${DEFAULT-VALUE}).")
    boolean sampleCatalogue;

    @Option(names = "--port", defaultValue = "8787", paramLabel = "PORT",
            description = "127.0.0.1 port of the gateway (webhooks, admin API); the CLI's --local default is 8787."
                    + " 0 = any free port.")
    int port;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        JsonLog.redirect(err);
        LocalConfig localConfig;
        try {
            localConfig = config == null ? LocalConfig.builtIn() : LocalConfig.read(config);
        } catch (LocalConfig.ConfigException e) {
            err.println("zaiko local up: " + (config == null ? "" : config + " is not usable:"));
            e.problems().forEach(p -> err.println("  " + p));
            return 2;
        }
        Optional<Path> data = inMemory ? Optional.empty() : Optional.of(dataDir.toAbsolutePath());
        err.println("zaiko local up: " + localConfig.channels().size() + " channels from " + localConfig.source()
                + ", ledger " + data.map(d -> "kept in " + d).orElse("in memory"));
        long started = System.nanoTime();
        LocalSystem system = LocalSystem.start(new LocalSystem.Options(localConfig, data, sampleCatalogue, port),
                line -> err.println("  " + line));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("zaiko local up: stopping...");
            try {
                system.close();
                err.println("zaiko local up: stopped cleanly");
            } catch (RuntimeException e) {
                err.println("zaiko local up: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "zaiko-local-stop"));
        system.startSchedules();
        System.out.println(system.readyLine());
        System.out.flush();
        err.printf("zaiko local up: ready in %.1f s; gateway %s (Ctrl-C to stop)%n",
                (System.nanoTime() - started) / 1e9, system.runtime().gatewayUrl());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
