package dev.zaiko.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.adapter.dynamodb.DynamoDbStockLedger;
import dev.zaiko.adapter.dynamodb.TableNames;
import dev.zaiko.app.BatchResult;
import dev.zaiko.app.Delivery;
import dev.zaiko.app.LedgerService;
import dev.zaiko.domain.ChangeReason;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.PushRequest;
import dev.zaiko.domain.port.PushRequester;
import dev.zaiko.embedded.EmbeddedAws;
import dev.zaiko.embedded.Provisioner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Races order lines from four channels for one SKU through the real ledger (conditional
 * TransactWriteItems on embedded DynamoDB Local), and compares its throughput with plain
 * conditional UpdateItem calls on the same emulator, in the same run, with the same threads.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Race orders for one SKU through the ledger on embedded DynamoDB Local; print figures.")
public final class LedgerBench implements Callable<Integer> {
    private static final String[] CHANNELS = {"amazon-jp", "rakuten-main", "yahoo-main", "shopify-main"};

    @Option(names = "--stock", defaultValue = "200", description = "Units of the SKU at the start (default ${DEFAULT-VALUE}).")
    long stock;

    @Option(names = "--orders", defaultValue = "2000", description = "Order lines of 1 unit each (default ${DEFAULT-VALUE}).")
    int orders;

