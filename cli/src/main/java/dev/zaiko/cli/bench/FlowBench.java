package dev.zaiko.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.embedded.EmbeddedSqs;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.local.LocalRuntime;
import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.RecordedCall;
import dev.zaiko.sim.aupay.AuPaySimulator;
import dev.zaiko.sim.qoo10.Qoo10Simulator;
import dev.zaiko.sim.shopify.ShopifySimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The webhook path end to end on the embedded stack: a signed Shopify order webhook for a SKU's
 * last unit, through the same WebhookHandler, ledger, push queues and pushers as on AWS, until
 * every other simulated mall shows 0. Simulators answer without injected latency.
 */
@Command(name = "flow", mixinStandardHelpOptions = true,
        description = "Time from a webhook order for the last unit to every other mall showing 0; mall calls under a burst.")
public final class FlowBench implements Callable<Integer> {
    static final String SHOPIFY_SECRET = "bench-webhook-secret";

    @Option(names = "--runs", defaultValue = "100", description = "Zero-stock runs to time (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--burst", defaultValue = "50", description = "Orders in the burst on one SKU (default ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--json", description = "Print one JSON line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || burst < 1) {
            System.err.println("zaiko bench flow: --runs and --burst must be >= 1");
            return 2;
        }
        try (EmbeddedSqs embedded = EmbeddedSqs.start();
             LocalRuntime runtime = new LocalRuntime(new TestAws(java.util.Optional.empty(), embedded.sqs(), "embedded SQL store + ElasticMQ"), "")) {
            ShopifySimulator shopify = new ShopifySimulator().clientCredentials("bench", "bench-secret")
                    .webhooks(runtime.webhookUrl("shopify-main"), SHOPIFY_SECRET);
            Qoo10Simulator qoo10 = new Qoo10Simulator(Clock.systemUTC());
            AuPaySimulator aupay = new AuPaySimulator(Clock.systemUTC());
            runtime.addChannel("shopify-main", "shopify", shopify,
                    Map.of("clientId", "bench", "clientSecret", "bench-secret", "webhookSecret", SHOPIFY_SECRET),
                    Map.of("locationId", "gid://shopify/Location/1"), Duration.ofMinutes(1), true);
            runtime.addChannel("qoo10-main", "qoo10", qoo10, Map.of("apiKey", Qoo10Simulator.API_KEY,
                    "userId", Qoo10Simulator.USER_ID, "password", Qoo10Simulator.PASSWORD),
                    Map.of("requestsPerSecond", "1000"), Duration.ofMinutes(1), false);
            runtime.addChannel("aupay-main", "aupay", aupay, Map.of("apiKey", AuPaySimulator.API_KEY,
                    "shopId", AuPaySimulator.SHOP_ID), Map.of("requestsPerSecond", "1000"), Duration.ofMinutes(1), false);

            // Zero-stock latency: one SKU per run, so every run starts from a converged state.
            List<Double> latenciesMs = new ArrayList<>();
            for (int run = 0; run <= runs; run++) {
                String sku = "ZERO-" + run;
                String shopifyItem = (100_000 + run) + "@1";
                String qoo10Item = Integer.toString(500_000 + run);
                String aupayItem = "zero-" + run;
                shopify.putItem(shopifyItem, 0);
                qoo10.putItem(qoo10Item, 0);
                aupay.putItem(aupayItem, 0);
                runtime.ledger.define(sku, 1, Optional.empty(), Optional.empty(), Optional.empty(),
                        ChangeSource.admin("bench"));
                for (ListingKey key : List.of(new ListingKey("shopify-main", shopifyItem),
                        new ListingKey("qoo10-main", qoo10Item), new ListingKey("aupay-main", aupayItem))) {
                    runtime.ledger.mapListing(key, List.of(new Component(sku, 1)), false);
                }
                await(Duration.ofSeconds(30), () -> shown(qoo10, qoo10Item) == 1 && shown(aupay, aupayItem) == 1
                        && shown(shopify, shopifyItem) == 1);
                long started = System.nanoTime();
                if (!shopify.buy(shopifyItem, 1).accepted()) {
                    throw new IllegalStateException("the simulator refused the bench order");
                }
                await(Duration.ofSeconds(30), () -> shown(qoo10, qoo10Item) == 0 && shown(aupay, aupayItem) == 0);
                double ms = (System.nanoTime() - started) / 1e6;
                if (run > 0) {
                    latenciesMs.add(ms); // run 0 warms the JIT and the emulators up
                }
            }

            // Burst: many orders on one SKU; how many calls does each polled mall get?
            String sku = "BURST";
            shopify.putItem("900000@1", 0);
            qoo10.putItem("900000", 0);
            aupay.putItem("burst", 0);
            runtime.ledger.define(sku, 10L * burst, Optional.empty(), Optional.empty(), Optional.empty(),
                    ChangeSource.admin("bench"));
            runtime.ledger.mapListing(new ListingKey("shopify-main", "900000@1"), List.of(new Component(sku, 1)), false);
            runtime.ledger.mapListing(new ListingKey("qoo10-main", "900000"), List.of(new Component(sku, 1)), false);
            runtime.ledger.mapListing(new ListingKey("aupay-main", "burst"), List.of(new Component(sku, 1)), false);
            long expected = 10L * burst - burst;
            await(Duration.ofSeconds(30), () -> shown(qoo10, "900000") == 10L * burst);
            int qoo10Before = stockWrites(qoo10, "SetGoodsPriceQty");
            int aupayBefore = stockWrites(aupay, "updateStock");
            ExecutorService shoppers = Executors.newFixedThreadPool(8);
            List<Future<?>> orders = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                orders.add(shoppers.submit(() -> shopify.buy("900000@1", 1)));
            }
            for (Future<?> order : orders) {
                order.get(1, TimeUnit.MINUTES);
            }
            shoppers.shutdown();
            await(Duration.ofSeconds(60), () -> shown(qoo10, "900000") == expected && shown(aupay, "burst") == expected);
            int qoo10Calls = stockWrites(qoo10, "SetGoodsPriceQty") - qoo10Before;
            int aupayCalls = stockWrites(aupay, "updateStock") - aupayBefore;

