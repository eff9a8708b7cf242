package dev.zaiko.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.adapter.sql.SqliteDatabase;
import dev.zaiko.app.BatchResult;
import dev.zaiko.app.Delivery;
import dev.zaiko.app.LedgerService;
import dev.zaiko.config.Composition;
import dev.zaiko.config.SqlStores;
import dev.zaiko.config.Stores;
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
import dev.zaiko.domain.port.StockLedger;
import dev.zaiko.schema.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * Races order lines from four channels for one SKU through the real ledger on the embedded SQL
 * store (one conditional transaction per order line), spread over {@code --containers}
 * independent services, each with its own store connections (as separate Lambda containers share
 * one table), and compares its throughput with the same store's plain conditional single-row
 * decrement, in the same run, with the same threads.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Race orders for one SKU through the ledger on the embedded SQL store; print figures.")
public final class LedgerBench implements Callable<Integer> {
    private static final String[] CHANNELS = {"amazon-jp", "rakuten-main", "yahoo-main", "shopify-main"};
    private static final String STOCK_TABLE = "\"" + Tables.STOCK.defaultName() + "\"";

    @Option(names = "--stock", defaultValue = "200", description = "Units of the SKU at the start (default ${DEFAULT-VALUE}).")
    long stock;

    @Option(names = "--orders", defaultValue = "2000", description = "Order lines of 1 unit each (default ${DEFAULT-VALUE}).")
    int orders;

    @Option(names = "--threads", defaultValue = "16", description = "Concurrent workers (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--containers", defaultValue = "4",
            description = "Independent ledger services, each with its own store connections; threads are spread over them (default ${DEFAULT-VALUE}).")
    int containers;

