package dev.zaiko.sim;

import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The simulator half of the mall registry: how to stand up one mall's simulator for a channel
 * account, what credentials it accepts, which adapter options point an adapter at it, the mall's
 * item-key shape and how to list an item on it. Each {@code dev.zaiko.sim.<mall>} package registers
 * one in {@code META-INF/services/dev.zaiko.sim.MallSimulatorFactory}; the local runtime joins it
 * with the adapter descriptor (functions) by {@link #type()}. The simulators know nothing of zaiko's
 * own code, so this interface speaks plain strings.
 */
public interface MallSimulatorFactory {
    /** The mall type, as config files spell it ("rakuten"). */
    String type();

    /** A fresh simulator for {@code setup.channelId()}, with everything the adapter needs to reach it. */
    Simulated start(Setup setup);

    /**
     * The item key of catalogue item {@code n} (1-based, SKU {@code sku}) in this mall's own shape,
     * given the channel's adapter options (Shopify keys carry the location).
     */
    String itemKey(int n, String sku, Map<String, String> options);

    /** Lists an item with a name (where the mall keeps one) and a shown quantity. */
    default void list(MallSimulator simulator, String itemKey, String name, long quantity) {
        simulator.putItem(itemKey, quantity);
    }

    /** The id of this mall's account in the built-in local config and the demo. */
    default String demoChannelId() {
        return type() + "-main";
    }

    /** Adapter options of the demo account (besides those {@link #start} sets). */
    default Map<String, String> demoOptions() {
        return Map.of();
    }

    /**
     * What the local runtime offers a starting simulator.
     *
     * @param options  the channel's adapter options from the config
     * @param webhook  the channel takes webhooks and the mall can send them: register {@link Webhooks#url()}
     */
    record Setup(String channelId, Clock clock, Map<String, String> options, boolean webhook, Webhooks webhooks) {
        public Setup {
            options = Map.copyOf(options);
        }
    }

    /** The local gateway's webhook endpoint of the channel, and fresh secrets for it. */
    interface Webhooks {
        URI url();

        /** The URL with a secret as its last path segment (malls that sign nothing). */
        URI urlWithToken(String token);

        String newSecret();
    }

    /**
     * A started simulator.
     *
     * @param options       the adapter options, including {@code baseUrl}
     * @param notifications present when the mall reports orders through an SQS queue (SP-API)
     */
    record Simulated(MallSimulator simulator, Map<String, String> credentials, Map<String, String> options,
                     Optional<URI> webhookUrl, Optional<String> webhookSecret,
                     Optional<NotificationQueue> notifications) {
        public Simulated {
            credentials = Map.copyOf(credentials);
            options = Map.copyOf(options);
        }

        public static Simulated polled(MallSimulator simulator, Map<String, String> credentials,
                                       Map<String, String> options) {
            return new Simulated(simulator, credentials, options, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /** Where the simulator publishes order notifications once the runtime has created the queue. */
    interface NotificationQueue {
        void publishTo(SqsClient sqs, String queueUrl);
    }

    /** Every factory on the (context) class path, by type. */
    static Map<String, MallSimulatorFactory> all() {
        Map<String, MallSimulatorFactory> byType = new TreeMap<>();
        for (MallSimulatorFactory factory : ServiceLoader.load(MallSimulatorFactory.class)) {
            if (byType.put(factory.type(), factory) != null) {
                throw new IllegalStateException("two simulators claim mall type " + factory.type());
            }
        }
        return byType;
    }

    static List<String> types() {
        return List.copyOf(all().keySet());
    }
}
