package dev.zaiko.local.demo;

import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.local.ChannelSpec;
import dev.zaiko.local.LocalConfig;
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
 * another answers 429 for a while. The shoppers follow a {@link ShopperScript} written before the
 * sale, so the same sale can be replayed against another cadence ({@link Cadence}, {@link Comparison}).
 * Meanwhile a sampler watches what the malls show of every listing the shoppers can reach; afterwards
 * the ledger is checked against what the malls sold, and every mall against the ledger.
 */
public final class FlashSale {
    /**
     * @param sale        how long shoppers shop
     * @param settleLimit how long, after the sale, every mall may take to show the ledger's numbers
     */
    /** @param faults {@code demo --faults}: every simulator fault switch during the sale (docs/simulators.md) */
    public record Settings(Duration sale, Duration settleLimit, long seed, double compression, Cadence cadence,
                           boolean faults) {
        public Settings(Duration sale, Duration settleLimit, long seed) {
            this(sale, settleLimit, seed, ShopperScript.REFERENCE_COMPRESSION, Cadence.ZAIKO, false);
        }

        public Settings(Duration sale, Duration settleLimit, long seed, boolean faults) {
            this(sale, settleLimit, seed, ShopperScript.REFERENCE_COMPRESSION, Cadence.ZAIKO, faults);
        }
    }

    /** How the arm detects orders and pushes stock. */
    public enum Cadence {
        /** zaiko-sync as shipped: webhooks and notifications, default polls, urgent zero path, coalescing pushers. */
        ZAIKO("zaiko-sync"),
        /** A typical sync tool: no webhooks, every mall polled every 3 minutes, one push round after each poll cycle. */
        TYPICAL("typical sync tool");

        private final String label;

        Cadence(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The typical tool's poll cycle, in real time (GoQ-style 在庫連携 polls every 3 minutes). */
    public static final Duration TYPICAL_CYCLE = Duration.ofMinutes(3);

    /**
     * The arm's channels: zaiko-sync keeps the config (webhooks, default intervals) with every poll
     * interval compressed; the typical tool has no webhooks and polls every 3 minutes, compressed.
     */
    public static LocalConfig armConfig(LocalConfig base, Cadence cadence, double compression) {
        List<ChannelSpec> channels = new ArrayList<>();
        for (ChannelSpec c : base.channels()) {
            channels.add(switch (cadence) {
                case ZAIKO -> c.withPollInterval(compress(c.pollInterval(), compression));
                case TYPICAL -> new ChannelSpec(c.id(), c.type(), compress(TYPICAL_CYCLE, compression), false,
                        withoutHoldBack(c.options()));
            });
        }
        return new LocalConfig(channels, base.safetyStock(), base.source());
    }

    /** The typical tool has no low-stock hold-back (GoQ, ネクストエンジン: none found by default; README). */
    private static Map<String, String> withoutHoldBack(Map<String, String> options) {
        Map<String, String> without = new HashMap<>(options);
        without.remove(dev.zaiko.domain.HoldBack.OPTION);
        return without;
    }

    static Duration compress(Duration real, double compression) {
        return Duration.ofNanos((long) (real.toNanos() / compression));
    }

    /** One row of the live view: a listing's ledger quantity and what each channel shows. */
    public record Row(String label, long ledger, List<Long> shown) {
    }

    /** What the live view draws, about twice a second. */
    public record Snapshot(String arm, Duration elapsed, Duration sale, String phase, long orders, double ordersPerSecond,
                           long refused, long cancels, long pusherRuns, long mallErrors, List<String> channels,
                           Map<String, String> health, List<Row> rows, List<String> events) {
    }

    /** Percentiles of the time from the order that emptied a SKU to a mall showing 0. */
    public record Latency(long n, long p50, long p95, long p99, long max) {
    }

    /** A named check of the run; the demo fails when one does not pass. */
    public record Check(String name, boolean passed, String detail) {
    }

    /**
     * @param oversoldUnits       units the malls sold beyond what the shelf (the ledger's stock) could give,
     *                            counted at the malls in the order they took the orders
     * @param oversoldOrders      orders with at least one such unit
     * @param ledgerOversoldUnits the ledger's own count (shortfall of its OVERSOLD lines, in the order it learnt of them)
     * @param detectionMs         by source mall type: order placed at the mall until the ledger committed it
     * @param zeroPushMs          by source kind (webhook, polled): order that emptied a listing until every other mall showed 0
     * @param zeroPushFromLedgerMs by destination mall type: the ledger reached 0 until that mall showed 0
     * @param attempts            the script this arm replayed
     * @param oversoldByMall      per mall that took the oversold order: units by {@link Cause}
     * @param unknownSalesByMall  for the {@code detection_*} units: per mall, units oversold while an
     *                            order taken there was not in the ledger yet (one unit may name several malls)
     */
    public record Report(String arm, long orders, long refused, long reservedUnits, long oversoldUnits,
                         long oversoldOrders, long ledgerOversoldUnits, long oversoldLines,
                         long cancelledUnits, long cancels, boolean converged, long minAvailableSeen,
                         Map<String, Latency> detectionMs, Map<String, Latency> zeroPushMs,
                         Map<String, Latency> zeroPushFromLedgerMs,
                         long zeroPushUnmatched, long reconciledListings, double saleSeconds,
                         double ordersPerSecond, long pusherRuns, long pollCycles, long mallErrors, List<Check> checks,
                         Map<String, long[]> perChannel, List<ShopperScript.Attempt> attempts,
                         Map<String, Map<String, Long>> oversoldByMall, Map<String, Long> unknownSalesByMall) {
        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }

        /** Oversold units by cause, over every mall ({@link Cause}). */
        public Map<String, Long> oversoldByCause() {
            Map<String, Long> byCause = new TreeMap<>();
            oversoldByMall.values().forEach(causes -> causes.forEach((cause, units) -> byCause.merge(cause, units, Long::sum)));
            return byCause;
        }
    }

