package dev.zaiko.sim.aupay;

import dev.zaiko.sim.MallSimulatorFactory;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** au PAY Market for the local runtime: polled; items are the shop's item codes. */
public final class AuPaySimulatorFactory implements MallSimulatorFactory {
    @Override
    public String type() {
        return "aupay";
    }

    @Override
    public Simulated start(Setup setup) {
        AuPaySimulator aupay = new AuPaySimulator(setup.clock());
        Map<String, String> options = new HashMap<>(setup.options());
        options.put("baseUrl", aupay.baseUrl().toString());
        return Simulated.polled(aupay, Map.of("apiKey", AuPaySimulator.API_KEY, "shopId", AuPaySimulator.SHOP_ID,
                "apiKeyIssuedAt", setup.clock().instant().toString()), options);
    }

    @Override
    public String itemKey(int n, String sku, Map<String, String> options) {
        return sku.toLowerCase(Locale.ROOT);
    }

    /** au PAY publishes no rate limit (the adapter keeps to 1 call/s); the simulator has none. */
    @Override
    public Map<String, String> demoOptions() {
        return Map.of("requestsPerSecond", "10");
    }
}
