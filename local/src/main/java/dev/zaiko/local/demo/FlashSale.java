package dev.zaiko.local.demo;

import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.local.LocalMalls;
import dev.zaiko.local.LocalRuntime;
import dev.zaiko.local.LocalSystem;
import dev.zaiko.local.SampleCatalogue;
import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.RecordedCall;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The demo's flash sale on the local stack with the sample catalogue: simulated shoppers buy on
 * every mall at once (each mall only sells what it currently shows, so a mall that has not heard
 * of a sell-out yet can oversell, as in real life), some cancel, one mall goes into maintenance and
 * another answers 429 for a while. Meanwhile a sampler watches what every mall shows; afterwards
 * the ledger is checked against what the malls sold, and every mall against the ledger.
 */
public final class FlashSale {
    /**
     * @param sale        how long shoppers shop
     * @param settleLimit how long, after the sale, every mall may take to show the ledger's numbers
     */
    public record Settings(Duration sale, Duration settleLimit, long seed, boolean faults) {
        public Settings(Duration sale, Duration settleLimit, long seed) {
            this(sale, settleLimit, seed, false);
        }
    }

    /** One row of the live view: a listing's ledger quantity and what each channel shows. */
    public record Row(String label, long ledger, List<Long> shown) {
    }

    /** What the live view draws, about twice a second. */
    public record Snapshot(Duration elapsed, Duration sale, String phase, long orders, double ordersPerSecond,
                           long refused, long cancels, long pusherRuns, long mallErrors, List<String> channels,
                           Map<String, String> health, List<Row> rows, List<String> events) {
    }

    /** Percentiles of the time from the order that emptied a SKU to a mall showing 0. */
    public record Latency(long n, long p50, long p95, long p99, long max) {
    }

    /** A named check of the run; the demo fails when one does not pass. */
    public record Check(String name, boolean passed, String detail) {
    }