    /**
     * Why a mall took an order the shelf could not cover, judged from the ledger's journal at the
     * moment of the order: {@code detection_polled} / {@code detection_webhook}: the ledger still had
     * the stock because another order (at a polled mall / only at webhook malls) was not in yet;
     * {@code detection_fault}: the order not in yet was at a mall in maintenance or answering 429
     * meanwhile (its polls failed); {@code push}: the ledger already had too little, the mall had not
     * been told yet; {@code push_fault}: the same while that mall was in maintenance or answering 429.
     */
    public static final class Cause {
        public static final String DETECTION_POLLED = "detection_polled";
        public static final String DETECTION_WEBHOOK = "detection_webhook";
        public static final String DETECTION_FAULT = "detection_fault";
        public static final String PUSH = "push";
        public static final String PUSH_FAULT = "push_fault";

        private Cause() {
        }
    }

    private record Order(String channelId, String orderId, ListingKey listing, int quantity, Instant at,
                         Map<String, Long> takenFromShelf) {
        /** Units of this order the shelf could not give. */
        long oversold(List<Component> components) {
            long covered = quantity;
            for (Component c : components) {
                covered = Math.min(covered, takenFromShelf.getOrDefault(c.sku(), 0L) / c.units());
            }
            return quantity - covered;
        }
    }

    /** When each channel's mall was in maintenance or answering 429 (for {@link Cause#PUSH_FAULT}). */
    private final Map<String, List<Instant[]>> faultWindows = new ConcurrentHashMap<>();

    private void faultWindow(String channelId, Instant from, Instant to) {
        faultWindows.computeIfAbsent(channelId, k -> new CopyOnWriteArrayList<>()).add(new Instant[]{from, to});
    }

    private record Change(Instant at, long shown) {
    }

    private final LocalSystem system;
    private final LocalRuntime runtime;
    private final Settings settings;
    private final List<LocalMalls.Mall> malls;
    private final List<ListingKey> listings;
    private final Map<ListingKey, List<Component>> mapped = new HashMap<>();
    private final Map<String, StockLevel> initial = new TreeMap<>();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> acceptedByChannel = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> cancelsByChannel = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong cancels = new AtomicLong();
    /** {@code --faults}: malformed orders placed per channel (each must end up quarantined there). */
    private final Map<String, AtomicLong> malformedPlaced = new ConcurrentHashMap<>();
    private final AtomicLong cancelledUnitsAtMalls = new AtomicLong();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<ListingKey, List<Change>> shownChanges = new ConcurrentHashMap<>();
    private final AtomicBoolean selling = new AtomicBoolean();
    private final List<ShopperScript.Attempt> replayed = new CopyOnWriteArrayList<>();
    /** What the shelf could still give per SKU, as the malls took orders (the mall-side oversell count). */
    private final Map<String, Long> shelf = new HashMap<>();
    private final AtomicLong oversoldAtMalls = new AtomicLong();
    private final AtomicLong oversoldOrders = new AtomicLong();
    private final Map<List<Component>, AtomicLong> unitsSold = new ConcurrentHashMap<>();
    private volatile List<ListingKey> watched = List.of();
    private volatile PollCycle cycle;
    private volatile String phase = "starting";
    private volatile Instant saleStart = Instant.now();

