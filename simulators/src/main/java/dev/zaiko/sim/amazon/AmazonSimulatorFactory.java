package dev.zaiko.sim.amazon;

import dev.zaiko.sim.MallSimulatorFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Amazon for the local runtime: LWA on the simulator, ORDER_CHANGE notifications through an SQS queue. */
public final class AmazonSimulatorFactory implements MallSimulatorFactory {
    @Override
    public String type() {
        return "amazon";
    }

    @Override
    public Simulated start(Setup setup) {
        AmazonSimulator amazon = new AmazonSimulator(setup.clock());
        Map<String, String> credentials = Map.of("refreshToken", AmazonSimulator.REFRESH_TOKEN,
                "clientId", AmazonSimulator.CLIENT_ID, "clientSecret", AmazonSimulator.CLIENT_SECRET,
                "sellerId", AmazonSimulator.SELLER_ID);
        Map<String, String> options = new HashMap<>(setup.options());
        options.put("lwaUrl", amazon.baseUrl().toString());
        options.putIfAbsent("marketplaceId", AmazonSimulator.MARKETPLACE_ID);
        options.put("baseUrl", amazon.baseUrl().toString());
        return new Simulated(amazon, credentials, options, Optional.empty(), Optional.empty(),
                Optional.of(amazon::publishOrderChangesTo));
    }

    @Override
    public String itemKey(int n, String sku, Map<String, String> options) {
        return sku;
    }

    @Override
    public String demoChannelId() {
        return "amazon-jp";
    }

    @Override
    public Map<String, String> demoOptions() {
        return Map.of("marketplaceId", AmazonSimulator.MARKETPLACE_ID);
    }
}
