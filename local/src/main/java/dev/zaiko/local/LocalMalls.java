package dev.zaiko.local;

import dev.zaiko.config.MallRegistry;
import dev.zaiko.schema.MallFacts;
import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.MallSimulatorFactory;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stands up a simulated mall for each channel of the local runtime: the simulator, the credentials
 * it accepts (what the seller would put in Secrets Manager on AWS), the adapter options that point
 * the adapter at it, and the mall's way of telling us about orders: a signed webhook to the gateway
 * (malls whose facts say {@code orderWebhook}, when the channel has {@code webhook}), notifications
 * through an SQS queue (Amazon), or nothing (polled).
 *
 * <p>Everything mall-specific comes from the mall registry: the facts and adapter descriptor
 * ({@link MallRegistry}) joined by type with the simulator factory ({@link MallSimulatorFactory}),
 * so a new mall needs no edit here. Also knows each mall's item-key shape (from its simulator
 * factory), so one catalogue can be listed on every mall.
 */
public final class LocalMalls {
    /** What a channel ended up with; the webhook secret is local-only and shown to the developer. */
    public record Mall(String channelId, String type, MallSimulator simulator, Optional<URI> webhookUrl,
                       Optional<String> webhookSecret, LocalRuntime.Channel channel) {
    }

    /** A mall of the registry that can run locally: its facts, adapter and simulator halves. */
    public record Simulable(MallRegistry.Mall mall, MallSimulatorFactory simulator) {
        public String type() {
            return mall.type();
        }

        public MallFacts facts() {
            return mall.facts();
        }
    }

    private final LocalRuntime runtime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Simulable> registry;
    private final Map<String, Mall> malls = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> optionsByChannel = new LinkedHashMap<>();

    public LocalMalls(LocalRuntime runtime, Clock clock) {
        this.runtime = runtime;
        this.clock = clock;
        this.registry = registry();
    }

    public LocalMalls(LocalRuntime runtime) {
        this(runtime, Clock.systemUTC());
    }

    /**
     * The registry's malls that have a simulator, in the registry's order (the example config's);
     * refuses a mall with an adapter but no simulator (or the reverse), naming it.
     */
    public static Map<String, Simulable> registry() {
        Map<String, MallSimulatorFactory> simulators = MallSimulatorFactory.all();
        Map<String, Simulable> malls = new LinkedHashMap<>();
        for (MallRegistry.Mall mall : MallRegistry.all()) {
            MallSimulatorFactory simulator = simulators.remove(mall.type());
            if (simulator == null) {
                throw new IllegalStateException("mall " + mall.type() + " has no MallSimulatorFactory service"
                        + " (simulators' META-INF/services/dev.zaiko.sim.MallSimulatorFactory)");
            }
            malls.put(mall.type(), new Simulable(mall, simulator));
        }
        if (!simulators.isEmpty()) {
            throw new IllegalStateException("simulators for malls the registry does not know: " + simulators.keySet());
        }
        return malls;
    }

    /** The mall types this class can simulate, in the order of the registry. */
    public static List<String> types() {
        return List.copyOf(registry().keySet());
    }

    /** Malls whose simulator can push orders to the gateway (and whose adapter verifies them). */
    public static List<String> webhookTypes() {
        return registry().values().stream().filter(m -> m.facts().orderWebhook()).map(Simulable::type).toList();
    }

    public Map<String, Mall> malls() {
        return Map.copyOf(malls);
    }

    public List<Mall> inOrder() {
        return List.copyOf(malls.values());
    }

    public Mall mall(String channelId) {
        Mall mall = malls.get(channelId);
        if (mall == null) {
            throw new IllegalArgumentException("no simulated mall for channel " + channelId);
        }
        return mall;
    }

    /** Adds one channel account played by a fresh simulator of its type. */
    public Mall add(ChannelSpec spec) {
        if (malls.containsKey(spec.id())) {
            throw new IllegalArgumentException("channel " + spec.id() + " is already running");
        }
        Simulable kind = registry.get(spec.type());
        if (kind == null) {
            throw new IllegalArgumentException("channel " + spec.id() + ": no simulator for mall type '"
                    + spec.type() + "' (known: " + String.join(", ", registry.keySet()) + ")");
        }
        boolean webhook = spec.webhook() && kind.facts().orderWebhook();
        String channelId = spec.id();
        MallSimulatorFactory.Simulated started = kind.simulator().start(new MallSimulatorFactory.Setup(channelId,
                clock, spec.options(), webhook, new MallSimulatorFactory.Webhooks() {
            @Override
            public URI url() {
                return runtime.webhookUrl(channelId);
            }

            @Override
            public URI urlWithToken(String token) {
                return runtime.webhookUrl(channelId, token);
            }

            @Override
            public String newSecret() {
                return randomSecret();
            }
        }));
        MallSimulator simulator = started.simulator();
        LocalRuntime.Channel channel;
        try {
            channel = runtime.addChannel(channelId, spec.type(), simulator, started.credentials(), started.options(),
                    spec.pollInterval(), webhook);
            if (started.notifications().isPresent()) {
                started.notifications().get().publishTo(runtime.aws().sqs(), runtime.addNotificationQueue(channelId));
            }
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
        Mall mall = new Mall(channelId, spec.type(), simulator, started.webhookUrl(), started.webhookSecret(), channel);
        malls.put(channelId, mall);
        optionsByChannel.put(channelId, started.options());
        return mall;
    }

    // ------------------------------------------------------------------ catalogue on the malls

    /**
     * The item key of catalogue item {@code n} (1-based, SKU {@code sku}) on a channel, in that
     * mall's own shape (its simulator factory knows it: Amazon seller SKU, Rakuten
     * manageNumber:variantId, Shopify inventoryItemId@locationId, ...).
     */
    public String itemKey(String channelId, int n, String sku) {
        Mall mall = mall(channelId);
        return registry.get(mall.type()).simulator().itemKey(n, sku, optionsByChannel.get(channelId));
    }

    /** Lists an item on its mall with a name (where the mall keeps one) and a shown quantity. */
    public void list(String channelId, String itemKey, String name, long quantity) {
        Mall mall = mall(channelId);
        registry.get(mall.type()).simulator().list(mall.simulator(), itemKey, name, quantity);
    }

    // ------------------------------------------------------------------ secrets

    private String randomSecret() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return "whsec_" + HexFormat.of().formatHex(bytes);
    }
}
