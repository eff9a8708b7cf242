package dev.zaiko.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.admin.AdminApi;
import dev.zaiko.admin.AdminRequest;
import dev.zaiko.admin.AdminResponse;
import dev.zaiko.app.ops.Ops;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.embedded.EmbeddedSqs;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.local.ChannelSpec;
import dev.zaiko.local.LocalAdmin;
import dev.zaiko.local.LocalConfig;
import dev.zaiko.local.LocalMalls;
import dev.zaiko.local.LocalRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Times the console's stock table on the embedded stack: N SKUs, each listed on every mall of the
 * built-in config (8), through the same admin API the page calls. Prints p50/p95 in milliseconds
 * for the first page, a next page, a search, 差異のみ and one edit, after the in-process snapshot
 * is loaded (its load time is printed too: what the first request after a start costs).
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Time the console's stock table (first page, next page, search, 差異のみ, one edit) with --skus SKUs on every mall.")
public final class ConsoleBench implements Callable<Integer> {
    @Option(names = "--skus", defaultValue = "5000", description = "SKUs in the catalogue (default ${DEFAULT-VALUE}).")
    int skus;

    @Option(names = "--runs", defaultValue = "40", description = "Requests timed per figure (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--json", description = "Print one JSON line instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (skus < 1 || skus > 200_000 || runs < 1) {
            System.err.println("zaiko bench console: 1 <= --skus <= 200000, --runs >= 1");
            return 2;
        }
        ObjectMapper mapper = new ObjectMapper();
        try (EmbeddedSqs aws = EmbeddedSqs.start();
             LocalRuntime runtime = new LocalRuntime(new TestAws(java.util.Optional.empty(), aws.sqs(), "embedded SQL store + ElasticMQ"), "-console")) {
            LocalMalls malls = new LocalMalls(runtime);
            for (ChannelSpec spec : LocalConfig.builtIn().channels()) {
                malls.add(spec);
            }
            long loadStart = System.nanoTime();
            int listings = load(runtime, malls);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

            Ops ops = LocalAdmin.ops(runtime);
            AdminApi api = new AdminApi(ops);
            long warm = System.nanoTime();
            ops.table().warmUp();
            double snapshotMs = (System.nanoTime() - warm) / 1e6;

            java.util.Random random = new java.util.Random(7);
            double[] first = time(runs, i -> get(api, "offset=0&limit=50"));
            double[] next = time(runs, i -> get(api, "offset=" + (50 * (1 + random.nextInt(Math.max(1, skus / 50 - 1))))
                    + "&limit=50"));
            double[] search = time(runs, i -> get(api, "q=" + sku(random.nextInt(skus)).substring(0, 9) + "&offset=0&limit=50"));
            double[] diff = time(runs, i -> get(api, "diff=only&offset=0&limit=50"));
            double[] edit = time(runs, i -> {
                String body = "{\"skus\":[\"" + sku(random.nextInt(skus)) + "\"],\"op\":\"set\",\"quantity\":"
                        + (10 + i % 30) + "}";
                return api.handle(AdminRequest.of("POST", "/admin/stock/adjust", null,
                        body.getBytes(StandardCharsets.UTF_8)));
            });

            ObjectNode out = mapper.createObjectNode();
            out.put("skus", skus);
            out.put("malls", malls.inOrder().size());
            out.put("listings", listings);
            out.put("catalogue_load_s", Math.round(loadSeconds * 10) / 10.0);
            out.put("snapshot_load_ms", Math.round(snapshotMs));
            out.put("runs", runs);
            figure(out, "first_page", first);
            figure(out, "next_page", next);
            figure(out, "search", search);
            figure(out, "diff_only", diff);
            figure(out, "edit", edit);
            if (json) {
                System.out.println(out);
            } else {
                out.fields().forEachRemaining(e -> System.out.printf("%-22s %s%n", e.getKey(), e.getValue()));
            }
            return 0;
        }
    }

    static String sku(int i) {
        return String.format("CB-%06d", i);
    }

    /** N SKUs defined through the ledger and mapped on every mall (the store's mapping write; no push needed). */
    private int load(LocalRuntime runtime, LocalMalls malls) throws Exception {
        List<String> channels = malls.inOrder().stream().map(LocalMalls.Mall::channelId).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < skus; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    String sku = sku(n);
                    runtime.ledger.define(sku, 10 + n % 40, Optional.of((long) (n % 3)), Optional.of(ImportBench.jan(n)),
                            Optional.of("商品 " + n + " 煎茶"), ChangeSource.admin("bench"));
                    for (String channel : channels) {
                        runtime.store.saveListing(new ListingKey(channel, malls.itemKey(channel, n + 1, sku)),
                                List.of(new Component(sku, 1)), 0);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return skus * channels.size();
    }

    private static AdminResponse get(AdminApi api, String query) {
        AdminResponse response = api.handle(AdminRequest.of("GET", "/admin/stock", query, new byte[0]));
        if (response.status() != 200) {
            throw new IllegalStateException("GET /admin/stock?" + query + " answered " + response.status() + ": "
                    + response.bodyText());
        }
        return response;
    }

    private static double[] time(int runs, IntFunction<AdminResponse> call) {
        for (int i = 0; i < Math.min(5, runs); i++) {
            call.apply(i); // JIT warm-up, not counted
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            AdminResponse response = call.apply(i);
            ms[i] = (System.nanoTime() - start) / 1e6;
            if (response.status() >= 300) {
                throw new IllegalStateException("answered " + response.status() + ": " + response.bodyText());
            }
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void figure(ObjectNode out, String name, double[] sorted) {
        out.put(name + "_p50_ms", Math.round(sorted[(int) Math.floor(0.5 * (sorted.length - 1))] * 10) / 10.0);
        out.put(name + "_p95_ms", Math.round(sorted[(int) Math.ceil(0.95 * (sorted.length - 1))] * 10) / 10.0);
    }
}