    public record Report(long orders, long refused, long reservedUnits, long oversoldUnits, long oversoldLines,
                         long cancelledUnits, long cancels, boolean converged, long minAvailableSeen,
                         Map<String, Latency> zeroPushMs, Map<String, Latency> zeroPushFromLedgerMs,
                         long zeroPushUnmatched, long reconciledListings, double saleSeconds,
                         double ordersPerSecond, long pusherRuns, long mallErrors, List<Check> checks,
                         Map<String, long[]> perChannel) {
        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }
    }

    private record Order(String channelId, String orderId, ListingKey listing, int quantity, Instant at) {
    }

    private record Change(Instant at, long shown) {
    }

    private final LocalSystem system;
    private final LocalRuntime runtime;
    private final Settings settings;
    private final List<LocalMalls.Mall> malls;
    private final List<ListingKey> listings;
    private final Map<String, StockLevel> initial = new TreeMap<>();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> acceptedByChannel = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> cancelsByChannel = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong cancels = new AtomicLong();
    private final AtomicLong cancelledUnitsAtMalls = new AtomicLong();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<ListingKey, List<Change>> shownChanges = new ConcurrentHashMap<>();
    private final AtomicBoolean selling = new AtomicBoolean();
    private volatile String phase = "starting";
    private volatile Instant saleStart = Instant.now();

    public FlashSale(LocalSystem system, Settings settings) {
        this.system = system;
        this.runtime = system.runtime();
        this.settings = settings;
        this.malls = system.malls().inOrder();
        this.listings = system.listings();
    }

    /** Runs the sale, calling {@code view} about twice a second, and returns the checked report. */
    public Report run(Consumer<Snapshot> view) {
        List<String> skus = SampleCatalogue.ITEMS.stream().map(SampleCatalogue.Item::sku).toList();
        initial.putAll(runtime.store.readStock(skus));
        for (LocalMalls.Mall mall : malls) {
            acceptedByChannel.put(mall.channelId(), new AtomicLong());
            cancelsByChannel.put(mall.channelId(), new AtomicLong());
        }
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(3, daemon("demo-timer"));
        ExecutorService shoppers = Executors.newFixedThreadPool(malls.size(), daemon("shopper"));
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                sample();
                sleep(Duration.ofMillis(10));
            }
        }, "shown-sampler");
        sampler.setDaemon(true);
        sample();
        sampler.start();
        timers.scheduleAtFixedRate(() -> {
            try {
                view.accept(snapshot());
            } catch (RuntimeException e) {
                events.add("view failed: " + e);
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
        saleStart = Instant.now();
        selling.set(true);
        phase = "flash sale";
        event("flash sale opens on " + malls.size() + " malls");
        Random seeds = new Random(settings.seed());
        for (LocalMalls.Mall mall : malls) {
            long seed = seeds.nextLong();
            shoppers.execute(() -> shop(mall, new Random(seed), timers));
        }
        scheduleFaults(timers);
        sleep(settings.sale());
        selling.set(false);
        Instant saleEnd = Instant.now();
        phase = "settling";
        event("sale closed; waiting for every mall to show the ledger's numbers");
        shoppers.shutdown();
        await(shoppers, Duration.ofSeconds(30));
        // Cancels scheduled during the sale (up to 4 s later) still happen; then faults are switched off.
        sleep(Duration.ofSeconds(5));
        malls.forEach(m -> m.simulator().faults().clear());
        boolean converged = settle();
        phase = converged ? "done" : "not converged";
        sampling.set(false);
        join(sampler);
        view.accept(snapshot());
        timers.shutdownNow();
        return report(converged, Duration.between(saleStart, saleEnd));
    }

    // ------------------------------------------------------------------ shoppers

    /** Attempts per second on each mall: mall APIs differ (Mercari's hourly budget, Yahoo's 1 call/s). */
    private static double attemptsPerSecond(String type) {
        return switch (type) {
            case "mercari" -> 0.5;
            case "yahoo" -> 0.6;
            case "amazon", "shopify", "makeshop" -> 1.6;
            default -> 1.2;
        };
    }

    private void shop(LocalMalls.Mall mall, Random random, ScheduledExecutorService timers) {
        List<ListingKey> own = listings.stream().filter(l -> l.channelId().equals(mall.channelId())).toList();
        List<ListingKey> hot = new ArrayList<>();
        ListingKey set = null;
        for (ListingKey key : own) {
            Optional<Listing> listing = runtime.store.findListing(key);
            if (listing.isEmpty()) {
                continue;
            }
            if (listing.get().components().size() > 1) {
                set = key;
            } else if (SampleCatalogue.ITEMS.stream().anyMatch(i -> i.hot()
                    && i.sku().equals(listing.get().components().get(0).sku()))) {
                hot.add(key);
            }
        }
        double rate = attemptsPerSecond(mall.type());
        MallSimulator simulator = mall.simulator();
        while (selling.get()) {
            sleep(Duration.ofMillis((long) (-Math.log(1 - random.nextDouble()) / rate * 1000)));
            if (!selling.get()) {
                break;
            }
            double pick = random.nextDouble();
            ListingKey target = pick < 0.1 && set != null ? set
                    : pick < 0.75 && !hot.isEmpty() ? hot.get(random.nextInt(hot.size()))
                    : own.get(random.nextInt(own.size()));
            int quantity = random.nextDouble() < 0.8 ? 1 : 2;
            MallSimulator.BuyResult result;
            // The shopper's click: before buy(), which for webhook malls returns only after our gateway answered.
            Instant placedAt = Instant.now();
            try {
                result = simulator.buy(target.itemKey(), quantity);
            } catch (RuntimeException e) {
                event(mall.channelId() + ": buy failed: " + e.getMessage());
                continue;
            }
            if (!result.accepted()) {
                refused.incrementAndGet();
                continue;
            }
            Order order = new Order(mall.channelId(), result.orderId(), target, quantity, placedAt);
            orders.put(mall.channelId() + "#" + result.orderId(), order);
            acceptedByChannel.get(mall.channelId()).incrementAndGet();
            if (random.nextDouble() < 0.08) {
                timers.schedule(() -> cancel(mall, order), 1000 + random.nextInt(3000), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void cancel(LocalMalls.Mall mall, Order order) {
        try {
            mall.simulator().cancel(order.orderId());
            cancels.incrementAndGet();
            cancelsByChannel.get(mall.channelId()).incrementAndGet();
            cancelledUnitsAtMalls.addAndGet(order.quantity());
        } catch (RuntimeException e) {
            event(mall.channelId() + ": cancel of " + order.orderId() + " failed: " + e.getMessage());
        }
    }

    /** One mall in maintenance for a while, another answering 429 to a burst of calls. */
    private void scheduleFaults(ScheduledExecutorService timers) {
        long saleMs = settings.sale().toMillis();
        pick("qoo10").ifPresent(mall -> {
            timers.schedule(() -> {
                mall.simulator().faults().maintenance(true);
                event(mall.channelId() + ": API in maintenance (every call answers an error)");
            }, saleMs * 30 / 100, TimeUnit.MILLISECONDS);
            timers.schedule(() -> {
                mall.simulator().faults().maintenance(false);
                event(mall.channelId() + ": maintenance over");
            }, saleMs * 50 / 100, TimeUnit.MILLISECONDS);
        });
        pick("rakuten").ifPresent(mall -> timers.schedule(() -> {
            mall.simulator().faults().rateLimitNext(12, Duration.ofSeconds(1));
            event(mall.channelId() + ": the next 12 API calls get 429 Too Many Requests");
        }, saleMs * 55 / 100, TimeUnit.MILLISECONDS));
        if (settings.faults()) {
            scheduleFaultSwitches(timers, saleMs);
        }
    }

    /**
     * {@code demo --faults}: every fault switch of docs/simulators.md, through the same
     * {@code applyFaults} the gateway's {@code POST /sim/{channelId}/faults} calls.
     */
    private void scheduleFaultSwitches(ScheduledExecutorService timers, long saleMs) {
        pick("rakuten").ifPresent(mall -> {
            at(timers, saleMs * 20 / 100, mall, "{\"malformedOrder\":{\"reason\":\"unknownStatus\"}}");
            at(timers, saleMs * 25 / 100, mall, "{\"malformedOrder\":{\"reason\":\"missingField\"}}");
            timers.schedule(() -> editOneLine(mall), saleMs * 60 / 100, TimeUnit.MILLISECONDS);
        });
        pick("yahoo").ifPresent(mall -> {
            at(timers, saleMs * 20 / 100, mall, "{\"latencyMs\":150}");
            at(timers, saleMs * 45 / 100, mall, "{\"latencyMs\":0}");
        });
        pick("amazon").ifPresent(mall -> at(timers, saleMs * 35 / 100, mall, "{\"status429\":8}"));
        pick("shopify").ifPresent(mall -> {
            at(timers, saleMs * 40 / 100, mall, "{\"maintenance\":true}");
            at(timers, saleMs * 55 / 100, mall, "{\"maintenance\":false}");
        });
        pick("mercari").ifPresent(mall -> timers.schedule(() -> {
            ListingKey target = listings.stream().filter(k -> k.channelId().equals(mall.channelId()))
                    .filter(k -> mall.simulator().shownQuantity(k.itemKey()).orElse(0) >= 1).findFirst().orElse(null);
            if (target == null) {
                return;
            }
            try {
                // The mall sells 1 on its own: its display drops now, the order is fetchable 1.5 s later.
                mall.simulator().mallSideSale(target.itemKey(), 1, Duration.ofMillis(1500), result -> {
                    if (result.accepted()) {
                        orders.put(mall.channelId() + "#" + result.orderId(), new Order(mall.channelId(),
                                result.orderId(), target, 1, Instant.now()));
                        acceptedByChannel.get(mall.channelId()).incrementAndGet();
                    }
                });
                event(mall.channelId() + ": mall-side sale of 1 " + target.itemKey() + " (order after 1.5 s)");
            } catch (RuntimeException e) {
                event(mall.channelId() + ": mall-side sale not possible: " + e.getMessage());
            }
        }, saleMs * 50 / 100, TimeUnit.MILLISECONDS));
        timers.schedule(() -> malls.forEach(m -> m.simulator().applyFaults(JSON.createObjectNode().put("clear", true))),
                saleMs * 90 / 100, TimeUnit.MILLISECONDS);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private void at(ScheduledExecutorService timers, long delayMs, LocalMalls.Mall mall, String body) {
        timers.schedule(() -> {
            try {
                mall.simulator().applyFaults(JSON.readTree(body));
                event(mall.channelId() + ": fault switch " + body);
            } catch (Exception e) {
                event(mall.channelId() + ": fault switch " + body + " refused: " + e.getMessage());
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    /** The shop cuts one open multi-unit Rakuten order by a unit (a line revision). */
    private void editOneLine(LocalMalls.Mall mall) {
        if (!(mall.simulator() instanceof dev.zaiko.sim.rakuten.RakutenSimulator rakuten)) {
            return;
        }
        for (Order order : orders.values()) {
            if (order.channelId().equals(mall.channelId()) && order.quantity() >= 2
                    && order.at().isBefore(Instant.now().minusSeconds(5)) && rakuten.progress(order.orderId()) < 800) {
                String body = "{\"editLine\":{\"orderId\":\"" + order.orderId() + "\",\"itemKey\":\""
                        + order.listing().itemKey() + "\",\"quantity\":" + (order.quantity() - 1) + "}}";
                try {
                    mall.simulator().applyFaults(JSON.readTree(body));
                    event(mall.channelId() + ": order " + order.orderId() + " edited " + order.quantity() + " -> "
                            + (order.quantity() - 1));
                } catch (Exception e) {
                    event(mall.channelId() + ": edit refused: " + e.getMessage());
                }
                return;
            }
        }
    }

    private Optional<LocalMalls.Mall> pick(String type) {
        return malls.stream().filter(m -> m.type().equals(type)).findFirst();
    }

    // ------------------------------------------------------------------ watching

    private void sample() {
        Instant now = Instant.now();
        for (ListingKey key : listings) {
            long shown = runtime.channel(key.channelId()).simulator().shownQuantity(key.itemKey()).orElse(-1);
            List<Change> changes = shownChanges.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()));
            synchronized (changes) {
                if (changes.isEmpty() || changes.get(changes.size() - 1).shown() != shown) {
                    changes.add(new Change(now, shown));
                }
            }
        }
    }

    private Snapshot snapshot() {
        Instant now = Instant.now();
        Duration elapsed = Duration.between(saleStart, now);
        List<String> channels = malls.stream().map(LocalMalls.Mall::channelId).toList();
        Map<String, String> health = new LinkedHashMap<>();
        for (String channel : channels) {
            health.put(channel, runtime.states.get(channel).health().name());
        }
        Map<String, StockLevel> stock = runtime.store.readStock(initial.keySet());
        List<Row> rows = new ArrayList<>();
        for (SampleCatalogue.Item item : SampleCatalogue.ITEMS) {
            if (!item.hot()) {
                continue;
            }
            rows.add(new Row(item.name(), sellableOf(List.of(new Component(item.sku(), 1)), stock),
                    shownOf(List.of(new Component(item.sku(), 1)))));
        }
        rows.add(new Row(SampleCatalogue.TEA_SET.name(), sellableOf(SampleCatalogue.TEA_SET.components(), stock),
                shownOf(SampleCatalogue.TEA_SET.components())));
        long recent = orders.values().stream().filter(o -> o.at().isAfter(now.minusSeconds(5))).count();
        double perSecond = recent / Math.min(5.0, Math.max(0.5, elapsed.toMillis() / 1000.0));
        return new Snapshot(elapsed, settings.sale(), phase, orders.size(), selling.get() ? perSecond : 0,
                refused.get(), cancels.get(), runtime.pushers().drains(), mallErrors(), channels, health, rows,
                List.copyOf(events.subList(Math.max(0, events.size() - 4), events.size())));
    }

    private static long sellableOf(List<Component> components, Map<String, StockLevel> stock) {
        long sellable = Long.MAX_VALUE;
        for (Component c : components) {
            StockLevel level = stock.get(c.sku());
            long free = level == null ? 0 : Math.max(0, level.available() - level.safetyStock());
            sellable = Math.min(sellable, free / c.units());
        }
        return sellable;
    }

    /** What each channel shows for the listing made of exactly these components. */
    private List<Long> shownOf(List<Component> components) {
        List<Long> shown = new ArrayList<>();
        for (LocalMalls.Mall mall : malls) {
            long value = -1;
            for (ListingKey key : listings) {
                if (key.channelId().equals(mall.channelId()) && sameComponents(components, componentsOf(key))) {
                    value = mall.simulator().shownQuantity(key.itemKey()).orElse(-1);
                    break;
                }
            }
            shown.add(value);
        }
        return shown;
    }

    private static boolean sameComponents(List<Component> a, List<Component> b) {
        return a.size() == b.size() && new java.util.HashSet<>(a).equals(new java.util.HashSet<>(b));
    }

    private final Map<ListingKey, List<Component>> componentCache = new ConcurrentHashMap<>();

    private List<Component> componentsOf(ListingKey key) {
        return componentCache.computeIfAbsent(key, k -> runtime.store.findListing(k).map(Listing::components)
                .orElse(List.of()));
    }

    private long mallErrors() {
        long errors = 0;
        for (LocalMalls.Mall mall : malls) {
            for (RecordedCall call : mall.simulator().calls()) {
                if (call.status() >= 400) {
                    errors++;
                }
            }
        }
        return errors;
    }

    private void event(String text) {
        long seconds = Duration.between(saleStart, Instant.now()).toSeconds();
        events.add(String.format("%3ds  %s", seconds, text));
    }

    // ------------------------------------------------------------------ after the sale

    /**
     * Every mall shows the ledger's numbers and the ledger holds every order the malls took. A
     * listing that stays different for {@link #RECONCILE_AFTER} while its pusher has nothing to do is
     * pushed again, as the planned reconciler would: a mall that restocks its own display when an
     * order is cancelled (Yahoo, Rakuten, ... do) shows a unit the ledger did not get back when that
     * order was OVERSOLD, and the ledger requests no push for a cancel that changed nothing.
     */
    private boolean settle() {
        long deadline = System.nanoTime() + settings.settleLimit().toNanos();
        Map<ListingKey, Instant> differentSince = new HashMap<>();
        while (System.nanoTime() < deadline) {
            Map<ListingKey, long[]> differences = runtime.differences(listings);
            if (differences.isEmpty() && ledgerHasEveryOrder()) {
                return true;
            }
            Instant now = Instant.now();
            differentSince.keySet().retainAll(differences.keySet());
            for (ListingKey key : differences.keySet()) {
                Instant since = differentSince.computeIfAbsent(key, k -> now);
                if (since.plus(RECONCILE_AFTER).isBefore(now) && runtime.pushQueue(key.channelId()).visibleCount() == 0) {
                    reconciled.add(key);
                    event("reconcile: " + key + " shows " + differences.get(key)[1] + ", ledger "
                            + differences.get(key)[0] + "; pushed again");
                    runtime.ledger.requestPushes(componentsOf(key).stream().map(Component::sku).toList());
                    differentSince.put(key, now);
                }
            }
            runtime.wakeWaitingPushers();
            sleep(Duration.ofMillis(200));
        }
        return runtime.differences(listings).isEmpty() && ledgerHasEveryOrder();
    }

    static final Duration RECONCILE_AFTER = Duration.ofSeconds(5);
    private final java.util.Set<ListingKey> reconciled = ConcurrentHashMap.newKeySet();

    private boolean ledgerHasEveryOrder() {
        Map<String, long[]> counts = lineCounts(system.view().lines());
        for (LocalMalls.Mall mall : malls) {
            long[] c = counts.getOrDefault(mall.channelId(), new long[2]);
            if (c[0] != acceptedByChannel.get(mall.channelId()).get()
                    || c[1] != cancelsByChannel.get(mall.channelId()).get()) {
                return false;
            }
        }
        return true;
    }

    /** Per channel: {lines the ledger knows (not tombstones), of which cancelled}. */
    private static Map<String, long[]> lineCounts(List<OrderLine> lines) {
        Map<String, long[]> counts = new HashMap<>();
        for (OrderLine line : lines) {
            long[] c = counts.computeIfAbsent(line.channelId(), k -> new long[2]);
            c[0]++;
            if (line.state() == LineState.CANCELLED) {
                c[1]++;
            }
        }
        return counts;
    }

    private String describeDifferences() {
        Map<ListingKey, long[]> differences = runtime.differences(listings);
        List<String> shown = new ArrayList<>();
        differences.forEach((key, v) -> {
            if (shown.size() < 5) {
                shown.add(key + " ledger " + v[0] + " mall " + v[1] + " (push queue: "
                        + runtime.pushQueue(key.channelId()).visibleCount() + " visible, "
                        + runtime.pushDlqDepth(key.channelId()) + " in its DLQ, health "
                        + runtime.states.get(key.channelId()).health() + ")");
            }
        });
        return differences.size() + " listings differ after " + settings.settleLimit().toSeconds() + " s: "
                + String.join("; ", shown);
    }

    private Report report(boolean converged, Duration sale) {
        List<OrderLine> lines = system.view().lines();
        Map<String, StockLevel> finalStock = runtime.store.readStock(initial.keySet());
        long reserved = 0;
        long oversoldUnits = 0;
        long oversoldLines = 0;
        long cancelledUnits = 0;
        Map<String, Long> held = new HashMap<>();
        for (OrderLine line : lines) {
            switch (line.state()) {
                case RESERVED, OVERSOLD -> {
                    reserved += line.totalTaken();
                    line.taken().forEach((sku, units) -> held.merge(sku, units, Long::sum));
                    if (line.state() == LineState.OVERSOLD) {
                        oversoldLines++;
                        oversoldUnits += line.totalShortfall();
                    }
                }
                case CANCELLED -> cancelledUnits += line.quantity();
                default -> {
                }
            }
        }
        List<Check> checks = new ArrayList<>();
        long minSeen = Long.MAX_VALUE;
        List<String> drift = new ArrayList<>();
        Map<String, List<JournalEntry>> journals = new HashMap<>();
        for (String sku : initial.keySet()) {
            List<JournalEntry> journal = runtime.store.journal(sku, 100_000);
            journals.put(sku, journal);
            for (JournalEntry entry : journal) {
                minSeen = Math.min(minSeen, entry.after());
            }
            long expected = initial.get(sku).available() - held.getOrDefault(sku, 0L);
            if (finalStock.get(sku).available() != expected) {
                drift.add(sku + ": " + finalStock.get(sku).available() + " != " + expected);
            }
        }
        checks.add(new Check("available never below 0", minSeen >= 0, "min available seen " + minSeen));
        checks.add(new Check("ledger adds up", drift.isEmpty(), drift.isEmpty()
                ? "every SKU: initial - units held by live order lines = available" : String.join("; ", drift)));
        Map<String, long[]> counts = lineCounts(lines);
        List<String> missing = new ArrayList<>();
        Map<String, long[]> perChannel = new LinkedHashMap<>();
        for (LocalMalls.Mall mall : malls) {
            long[] c = counts.getOrDefault(mall.channelId(), new long[2]);
            long accepted = acceptedByChannel.get(mall.channelId()).get();
            long cancelled = cancelsByChannel.get(mall.channelId()).get();
            perChannel.put(mall.channelId(), new long[]{accepted, cancelled, c[0], c[1]});
            if (c[0] != accepted || c[1] != cancelled) {
                missing.add(mall.channelId() + ": mall took " + accepted + " orders (" + cancelled
                        + " cancelled), ledger has " + c[0] + " (" + c[1] + " cancelled)");
            }
        }
        checks.add(new Check("every mall order counted once", missing.isEmpty(),
                missing.isEmpty() ? "order lines per channel = orders each mall took" : String.join("; ", missing)));
        checks.add(new Check("every mall shows the ledger", converged, converged
                ? listings.size() + " listings on " + malls.size() + " malls match the ledger"
                : describeDifferences()));
        int dlq = runtime.ordersDlqDepth();
        checks.add(new Check("nothing in the orders DLQ", dlq == 0, dlq + " messages"));
        List<String> pushDlqs = new ArrayList<>();
        for (LocalMalls.Mall mall : malls) {
            int depth = runtime.pushDlqDepth(mall.channelId());
            if (depth > 0) {
                pushDlqs.add(mall.channelId() + ": " + depth);
            }
        }
        checks.add(new Check("no push given up", pushDlqs.isEmpty(), pushDlqs.isEmpty()
                ? "every push DLQ is empty" : String.join(", ", pushDlqs)));
        if (settings.faults()) {
            // The two malformed orders of --faults: quarantined, never lines (the order counts above hold).
            Optional<LocalMalls.Mall> rakuten = pick("rakuten");
            int quarantined = rakuten.map(m -> runtime.stores.rejectedOrders().rejected(m.channelId(), 100).size())
                    .orElse(2);
            checks.add(new Check("malformed orders quarantined", quarantined >= 2,
                    quarantined + " rejected orders listed (orders --state REJECTED)"));
        }
        long[] unmatched = {0};
        Map<String, List<Long>> fromLedger = new TreeMap<>();
        Map<String, Latency> zero = zeroPushLatencies(journals, unmatched, fromLedger);
        return new Report(orders.size(), refused.get(), reserved, oversoldUnits, oversoldLines, cancelledUnits,
                cancels.get(), converged, minSeen == Long.MAX_VALUE ? 0 : minSeen, zero, latencies(fromLedger),
                unmatched[0], reconciled.size(),
                sale.toMillis() / 1000.0, orders.size() / Math.max(0.001, sale.toMillis() / 1000.0),
                runtime.pushers().drains(), mallErrors(), checks, perChannel);
    }

    /**
     * For every time a listing's sellable quantity fell to 0 because of an order: from the moment a
     * shopper placed that order at its mall to the first moment each OTHER mall listing showed 0
     * (sampled every ~10 ms). Skipped when the mall already showed 0, or when a cancel made the
     * listing sellable again before the mall caught up.
     */
    private Map<String, Latency> zeroPushLatencies(Map<String, List<JournalEntry>> journals, long[] unmatched,
                                                   Map<String, List<Long>> fromLedger) {
        Map<String, List<Long>> byType = new TreeMap<>();
        for (ListingKey key : listings) {
            List<Component> components = componentsOf(key);
            if (components.isEmpty()) {
                continue;
            }
            // Merge the component SKUs' journals into one timeline of the listing's sellable quantity.
            List<JournalEntry> timeline = new ArrayList<>();
            components.forEach(c -> timeline.addAll(journals.getOrDefault(c.sku(), List.of())));
            timeline.sort((a, b) -> a.at().compareTo(b.at()));
            Map<String, Long> available = new HashMap<>();
            components.forEach(c -> available.put(c.sku(), initial.get(c.sku()).available()));
            long sellable = sellableFrom(components, available);
            String type = runtime.channel(key.channelId()).type();
            for (int i = 0; i < timeline.size(); i++) {
                JournalEntry entry = timeline.get(i);
                if (entry.at().isBefore(saleStart)) {
                    continue;
                }
                available.put(entry.sku(), entry.after());
                long now = sellableFrom(components, available);
                if (sellable > 0 && now == 0 && entry.source().kind() == ChangeSource.Kind.ORDER) {
                    Optional<Order> order = orderOf(entry.source().reference());
                    if (order.isEmpty()) {
                        unmatched[0]++;
                    } else if (!order.get().listing().equals(key)) {
                        Instant until = nextRestock(timeline, i, components, available);
                        Optional<Long> ms = zeroSeen(key, order.get().at(), until);
                        ms.ifPresent(v -> byType.computeIfAbsent(type, t -> new ArrayList<>()).add(v));
                        // The same sighting timed from the ledger's commit: what the urgent push path costs.
                        ms.ifPresent(v -> fromLedger.computeIfAbsent(type, t -> new ArrayList<>()).add(Math.max(0,
                                v - Duration.between(order.get().at(), entry.at()).toMillis())));
                    }
                }
                sellable = now;
            }
        }
        return latencies(byType);
    }

    private static Map<String, Latency> latencies(Map<String, List<Long>> byType) {
        Map<String, Latency> result = new TreeMap<>();
        byType.forEach((type, values) -> {
            Collections.sort(values);
            result.put(type, new Latency(values.size(), percentile(values, 50), percentile(values, 95),
                    percentile(values, 99), values.get(values.size() - 1)));
        });
        return result;
    }

    private static long sellableFrom(List<Component> components, Map<String, Long> available) {
        long sellable = Long.MAX_VALUE;
        for (Component c : components) {
            sellable = Math.min(sellable, Math.max(0, available.get(c.sku())) / c.units());
        }
        return sellable;
    }

    /** When the listing became sellable again after entry {@code from}, or far in the future. */
    private static Instant nextRestock(List<JournalEntry> timeline, int from, List<Component> components,
                                       Map<String, Long> availableAtFrom) {
        Map<String, Long> available = new HashMap<>(availableAtFrom);
        for (int j = from + 1; j < timeline.size(); j++) {
            available.put(timeline.get(j).sku(), timeline.get(j).after());
            if (sellableFrom(components, available) > 0) {
                return timeline.get(j).at();
            }
        }
        return Instant.MAX;
    }

    /** Milliseconds from {@code orderAt} to the mall showing 0, if it did so before {@code until}. */
    private Optional<Long> zeroSeen(ListingKey key, Instant orderAt, Instant until) {
        List<Change> changes = shownChanges.getOrDefault(key, List.of());
        synchronized (changes) {
            long before = -1;
            for (Change change : changes) {
                if (!change.at().isAfter(orderAt)) {
                    before = change.shown();
                    continue;
                }
                if (before == 0) {
                    return Optional.empty();
                }
                if (change.at().isAfter(until)) {
                    return Optional.empty();
                }
                if (change.shown() == 0) {
                    return Optional.of(Duration.between(orderAt, change.at()).toMillis());
                }
                before = change.shown();
            }
        }
        return Optional.empty();
    }

    /** The shopper's record of the order behind a journal entry (source {@code channelId/orderId/lineId}). */
    private Optional<Order> orderOf(String reference) {
        String[] parts = reference.split("/");
        if (parts.length < 2) {
            return Optional.empty();
        }
        return Optional.ofNullable(orders.get(parts[0] + "#" + parts[1]));
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    // ------------------------------------------------------------------ plumbing

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread thread = new Thread(r, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(0, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(ExecutorService executor, Duration timeout) {
        try {
            executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