    @Option(names = "--threads", defaultValue = "16", description = "Concurrent workers (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--batch", defaultValue = "10", description = "Order events per ledger batch, like an SQS batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--json", description = "Print one JSON line instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (stock < 0 || orders < 1 || threads < 1 || batchSize < 1 || batchSize > 10) {
            System.err.println("zaiko bench ledger: --stock >= 0, --orders >= 1, --threads >= 1, 1 <= --batch <= 10");
            return 2;
        }
        try (EmbeddedAws aws = EmbeddedAws.startInMemory()) {
            DynamoDbClient dynamo = aws.dynamo();
            Provisioner.createTables(dynamo, "");
            TableNames tables = TableNames.defaults();
            AtomicLong pushRequests = new AtomicLong();
            AtomicLong urgentPushRequests = new AtomicLong();
            PushRequester countingPushes = requests -> {
                pushRequests.addAndGet(requests.size());
                urgentPushRequests.addAndGet(requests.stream().filter(PushRequest::urgent).count());
            };
            DynamoDbStockLedger store = new DynamoDbStockLedger(dynamo, tables, Clock.systemUTC());
            LedgerService ledger = new LedgerService(store, countingPushes, Clock.systemUTC());

            // Warm both paths up (JIT, emulator caches) on their own SKUs so neither pays for it.
            setUpSku(ledger, "WARM", Math.min(orders, 500));
            runLedger(ledger, dynamo, tables, "WARM", "warm", Math.min(orders, 1000));
            seedRaw(dynamo, tables, "RAW-WARM", Math.min(orders, 500));
            runRaw(dynamo, tables, "RAW-WARM", Math.min(orders, 1000));

            seedRaw(dynamo, tables, "RAW", stock);
            RawResult raw = runRaw(dynamo, tables, "RAW", orders);
            seedRaw(dynamo, tables, "RAW-TX", stock);
            RawResult rawTransactions = runRawTransactions(dynamo, tables, "RAW-TX", orders);

            setUpSku(ledger, "HOT", stock);
            pushRequests.set(0);
            urgentPushRequests.set(0);
            LedgerRun run = runLedger(ledger, dynamo, tables, "HOT", "bench", orders);

            long reservedUnits = 0;
            long oversoldUnits = 0;
            int oversoldLines = 0;
            int missingLines = 0;
            for (int i = 0; i < orders; i++) {
                Optional<OrderLine> line = store.findLine(CHANNELS[i % 4] + "#bench-" + i + "#1");
                if (line.isEmpty()) {
                    missingLines++;
                    continue;
                }
                reservedUnits += line.get().totalTaken();
                oversoldUnits += line.get().totalShortfall();
                if (line.get().state() == LineState.OVERSOLD) {
                    oversoldLines++;
                }
            }
            long finalAvailable = available(dynamo, tables, "HOT");
            List<JournalEntry> journal = new ArrayList<>(store.journal("HOT", Integer.MAX_VALUE));
            journal.sort(Comparator.comparingLong(JournalEntry::version));
            long journalMin = journal.stream().mapToLong(JournalEntry::after).min().orElse(finalAvailable);
            long minSeen = Math.min(run.minAvailableSeen(), journalMin);

            List<String> violations = new ArrayList<>();
            if (minSeen < 0) {
                violations.add("available went below 0: " + minSeen);
            }
            if (reservedUnits + finalAvailable != stock) {
                violations.add("reserved " + reservedUnits + " + final " + finalAvailable + " != stock " + stock);
            }
            if (missingLines > 0) {
                violations.add(missingLines + " order lines were not recorded");
            }
            if (run.failures() > 0) {
                violations.add(run.failures() + " deliveries failed");
            }
            for (int i = 1; i < journal.size(); i++) {
                if (journal.get(i).before() != journal.get(i - 1).after()) {
                    violations.add("journal gap at version " + journal.get(i).version());
                    break;
                }
            }
            if (journal.isEmpty() || journal.get(0).reason() != ChangeReason.STOCK_CREATED) {
                violations.add("journal does not start with the SKU's creation");
            }

            double ordersPerSecond = orders / run.seconds();
            double rawPerSecond = orders / raw.seconds();
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode();
            out.put("bench", "ledger");
            out.put("target", "embedded DynamoDB Local 3.1.0 (in-memory, in-process)");
            out.put("stock", stock);
            out.put("orders", orders);
            out.put("threads", threads);
            out.put("batch", batchSize);
            out.put("reserved_units", reservedUnits);
            out.put("oversold_units", oversoldUnits);
            out.put("oversold_lines", oversoldLines);
            out.put("final_available", finalAvailable);
            out.put("min_available_seen", minSeen);
            out.put("orders_per_s", round(ordersPerSecond));
            out.put("raw_conditional_updates_per_s", round(rawPerSecond));
            out.put("raw_successful_updates", raw.succeeded());
            out.put("raw_transactions_per_s", round(orders / rawTransactions.seconds()));
            out.put("ratio_to_raw_transactions", round(ordersPerSecond / (orders / rawTransactions.seconds())));
            out.put("ratio", round(ordersPerSecond / rawPerSecond));
            out.put("push_requests", pushRequests.get());
            out.put("urgent_push_requests", urgentPushRequests.get());
            out.put("invariant_violations", violations.size());
            out.put("ledger_seconds", round(run.seconds()));
            out.put("raw_seconds", round(raw.seconds()));
            out.put("java", Runtime.version().toString());
            out.put("cores", Runtime.getRuntime().availableProcessors());
            if (json) {
                System.out.println(out);
            } else {
                System.out.printf("ledger bench: %d orders from 4 channels, %d threads, 1 SKU with %d units%n",
                        orders, threads, stock);
                out.fields().forEachRemaining(e -> System.out.printf("  %-32s %s%n", e.getKey(), e.getValue()));
            }
            violations.forEach(v -> System.err.println("INVARIANT VIOLATED: " + v));
            return violations.isEmpty() ? 0 : 1;
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private void setUpSku(LedgerService ledger, String sku, long units) {
        ledger.define(sku, units, Optional.empty(), Optional.empty(), Optional.of("ベンチ用商品 " + sku),
                ChangeSource.admin("bench"));
        for (String channel : CHANNELS) {
            ledger.mapListing(new ListingKey(channel, sku.toLowerCase() + "-item"), List.of(new Component(sku, 1)), true);
        }
    }

    private record LedgerRun(double seconds, long minAvailableSeen, int failures) {
    }

    private LedgerRun runLedger(LedgerService ledger, DynamoDbClient dynamo, TableNames tables, String sku,
                                String orderPrefix, int count) throws Exception {
        ConcurrentLinkedQueue<OrderEvent> queue = new ConcurrentLinkedQueue<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            queue.add(new OrderEvent(CHANNELS[i % 4], orderPrefix + "-" + i, "1", sku.toLowerCase() + "-item", 1,
                    OrderAction.RESERVE, "UNSHIPPED", now, EventOrigin.POLL));
        }
        AtomicInteger failures = new AtomicInteger();
        AtomicLong minSeen = new AtomicLong(Long.MAX_VALUE);
        double seconds = race(() -> {
            while (true) {
                List<Delivery> batch = new ArrayList<>(batchSize);
                OrderEvent event;
                while (batch.size() < batchSize && (event = queue.poll()) != null) {
                    batch.add(new Delivery(event.reference(), event, false));
                }
                if (batch.isEmpty()) {
                    return;
                }
                BatchResult result = ledger.applyBatch(batch);
                failures.addAndGet(result.failed().size());
            }
        }, () -> minSeen.accumulateAndGet(available(dynamo, tables, sku), Math::min));
        return new LedgerRun(seconds, minSeen.get(), failures.get());
    }

