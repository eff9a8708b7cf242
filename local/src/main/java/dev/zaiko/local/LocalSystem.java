package dev.zaiko.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.config.SqlStores;
import dev.zaiko.config.Stores;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.embedded.EmbeddedSqs;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.schema.Queues;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * {@code zaiko local up} and the demo's stack: the embedded SQL store (one SQLite file under a
 * directory, or a temporary one that keeps nothing) and ElasticMQ, the {@link LocalRuntime} (same services and handlers as on AWS), a
 * simulated mall per configured channel, the read-only admin API on the gateway, and optionally the
 * sample catalogue. {@link #start} returns once every mall shows the ledger's quantity.
 */
public final class LocalSystem implements AutoCloseable {
    /**
     * @param dataDirectory where the ledger file is kept; empty = nothing is kept
     * @param sampleCatalogue load {@link SampleCatalogue} when the ledger has no SKU yet
     * @param catalogueSkus   how many SKUs of {@link SampleCatalogue#items(int)} to load (30 by default)
     */
    public record Options(LocalConfig config, Optional<Path> dataDirectory, boolean sampleCatalogue, int gatewayPort,
                          int catalogueSkus) {
        public Options(LocalConfig config, Optional<Path> dataDirectory, boolean sampleCatalogue, int gatewayPort) {
            this(config, dataDirectory, sampleCatalogue, gatewayPort, SampleCatalogue.DEFAULT_SKUS);
        }

        public Options(LocalConfig config, Optional<Path> dataDirectory, boolean sampleCatalogue) {
            this(config, dataDirectory, sampleCatalogue, 0);
        }

        public Options withCatalogueSkus(int skus) {
            return new Options(config, dataDirectory, sampleCatalogue, gatewayPort, skus);
        }
    }

    /** The ledger's file under the data directory. */
    static final String DATABASE_FILE = "zaiko-ledger.db";

    private final EmbeddedSqs aws;
    private final Stores stores;
    private final LocalRuntime runtime;
    private final LocalMalls malls;
    private final LedgerView view;
    private final List<ListingKey> listings;
    private final Options options;

    private LocalSystem(EmbeddedSqs aws, Stores stores, LocalRuntime runtime,
                        LocalMalls malls, LedgerView view, List<ListingKey> listings, Options options) {
        this.aws = aws;
        this.stores = stores;
        this.runtime = runtime;
        this.malls = malls;
        this.view = view;
        this.listings = List.copyOf(listings);
        this.options = options;
    }

    /** Starts everything; {@code log} receives human-readable progress lines. */
    public static LocalSystem start(Options options, Consumer<String> log) {
        EmbeddedSqs aws = EmbeddedSqs.start();
        java.time.Clock clock = java.time.Clock.systemUTC();
        Stores stores = options.dataDirectory()
                .map(dir -> (Stores) SqlStores.file(dir.resolve(DATABASE_FILE), clock))
                .orElseGet(() -> SqlStores.temporary(clock));
        LocalRuntime runtime = null;
        try {
            TestAws target = new TestAws(Optional.empty(), aws.sqs(), stores.describe() + " + ElasticMQ");
            if (options.dataDirectory().isPresent()) {
                forgetMallSideState((SqlStores) stores, log);
            }
            runtime = new LocalRuntime(target, stores, "", Duration.ZERO, Queues.ORDERS, options.gatewayPort());
            LocalMalls malls = new LocalMalls(runtime);
            for (ChannelSpec spec : options.config().channels()) {
                LocalMalls.Mall mall = malls.add(spec);
                log.accept("channel " + spec.id() + " (" + spec.type() + "): simulator " + mall.simulator().baseUrl()
                        + (mall.webhookUrl().isPresent() ? ", webhook " + mall.webhookUrl().get() : "")
                        + (runtime.notificationQueueUrl(spec.id()).isPresent() ? ", order changes via SQS" : "")
                        + ", poll every " + spec.pollInterval().toSeconds() + " s");
                if (spec.webhook() && !LocalMalls.webhookTypes().contains(spec.type())) {
                    log.accept("channel " + spec.id() + ": the " + spec.type()
                            + " simulator sends no webhooks; it is polled only");
                }
            }
            LedgerView view = new LedgerView(runtime.store);
            List<ListingKey> listings;
            if (options.sampleCatalogue() && view.skus().isEmpty()) {
                long loading = System.nanoTime();
                listings = SampleCatalogue.load(runtime, malls, options.config().safetyStock(),
                        options.catalogueSkus(), log);
                log.accept(String.format("sample catalogue: %d SKUs%s, listed on %d channels (%d listings,"
                                + " %.1f s)", options.catalogueSkus(),
                        SampleCatalogue.hasSet(options.catalogueSkus()) ? " and a set" : "", malls.inOrder().size(),
                        listings.size(),
                        (System.nanoTime() - loading) / 1e9));
            } else {
                listings = relist(runtime, malls, view, log);
            }
            new LocalAdminApi(runtime, view).serve();
            // The web console at / and the full admin API at /admin/ (the CLI's --local target), as the
            // admin Lambda serves it on AWS.
            dev.zaiko.local.console.LocalConsole.mount(runtime);
            LocalSystem system = new LocalSystem(aws, stores, runtime, malls, view, listings, options);
            long pushing = System.nanoTime();
            if (!system.awaitConverged(Duration.ofSeconds(90))) {
                log.accept("WARNING: after 90 s " + runtime.differences(listings).size()
                        + " listings still differ from the ledger; continuing");
            } else {
                log.accept(String.format("every mall shows the ledger's quantities (pushed in %.1f s)",
                        (System.nanoTime() - pushing) / 1e9));
            }
            return system;
        } catch (RuntimeException e) {
            if (runtime != null) {
                runtime.close();
            }
            stores.close();
            aws.close();
            throw e;
        }
    }

    /**
     * The simulated malls start empty every time, and their order numbers start again at 1: orders
     * and per-channel bookkeeping (cursors, open orders, webhook ids) of an earlier run would
     * collide with the new ones, so they are dropped. Stock, listings and the journal stay.
     */
    private static void forgetMallSideState(SqlStores stores, Consumer<String> log) {
        int cleared = stores.forgetOrdersAndChannels();
        if (cleared > 0) {
            log.accept("cleared " + cleared + " order lines and channel rows of the last run (the simulated malls"
                    + " start empty)");
        }
    }

    /** After a restart: list every mapped listing of a configured channel on its fresh simulator, as the ledger has it. */
    private static List<ListingKey> relist(LocalRuntime runtime, LocalMalls malls, LedgerView view,
                                           Consumer<String> log) {
        List<ListingKey> listed = new ArrayList<>();
        int skipped = 0;
        for (ListingKey key : view.listings()) {
            if (!malls.malls().containsKey(key.channelId())) {
                skipped++;
                continue;
            }
            OptionalLong sellable = runtime.ledger.sellable(key);
            String name = runtime.store.findListing(key).flatMap(l -> l.skus().stream().findFirst())
                    .map(sku -> runtime.store.readStock(List.of(sku)).get(sku)).flatMap(StockLevel::name)
                    .orElse(key.itemKey());
            malls.list(key.channelId(), key.itemKey(), name, sellable.orElse(0));
            listed.add(key);
        }
        log.accept("ledger: " + view.skus().size() + " SKUs, " + listed.size() + " listings on the configured channels"
                + (skipped > 0 ? " (" + skipped + " listings of channels not in this config are left alone)" : ""));
        return listed;
    }

    /** Waits (bounded) until every mall shows the ledger's sellable quantity of every listing. */
    public boolean awaitConverged(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // After a full pass, only the listings that differed are looked at again, then everything once
        // more: a 40,000-listing catalogue is not re-read whole while 8 listings wait for their push.
        List<ListingKey> check = listings;
        while (true) {
            Map<ListingKey, long[]> differences = runtime.differences(check);
            if (differences.isEmpty()) {
                if (check == listings) {
                    return true;
                }
                check = listings;
                continue;
            }
            check = List.copyOf(differences.keySet());
            if (System.nanoTime() > deadline) {
                return false;
            }
            runtime.wakeWaitingPushers();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Starts the per-channel poll schedules (each channel on its configured interval). */
    public LocalSystem startSchedules() {
        runtime.startSchedules();
        return this;
    }

    public LocalRuntime runtime() {
        return runtime;
    }

    public LocalMalls malls() {
        return malls;
    }

    public LedgerView view() {
        return view;
    }

    public List<ListingKey> listings() {
        return listings;
    }

    /**
     * The one line {@code local up} prints on stdout when ready: the gateway and, per channel, its
     * simulator, webhook URL and (local only) webhook secret.
     */
    public String readyLine() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("ready", true);
        root.put("gateway", runtime.gatewayUrl().toString());
        root.put("admin", runtime.gatewayUrl().resolve("/admin/").toString());
        root.put("persisted", options.dataDirectory().map(Path::toString).orElse(null));
        ArrayNode channels = root.putArray("channels");
        for (LocalMalls.Mall mall : malls.inOrder()) {
            ObjectNode node = channels.addObject();
            node.put("id", mall.channelId());
            node.put("type", mall.type());
            node.put("webhookUrl", mall.webhookUrl().map(Object::toString).orElse(null));
            node.put("webhookSecret", mall.webhookSecret().orElse(null));
            node.put("simulatorUrl", mall.simulator().baseUrl().toString());
            node.put("shownUrl", runtime.gatewayUrl().resolve("/sim/" + mall.channelId() + "/shown").toString());
            node.put("pollIntervalSeconds", mall.channel().pollInterval().toSeconds());
        }
        return root.toString();
    }

    public Map<String, LocalMalls.Mall> mallsById() {
        return malls.malls();
    }

    @Override
    public void close() {
        runtime.close();
        stores.close();
        aws.close();
    }
}