    public FlashSale(LocalSystem system, Settings settings) {
        this.system = system;
        this.runtime = system.runtime();
        this.settings = settings;
        this.malls = system.malls().inOrder();
        this.listings = system.listings();
        java.util.Set<ListingKey> ours = new java.util.HashSet<>(listings);
        for (Listing listing : runtime.store.allListings()) {
            if (ours.contains(listing.key())) {
                mapped.put(listing.key(), listing.components());
            }
        }
    }

    /** The seeded script of this sale's shoppers (the same for both arms of a comparison). */
    public List<ShopperScript.Attempt> seededScript() {
        java.util.Set<String> hot = new java.util.HashSet<>();
        SampleCatalogue.ITEMS.stream().filter(SampleCatalogue.Item::hot).forEach(i -> hot.add(i.sku()));
        return ShopperScript.seeded(malls.stream().map(m -> new ShopperScript.Mall(m.channelId(), m.type())).toList(),
                mapped, hot, settings.sale(), settings.compression(), settings.seed());
    }

    /** Runs the seeded sale, calling {@code view} about twice a second, and returns the checked report. */
    public Report run(Consumer<Snapshot> view) {
        return run(seededScript(), view);
    }

    /** Replays {@code script}, calling {@code view} about twice a second, and returns the checked report. */
    public Report run(List<ShopperScript.Attempt> script, Consumer<Snapshot> view) {
        java.util.Set<String> skus = new java.util.TreeSet<>();
        mapped.values().forEach(cs -> cs.forEach(c -> skus.add(c.sku())));
        initial.putAll(runtime.store.readStock(skus));
        initial.forEach((sku, level) -> shelf.put(sku, Math.max(0, level.available() - level.safetyStock())));
        // Only listings sharing a SKU with a listing the shoppers aim at can change: those are watched.
        java.util.Set<String> touched = new java.util.HashSet<>();
        script.forEach(a -> mapped.getOrDefault(a.listing(), List.of()).forEach(c -> touched.add(c.sku())));
        watched = listings.stream().filter(k -> mapped.getOrDefault(k, List.of()).stream()
                .anyMatch(c -> touched.contains(c.sku()))).toList();
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
        if (settings.cadence() == Cadence.TYPICAL) {
            cycle = new PollCycle(runtime, this::watchedDifferences, compress(TYPICAL_CYCLE, settings.compression()),
                    this::event);
            cycle.start();
        }
        selling.set(true);
        phase = "flash sale";
        event("flash sale opens on " + malls.size() + " malls (" + settings.cadence().label() + ")");
        for (LocalMalls.Mall mall : malls) {
            List<ShopperScript.Attempt> own = script.stream().filter(a -> a.channelId().equals(mall.channelId()))
                    .toList();
            shoppers.execute(() -> shop(mall, own, timers));
        }
        scheduleFaults(timers);
        sleep(settings.sale());
        selling.set(false);
        Instant saleEnd = Instant.now();
        phase = "settling";
        event("sale closed; waiting for every mall to show the ledger's numbers");
        shoppers.shutdown();
        await(shoppers, Duration.ofSeconds(30));
        // Cancels of orders taken during the sale still happen; then faults are switched off.
        long lastCancelMs = script.stream().filter(a -> a.cancelAfter().isPresent())
                .mapToLong(a -> a.at().plus(a.cancelAfter().get()).toMillis()).max().orElse(0);
        sleep(Duration.ofMillis(Math.max(0, lastCancelMs - Duration.between(saleStart, Instant.now()).toMillis())
                + 1000));
        malls.forEach(m -> m.simulator().faults().clear());
        boolean converged = settings.cadence() == Cadence.TYPICAL ? settleOnCycles() : settle();
        phase = converged ? "done" : "not converged";
        sampling.set(false);
        join(sampler);
        view.accept(snapshot());
        timers.shutdownNow();
        if (cycle != null) {
            cycle.close();
        }
        return report(converged, Duration.between(saleStart, saleEnd));
    }

    // ------------------------------------------------------------------ shoppers