    @Option(names = "--batch", defaultValue = "10", description = "Order events per ledger batch, like an SQS batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--json", description = "Print one JSON line instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (stock < 0 || orders < 1 || threads < 1 || batchSize < 1 || batchSize > 10 || containers < 1) {
            System.err.println("zaiko bench ledger: --stock >= 0, --orders >= 1, --threads >= 1, --containers >= 1,"
                    + " 1 <= --batch <= 10");
            return 2;
        }
        Clock clock = Clock.systemUTC();
        try (SqlStores stores = SqlStores.temporary(clock)) {
            AtomicLong pushRequests = new AtomicLong();
            AtomicLong urgentPushRequests = new AtomicLong();
            PushRequester countingPushes = requests -> {
                pushRequests.addAndGet(requests.size());
                urgentPushRequests.addAndGet(requests.stream().filter(PushRequest::urgent).count());
            };
            StockLedger store = stores.stockLedger();
            // the one composition root, on the bench's stores: pushes are counted, no pusher is woken
            LedgerService admin = new Composition(stores, Composition.NO_ORDER_QUEUE, countingPushes, ids -> { },
                    clock).ledger();
            List<Stores> containerStores = new ArrayList<>();
            List<LedgerService> services = new ArrayList<>();
            for (int c = 0; c < containers; c++) {
                Stores own = stores.anotherContainer();
                containerStores.add(own);
                services.add(new Composition(own, Composition.NO_ORDER_QUEUE, countingPushes, ids -> { }, clock)
                        .ledger());
            }
            try {
                SqliteDatabase database = stores.database();
                // Warm both paths up (JIT, statement caches) on their own SKUs so neither pays for it.
                setUpSku(admin, "WARM", Math.min(orders, 500));
                runLedger(services, store, "WARM", "warm", Math.min(orders, 1000));
                seedRaw(admin, "RAW-WARM", Math.min(orders, 500));
                runRaw(containerStores, "RAW-WARM", Math.min(orders, 1000));

                seedRaw(admin, "RAW", stock);
                RawResult raw = runRaw(containerStores, "RAW", orders);

                setUpSku(admin, "HOT", stock);
                pushRequests.set(0);
                urgentPushRequests.set(0);
                LedgerRun run = runLedger(services, store, "HOT", "bench", orders);
                return report(store, database, raw, run, pushRequests.get(), urgentPushRequests.get());
            } finally {
                containerStores.forEach(Stores::close);
            }
        }
    }

    private int report(StockLedger store, SqliteDatabase database, RawResult raw, LedgerRun run, long pushRequests,
                       long urgentPushRequests) {
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
        long finalAvailable = store.readStock(List.of("HOT")).get("HOT").available();
        List<JournalEntry> journal = new ArrayList<>(store.journal("HOT", Integer.MAX_VALUE));
        journal.sort(Comparator.comparingLong(JournalEntry::version));
        // The minimum is read back from the store's own journal (raw numbers, not a value class that
        // refuses negatives), beside what the watcher sampled during the race.
        long journalMin = journal.stream().mapToLong(JournalEntry::after).min().orElse(finalAvailable);
        long minSeen = Math.min(run.minAvailableSeen(), journalMin);

        List<String> violations = new ArrayList<>();
        if (minSeen < 0) {
            violations.add("available went below 0: " + minSeen);
        }
        if (reservedUnits + finalAvailable != stock) {
            violations.add("reserved " + reservedUnits + " + final " + finalAvailable + " != stock " + stock);
        }
        if (reservedUnits + oversoldUnits != orders) {
            violations.add("reserved " + reservedUnits + " + oversold " + oversoldUnits + " != orders " + orders);
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
        out.put("target", "embedded SQL store: SQLite " + sqliteVersion(database) + " (WAL, one file, in-process)");
        out.put("stock", stock);
        out.put("orders", orders);
        out.put("threads", threads);
        out.put("containers", containers);
        out.put("batch", batchSize);
        out.put("reserved_units", reservedUnits);
        out.put("oversold_units", oversoldUnits);
        out.put("oversold_lines", oversoldLines);
        out.put("final_available", finalAvailable);
        out.put("min_available_seen", minSeen);
        out.put("orders_per_s", round(ordersPerSecond));
        out.put("raw_conditional_updates_per_s", round(rawPerSecond));
        out.put("raw_successful_updates", raw.succeeded());
        out.put("ratio", round(ordersPerSecond / rawPerSecond));
        out.put("push_requests", pushRequests);
        out.put("urgent_push_requests", urgentPushRequests);
        out.put("invariant_violations", violations.size());
        out.put("ledger_seconds", round(run.seconds()));
        out.put("raw_seconds", round(raw.seconds()));
        out.put("java", Runtime.version().toString());
        out.put("cores", Runtime.getRuntime().availableProcessors());
        if (json) {
            System.out.println(out);
        } else {
            System.out.printf("ledger bench: %d orders from 4 channels, %d threads over %d containers, 1 SKU with %d"
                    + " units%n", orders, threads, containers, stock);
            out.fields().forEachRemaining(e -> System.out.printf("  %-32s %s%n", e.getKey(), e.getValue()));
        }
        violations.forEach(v -> System.err.println("INVARIANT VIOLATED: " + v));
        return violations.isEmpty() ? 0 : 1;
    }

    private static String sqliteVersion(SqliteDatabase database) {
        return database.read(session -> {
            try (ResultSet row = session.bind("SELECT sqlite_version()").executeQuery()) {
                return row.next() ? row.getString(1) : "?";
            }
        });
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

    /** Worker thread t uses container t % containers: its own service and store connections. */
    private LedgerRun runLedger(List<LedgerService> services, StockLedger watcher, String sku, String orderPrefix,
                                int count) throws Exception {
        ConcurrentLinkedQueue<OrderEvent> queue = new ConcurrentLinkedQueue<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            queue.add(new OrderEvent(CHANNELS[i % 4], orderPrefix + "-" + i, "1", sku.toLowerCase() + "-item", 1,
                    OrderAction.RESERVE, "UNSHIPPED", now, EventOrigin.POLL));
        }
        AtomicInteger failures = new AtomicInteger();
        AtomicLong minSeen = new AtomicLong(Long.MAX_VALUE);
        double seconds = race(worker -> {
            LedgerService ledger = services.get(worker % services.size());
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
        }, () -> minSeen.accumulateAndGet(rawAvailable(watcher, sku), Math::min));
        return new LedgerRun(seconds, minSeen.get(), failures.get());
    }

    /** The stock row as the store holds it (no domain value class in between). */
    private static long rawAvailable(StockLedger store, String sku) {
        return store.readStock(List.of(sku)).get(sku).available();
    }

    private static void seedRaw(LedgerService ledger, String sku, long units) {
        ledger.define(sku, units, Optional.empty(), Optional.empty(), Optional.empty(), ChangeSource.admin("bench"));
    }

    private record RawResult(double seconds, long succeeded) {
    }

    /**
     * The baseline: one conditional decrement per order on the same store, nothing else (no
     * idempotency, no journal), each in its own transaction, over the same containers and threads.
     */
    private RawResult runRaw(List<Stores> containerStores, String sku, int count) throws Exception {
        AtomicInteger remaining = new AtomicInteger(count);
        AtomicLong succeeded = new AtomicLong();
        String decrement = "UPDATE " + STOCK_TABLE + " SET available = available - 1, version = version + 1"
                + " WHERE sku = ? AND available >= 1";
        double seconds = race(worker -> {
            SqliteDatabase database = ((SqlStores) containerStores.get(worker % containerStores.size())).database();
            while (remaining.getAndDecrement() > 0) {
                if (database.write(session -> session.update(decrement, sku)) == 1) {
                    succeeded.incrementAndGet();
                }
            }
        }, () -> rawAvailable(containerStores.get(0).stockLedger(), sku));
        return new RawResult(seconds, succeeded.get());
    }

    /** Runs {@code work} on every thread at once while {@code watch} samples; returns the elapsed seconds. */
    private double race(java.util.function.IntConsumer work, Runnable watch) throws Exception {
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
                final int worker = t;
                workers.add(pool.submit(() -> {
                    start.await();
                    work.accept(worker);
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
}