            Collections.sort(latenciesMs);
            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("bench", "flow");
            out.put("path", "signed Shopify webhook -> WebhookHandler -> ledger -> push queues -> pushers -> Qoo10 and au PAY simulators");
            out.put("runs", latenciesMs.size());
            ObjectNode zero = out.putObject("zero_push_ms");
            zero.put("p50", round(percentile(latenciesMs, 50)));
            zero.put("p95", round(percentile(latenciesMs, 95)));
            zero.put("p99", round(percentile(latenciesMs, 99)));
            zero.put("max", round(latenciesMs.get(latenciesMs.size() - 1)));
            out.put("burst_orders", burst);
            out.put("burst_stock_writes_qoo10", qoo10Calls);
            out.put("burst_stock_writes_aupay", aupayCalls);
            out.put("mall_calls_per_stock_change", round((qoo10Calls + aupayCalls) / 2.0 / burst));
            out.put("pusher_wakeups", runtime.pushers().wakeUps());
            out.put("pusher_drains", runtime.pushers().drains());
            out.put("java", Runtime.version().toString());
            out.put("cores", Runtime.getRuntime().availableProcessors());
            if (json) {
                System.out.println(out);
            } else {
                System.out.println("flow bench (embedded stack, simulators without injected latency)");
                out.fields().forEachRemaining(e -> System.out.printf("  %-30s %s%n", e.getKey(), e.getValue()));
            }
            return 0;
        }
    }

    private static long shown(MallSimulator simulator, String item) {
        return simulator.shownQuantity(item).orElse(-1);
    }

    private static int stockWrites(MallSimulator simulator, String operation) {
        int count = 0;
        for (RecordedCall call : simulator.calls()) {
            if (call.path().contains(operation)) {
                count++;
            }
        }
        return count;
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout);
            }
            Thread.sleep(0, 200_000);
        }
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