    private void shop(LocalMalls.Mall mall, List<ShopperScript.Attempt> attempts, ScheduledExecutorService timers) {
        MallSimulator simulator = mall.simulator();
        for (ShopperScript.Attempt attempt : attempts) {
            sleep(Duration.between(Instant.now(), saleStart.plus(attempt.at())));
            if (!selling.get()) {
                break;
            }
            replayed.add(attempt);
            MallSimulator.BuyResult result;
            // The shopper's click: before buy(), which for webhook malls returns only after our gateway answered.
            Instant placedAt = Instant.now();
            try {
                result = simulator.buy(attempt.listing().itemKey(), attempt.quantity());
            } catch (RuntimeException e) {
                event(mall.channelId() + ": buy failed: " + e.getMessage());
                continue;
            }
            if (!result.accepted()) {
                refused.incrementAndGet();
                continue;
            }
            Order order = new Order(mall.channelId(), result.orderId(), attempt.listing(), attempt.quantity(),
                    placedAt, takeFromShelf(attempt.listing(), attempt.quantity()));
            orders.put(mall.channelId() + "#" + result.orderId(), order);
            acceptedByChannel.get(mall.channelId()).incrementAndGet();
            // With the handlers' logs: when each order was placed, to read detection off the log.
            dev.zaiko.config.JsonLog.info("demo_order_placed", "channel", mall.channelId(), "orderId", result.orderId(),
                    "placedAt", placedAt.toString());
            attempt.cancelAfter().ifPresent(after ->
                    timers.schedule(() -> cancel(mall, order), after.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * The mall took an order: it takes what the shelf can still give (whole listing units), and
     * counts the rest as sold beyond stock. The same accounting in both arms, in the order the malls
     * took the orders, whatever the ledger learnt when.
     */
    private Map<String, Long> takeFromShelf(ListingKey listing, int quantity) {
        List<Component> components = mapped.getOrDefault(listing, List.of());
        unitsSold.computeIfAbsent(product(components), c -> new AtomicLong()).addAndGet(quantity);
        synchronized (shelf) {
            long covered = quantity;
            for (Component c : components) {
                covered = Math.min(covered, shelf.getOrDefault(c.sku(), 0L) / c.units());
            }
            Map<String, Long> taken = new HashMap<>();
            for (Component c : components) {
                taken.put(c.sku(), covered * c.units());
                shelf.merge(c.sku(), -covered * c.units(), Long::sum);
            }
            if (covered < quantity) {
                oversoldAtMalls.addAndGet(quantity - covered);
                oversoldOrders.incrementAndGet();
            }
            return taken;
        }
    }

    private void cancel(LocalMalls.Mall mall, Order order) {
        try {
            mall.simulator().cancel(order.orderId());
            cancels.incrementAndGet();
            cancelsByChannel.get(mall.channelId()).incrementAndGet();
            cancelledUnitsAtMalls.addAndGet(order.quantity());
            synchronized (shelf) {
                order.takenFromShelf().forEach((sku, units) -> shelf.merge(sku, units, Long::sum));
            }
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
        // A malformed order on every polled mall, of the first reason that mall can express (some
        // refuse a reason their adapter reads by design: docs/simulators.md); Rakuten gets two. Not
        // Amazon: its API shows a poll no order younger than 2 real minutes and a malformed order
        // sends no notification, so within a compressed sale no poll would reach it.
        for (LocalMalls.Mall mall : malls) {
            if (mall.type().equals("amazon")) {
                continue;
            }
            timers.schedule(() -> malformedOrder(mall, List.of("unknownStatus", "missingField", "zeroQuantity")),
                    saleMs * 20 / 100, TimeUnit.MILLISECONDS);
        }
        pick("rakuten").ifPresent(mall -> {
            timers.schedule(() -> malformedOrder(mall, List.of("missingField")), saleMs * 25 / 100,
                    TimeUnit.MILLISECONDS);
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
                                result.orderId(), target, 1, Instant.now(), takeFromShelf(target, 1)));
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

    /** Places one malformed order of the first of {@code reasons} the mall's simulator can express. */
    private void malformedOrder(LocalMalls.Mall mall, List<String> reasons) {
        for (String reason : reasons) {
            String body = "{\"malformedOrder\":{\"reason\":\"" + reason + "\"}}";
            try {
                mall.simulator().applyFaults(JSON.readTree(body));
                malformedPlaced.computeIfAbsent(mall.channelId(), c -> new AtomicLong()).incrementAndGet();
                event(mall.channelId() + ": fault switch " + body);
                return;
            } catch (UnsupportedOperationException refused) {
                // this mall's adapter does not refuse that reason: try the next
            } catch (Exception e) {
                event(mall.channelId() + ": fault switch " + body + " refused: " + e.getMessage());
                return;
            }
        }
        event(mall.channelId() + ": no malformed order this mall can express");
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

    private final Map<String, Instant> faultSince = new HashMap<>();

    private void sample() {
        Instant now = Instant.now();
        for (LocalMalls.Mall mall : malls) {
            boolean fault = mall.simulator().faults().maintenance() || mall.simulator().faults().pendingRateLimited() > 0;
            Instant since = faultSince.get(mall.channelId());
            if (fault && since == null) {
                faultSince.put(mall.channelId(), now);
            } else if (!fault && since != null) {
                faultSince.remove(mall.channelId());
                // The pusher's retry after the last error answer still belongs to the fault.
                faultWindow(mall.channelId(), since, now.plus(FAULT_AFTERMATH));
            }
        }
        for (ListingKey key : watched) {
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
        List<List<Component>> products = topMovers(9);
        java.util.Set<String> rowSkus = new java.util.TreeSet<>();
        products.forEach(cs -> cs.forEach(c -> rowSkus.add(c.sku())));
        Map<String, StockLevel> stock = rowSkus.isEmpty() ? Map.of() : runtime.store.readStock(rowSkus);
        List<Row> rows = new ArrayList<>();
        for (List<Component> product : products) {
            rows.add(new Row(nameOf(product), sellableOf(product, stock), shownOf(product)));
        }
        long recent = orders.values().stream().filter(o -> o.at().isAfter(now.minusSeconds(5))).count();
        double perSecond = recent / Math.min(5.0, Math.max(0.5, elapsed.toMillis() / 1000.0));
        return new Snapshot(settings.cadence().label(), elapsed, settings.sale(), phase, orders.size(), selling.get() ? perSecond : 0,
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

    /**
     * The live view's rows: the products (same components on every mall) that sold the most units so
     * far, then the popular items and the set, at most {@code limit}: a 5,000-SKU catalogue stays readable.
     */
    private List<List<Component>> topMovers(int limit) {
        List<List<Component>> rows = new ArrayList<>();
        unitsSold.entrySet().stream().filter(e -> !e.getKey().isEmpty())
                .sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
                .limit(limit).forEach(e -> rows.add(e.getKey()));
        List<List<Component>> defaults = new ArrayList<>();
        SampleCatalogue.ITEMS.stream().filter(SampleCatalogue.Item::hot)
                .forEach(i -> defaults.add(List.of(new Component(i.sku(), 1))));
        defaults.add(product(SampleCatalogue.TEA_SET.components()));
        for (List<Component> product : defaults) {
            if (rows.size() < limit && !rows.contains(product) && byProduct().containsKey(product)) {
                rows.add(product);
            }
        }
        return rows;
    }

    private volatile Map<List<Component>, Map<String, ListingKey>> byProduct;

    /** The same goods on every mall: components in SKU order (the store may keep them in another order). */
    private static List<Component> product(List<Component> components) {
        return components.stream().sorted(java.util.Comparator.comparing(Component::sku)).toList();
    }

    /** Per product (a component list), its listing on each channel. */
    private Map<List<Component>, Map<String, ListingKey>> byProduct() {
        if (byProduct == null) {
            Map<List<Component>, Map<String, ListingKey>> index = new HashMap<>();
            mapped.forEach((key, components) -> index.computeIfAbsent(product(components), c -> new HashMap<>())
                    .put(key.channelId(), key));
            byProduct = index;
        }
        return byProduct;
    }

    private String nameOf(List<Component> product) {
        if (product.equals(product(SampleCatalogue.TEA_SET.components()))) {
            return SampleCatalogue.TEA_SET.name();
        }
        StockLevel level = initial.get(product.get(0).sku());
        return level == null ? product.get(0).sku() : level.name().orElse(product.get(0).sku());
    }

    /** What each channel shows for the listing made of exactly these components. */
    private List<Long> shownOf(List<Component> components) {
        Map<String, ListingKey> perChannel = byProduct().getOrDefault(components, Map.of());
        List<Long> shown = new ArrayList<>();
        for (LocalMalls.Mall mall : malls) {
            ListingKey key = perChannel.get(mall.channelId());
            shown.add(key == null ? -1 : mall.simulator().shownQuantity(key.itemKey()).orElse(-1));
        }
        return shown;
    }

    private List<Component> componentsOf(ListingKey key) {
        return mapped.getOrDefault(key, List.of());
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
            Map<ListingKey, long[]> differences = watchedDifferences();
            if (differences.isEmpty() && ledgerHasEveryOrder() && runtime.differences(listings).isEmpty()) {
                return true;
            }
            Instant now = Instant.now();
            differentSince.keySet().retainAll(differences.keySet());
            for (ListingKey key : differences.keySet()) {
                Instant since = differentSince.computeIfAbsent(key, k -> now);
                if (since.plus(compress(RECONCILE_AFTER, settings.compression())).isBefore(now) && runtime.pushQueue(key.channelId()).visibleCount() == 0) {
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

    /**
     * {@link LocalRuntime#differences} for the watched listings only (the rest share no SKU with
     * anything the shoppers buy), from the mappings read at start and one batched stock read: cheap
     * enough to ask several times a second on a 40,000-listing catalogue. The final verdict still
     * compares every listing.
     */
    Map<ListingKey, long[]> watchedDifferences() {
        java.util.Set<String> skus = new java.util.TreeSet<>();
        watched.forEach(k -> componentsOf(k).forEach(c -> skus.add(c.sku())));
        Map<String, StockLevel> stock = skus.isEmpty() ? Map.of() : runtime.store.readStock(skus);
        Map<ListingKey, long[]> differences = new LinkedHashMap<>();
        for (ListingKey key : watched) {
            long expected = runtime.channel(key.channelId()).runtime().holdBack()
                    .shown(sellableOf(componentsOf(key), stock));
            long shown = runtime.channel(key.channelId()).simulator().shownQuantity(key.itemKey()).orElse(-1);
            if (expected != shown) {
                differences.put(key, new long[]{expected, shown});
            }
        }
        return differences;
    }

    /** Real time; 5 s at the reference compression. */
    static final Duration RECONCILE_AFTER = Duration.ofSeconds(150);

    /**
     * The typical tool's settling: it has no urgent path and no reconciler of its own beyond its
     * cycle (each cycle pushes every listing that differs), so the malls are judged right after each
     * completed push cycle, until one shows every mall matching the ledger with every order in.
     */
    private boolean settleOnCycles() {
        long deadline = System.nanoTime() + settings.settleLimit().toNanos();
        long seen = cycle.completed();
        while (System.nanoTime() < deadline) {
            if (!cycle.awaitCycleAfter(seen, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                break;
            }
            seen = cycle.completed();
            if (watchedDifferences().isEmpty() && ledgerHasEveryOrder() && runtime.differences(listings).isEmpty()) {
                return true;
            }
        }
        return false;
    }
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
        java.util.Set<String> journalled = new java.util.HashSet<>();
        watched.forEach(k -> componentsOf(k).forEach(c -> journalled.add(c.sku())));
        for (String sku : initial.keySet()) {
            // Only SKUs of listings the shoppers could reach changed; the rest must still hold their stock.
            List<JournalEntry> journal = journalled.contains(sku) ? runtime.store.journal(sku, 100_000) : List.of();
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
            // The malformed orders of --faults: each quarantined on its own mall, never a line (the
            // order counts above hold).
            List<String> notListed = new ArrayList<>();
            long placed = 0;
            long quarantined = 0;
            for (Map.Entry<String, AtomicLong> e : new TreeMap<>(malformedPlaced).entrySet()) {
                int listed = runtime.stores.rejectedOrders().rejected(e.getKey(), 100).size();
                placed += e.getValue().get();
                quarantined += Math.min(listed, e.getValue().get());
                if (listed < e.getValue().get()) {
                    notListed.add(e.getKey() + " " + listed + " of " + e.getValue().get());
                }
            }
            checks.add(new Check("malformed orders quarantined", placed > 0 && notListed.isEmpty(),
                    quarantined + " of " + placed + " malformed orders on " + malformedPlaced.size()
                            + " malls listed as rejected (orders --state REJECTED)"
                            + (notListed.isEmpty() ? "" : "; not listed: " + String.join(", ", notListed))));
        }
        long[] unmatched = {0};
        Map<String, List<Long>> fromLedger = new TreeMap<>();
        Map<String, Latency> zero = zeroPushLatencies(journals, unmatched, fromLedger);
        List<ShopperScript.Attempt> attempts = new ArrayList<>(replayed);
        attempts.sort(java.util.Comparator.comparingInt(ShopperScript.Attempt::seq));
        Map<String, Map<String, Long>> oversoldByMall = new TreeMap<>();
        Map<String, Long> unknownSalesByMall = new TreeMap<>();
        attributeOversells(journals, oversoldByMall, unknownSalesByMall);
        return new Report(settings.cadence().label(), orders.size(), refused.get(), reserved, oversoldAtMalls.get(),
                oversoldOrders.get(), oversoldUnits, oversoldLines, cancelledUnits,
                cancels.get(), converged, minSeen == Long.MAX_VALUE ? 0 : minSeen, detectionLatencies(journals), zero,
                latencies(fromLedger), unmatched[0], reconciled.size(),
                sale.toMillis() / 1000.0, orders.size() / Math.max(0.001, sale.toMillis() / 1000.0),
                runtime.pushers().drains(), cycle == null ? 0 : cycle.completed(), mallErrors(), checks, perChannel,
                List.copyOf(attempts), oversoldByMall, unknownSalesByMall);
    }

    /** By source mall type: from the shopper's order to the ledger's first journal entry for it. */
    private Map<String, Latency> detectionLatencies(Map<String, List<JournalEntry>> journals) {
        Map<String, Instant> firstKnown = firstKnown(journals);
        Map<String, List<Long>> byType = new TreeMap<>();
        orders.forEach((key, order) -> {
            Instant known = firstKnown.get(key);
            if (known != null) {
                byType.computeIfAbsent(runtime.channel(order.channelId()).type(), t -> new ArrayList<>())
                        .add(Math.max(0, Duration.between(order.at(), known).toMillis()));
            }
        });
        return latencies(byType);
    }

    /** Whether orders of this channel reach the ledger without a poll (webhook, or Amazon's ORDER_CHANGE queue). */
    private String sourceKind(String channelId) {
        LocalRuntime.Channel channel = runtime.channel(channelId);
        return channel.webhook() || runtime.notificationQueueUrl(channelId).isPresent() ? "webhook" : "polled";
    }

    /**
     * For every time a listing's sellable quantity fell to 0 because of an order: when each OTHER
     * mall's listing of the same goods first showed 0 (sampled every ~10 ms). Per destination mall
     * type, timed from the ledger's commit ({@code fromLedger}); per source kind, the time from the
     * shopper's order until the last of the other malls showed 0 (the figure a seller cares about).
     * A mall that already showed 0 needs nothing; a sell-out undone by a cancel before every mall
     * caught up is not timed.
     */
    private Map<String, Latency> zeroPushLatencies(Map<String, List<JournalEntry>> journals, long[] unmatched,
                                                   Map<String, List<Long>> fromLedger) {
        record SellOut(String reference, List<Component> product) {
        }
        Map<SellOut, List<Long>> sightings = new HashMap<>();
        Map<SellOut, Order> sellOutOrders = new HashMap<>();
        java.util.Set<SellOut> incomplete = new java.util.HashSet<>();
        for (ListingKey key : watched) {
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
                        SellOut sellOut = new SellOut(entry.source().reference(), components);
                        sellOutOrders.put(sellOut, order.get());
                        Instant until = nextRestock(timeline, i, components, available);
                        long ms = zeroSeen(key, order.get().at(), until);
                        if (ms == NOT_SEEN) {
                            incomplete.add(sellOut);
                        } else if (ms != ALREADY_ZERO) {
                            sightings.computeIfAbsent(sellOut, k -> new ArrayList<>()).add(ms);
                            // The same sighting timed from the ledger's commit: what the urgent push path costs.
                            fromLedger.computeIfAbsent(type, t -> new ArrayList<>()).add(Math.max(0,
                                    ms - Duration.between(order.get().at(), entry.at()).toMillis()));
                        }
                    }
                }
                sellable = now;
            }
        }
        Map<String, List<Long>> byKind = new TreeMap<>();
        sightings.forEach((sellOut, values) -> {
            if (!incomplete.contains(sellOut)) {
                byKind.computeIfAbsent(sourceKind(sellOutOrders.get(sellOut).channelId()), k -> new ArrayList<>())
                        .add(java.util.Collections.max(values));
            }
        });
        return latencies(byKind);
    }

    /** A pusher retries about a second after a mall's last error answer (Retry-After / backoff). */
    private static final Duration FAULT_AFTERMATH = Duration.ofSeconds(1);

    /**
     * Splits the oversold units by the mall that took each order and by {@link Cause}, from the
     * ledger's journal at the moment of the order (see {@link Cause}).
     */
    private void attributeOversells(Map<String, List<JournalEntry>> journals, Map<String, Map<String, Long>> byMall,
                                    Map<String, Long> unknownByMall) {
        faultSince.forEach((channel, since) -> faultWindow(channel, since, Instant.MAX));
        Map<String, Instant> firstKnown = firstKnown(journals);
        List<Order> all = new ArrayList<>(orders.values());
        for (Order order : all) {
            List<Component> components = componentsOf(order.listing());
            long units = components.isEmpty() ? 0 : order.oversold(components);
            if (units == 0) {
                continue;
            }
            Map<String, Long> available = new HashMap<>();
            for (Component c : components) {
                long at = initial.get(c.sku()).available();
                for (JournalEntry entry : journals.getOrDefault(c.sku(), List.of())) {
                    if (entry.at().isAfter(order.at())) {
                        break;
                    }
                    at = entry.after();
                }
                available.put(c.sku(), at);
            }
            String cause;
            if (sellableFrom(components, available) < order.quantity()) {
                boolean fault = faultWindows.getOrDefault(order.channelId(), List.of()).stream()
                        .anyMatch(w -> !order.at().isBefore(w[0]) && !order.at().isAfter(w[1]));
                cause = fault ? Cause.PUSH_FAULT : Cause.PUSH;
            } else {
                java.util.Set<String> skus = new java.util.HashSet<>();
                components.forEach(c -> skus.add(c.sku()));
                java.util.Set<String> unknownAt = new java.util.TreeSet<>();
                boolean faulted = false;
                for (Order other : all) {
                    if (other != order && other.at().isBefore(order.at())
                            && componentsOf(other.listing()).stream().anyMatch(c -> skus.contains(c.sku()))) {
                        Instant known = firstKnown.get(other.channelId() + "#" + other.orderId());
                        if (known == null || known.isAfter(order.at())) {
                            unknownAt.add(other.channelId());
                            // Its mall failed our calls between that order and this one: a mall-side fault.
                            faulted |= faultWindows.getOrDefault(other.channelId(), List.of()).stream()
                                    .anyMatch(w -> w[0].isBefore(order.at()) && w[1].isAfter(other.at()));
                        }
                    }
                }
                unknownAt.forEach(channel -> unknownByMall.merge(channel, units, Long::sum));
                cause = faulted ? Cause.DETECTION_FAULT
                        : unknownAt.stream().anyMatch(c -> sourceKind(c).equals("polled")) ? Cause.DETECTION_POLLED
                        : Cause.DETECTION_WEBHOOK;
            }
            byMall.computeIfAbsent(order.channelId(), k -> new TreeMap<>()).merge(cause, units, Long::sum);
        }
    }

    /** Per order ({@code channelId#orderId}): when the ledger first journalled it. */
    private Map<String, Instant> firstKnown(Map<String, List<JournalEntry>> journals) {
        Map<String, Instant> firstKnown = new HashMap<>();
        journals.values().forEach(journal -> journal.forEach(entry -> {
            if (entry.source().kind() == ChangeSource.Kind.ORDER && !entry.at().isBefore(saleStart)) {
                String[] parts = entry.source().reference().split("/");
                if (parts.length >= 2) {
                    firstKnown.merge(parts[0] + "#" + parts[1], entry.at(), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }));
        return firstKnown;
    }

    private static final long ALREADY_ZERO = -1;
    private static final long NOT_SEEN = -2;

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

    /**
     * Milliseconds from {@code orderAt} to the mall showing 0 if it did so before {@code until};
     * {@link #ALREADY_ZERO} when it showed 0 already, {@link #NOT_SEEN} otherwise.
     */
    private long zeroSeen(ListingKey key, Instant orderAt, Instant until) {
        List<Change> changes = shownChanges.getOrDefault(key, List.of());
        synchronized (changes) {
            long before = -1;
            for (Change change : changes) {
                if (!change.at().isAfter(orderAt)) {
                    before = change.shown();
                    continue;
                }
                if (before == 0) {
                    return ALREADY_ZERO;
                }
                if (change.at().isAfter(until)) {
                    return NOT_SEEN;
                }
                if (change.shown() == 0) {
                    return Duration.between(orderAt, change.at()).toMillis();
                }
                before = change.shown();
            }
            return before == 0 ? ALREADY_ZERO : NOT_SEEN;
        }
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