    private static void seedRaw(DynamoDbClient dynamo, TableNames tables, String sku, long units) {
        dynamo.putItem(r -> r.tableName(tables.stock()).item(Map.of(
                "sku", AttributeValue.fromS(sku), "available", AttributeValue.fromN(Long.toString(units)),
                "safetyStock", AttributeValue.fromN("0"), "version", AttributeValue.fromN("1"))));
    }

    private record RawResult(double seconds, long succeeded) {
    }

    /** The baseline: one conditional decrement per order, nothing else (no idempotency, no journal). */
    private RawResult runRaw(DynamoDbClient dynamo, TableNames tables, String sku, int count) throws Exception {
        AtomicInteger remaining = new AtomicInteger(count);
        AtomicLong succeeded = new AtomicLong();
        Map<String, AttributeValue> key = Map.of("sku", AttributeValue.fromS(sku));
        double seconds = race(() -> {
            while (remaining.getAndDecrement() > 0) {
                try {
                    dynamo.updateItem(r -> r.tableName(tables.stock()).key(key)
                            .updateExpression("SET available = available - :one")
                            .conditionExpression("available >= :one")
                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
                    succeeded.incrementAndGet();
                } catch (ConditionalCheckFailedException soldOut) {
                    // Expected once the units are gone: the same shape as the ledger's race.
                }
            }
        }, () -> minRawSample(dynamo, tables, sku));
        return new RawResult(seconds, succeeded.get());
    }

    /**
     * A second baseline that isolates the emulator's transaction cost from the ledger's own code:
     * the same three writes a reserved line makes (line put, conditional decrement, journal put) as
     * one bare TransactWriteItems, with no reads, caching, retries or push fan-out.
     */
    private RawResult runRawTransactions(DynamoDbClient dynamo, TableNames tables, String sku, int count)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong succeeded = new AtomicLong();
        double seconds = race(() -> {
            int claimed;
            while ((claimed = next.getAndIncrement()) < count) {
                final int i = claimed;
                String lineKey = "raw-tx#" + i + "#1";
                try {
                    dynamo.transactWriteItems(r -> r.transactItems(
                            t -> t.put(p -> p.tableName(tables.orderLines())
                                    .item(Map.of("lineKey", AttributeValue.fromS(lineKey),
                                            "state", AttributeValue.fromS("RESERVED")))
                                    .conditionExpression("attribute_not_exists(lineKey)")),
                            t -> t.update(u -> u.tableName(tables.stock())
                                    .key(Map.of("sku", AttributeValue.fromS(sku)))
                                    .updateExpression("SET available = available - :one, version = version + :one")
                                    .conditionExpression("available >= :one")
                                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))),
                            t -> t.put(p -> p.tableName(tables.journal())
                                    .item(Map.of("sku", AttributeValue.fromS(sku),
                                            "version", AttributeValue.fromN(Long.toString(1_000_000L + i)))))));
                    succeeded.incrementAndGet();
                } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException soldOut) {
                    // Sold out: the same shape as the ledger's race.
                }
            }
        }, () -> minRawSample(dynamo, tables, sku));
        return new RawResult(seconds, succeeded.get());
    }

    /** The baselines sample stock like the ledger run does, so all three runs share the same load. */
    private static void minRawSample(DynamoDbClient dynamo, TableNames tables, String sku) {
        available(dynamo, tables, sku);
    }

    /** Runs {@code work} on every thread at once while {@code watch} samples; returns the elapsed seconds. */
    private double race(Runnable work, Runnable watch) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<?> watcher = pool.submit(() -> {
                while (running.get()) {
                    watch.run();
                    Thread.onSpinWait();
                }
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    work.run();
                    return null;
                }));
            }
            long began = System.nanoTime();
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            running.set(false);
            watcher.get(1, TimeUnit.MINUTES);
            return seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long available(DynamoDbClient dynamo, TableNames tables, String sku) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(tables.stock())
                .key(Map.of("sku", AttributeValue.fromS(sku))).consistentRead(true)).item();
        return Long.parseLong(item.get("available").n());
    }
}
