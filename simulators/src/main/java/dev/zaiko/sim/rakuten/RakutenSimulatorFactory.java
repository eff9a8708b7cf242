package dev.zaiko.sim.rakuten;

import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.MallSimulatorFactory;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Rakuten RMS for the local runtime: polled; items are manageNumber:variantId. */
public final class RakutenSimulatorFactory implements MallSimulatorFactory {
    static final String SERVICE_SECRET = "SP-local-service-secret";
    static final String LICENSE_KEY = "SL-local-license-key";

    @Override
    public String type() {
        return "rakuten";
    }

    @Override
    public Simulated start(Setup setup) {
        RakutenSimulator rakuten = new RakutenSimulator(setup.clock(), SERVICE_SECRET, LICENSE_KEY);
        Map<String, String> options = new HashMap<>(setup.options());
        options.put("baseUrl", rakuten.baseUrl().toString());
        return Simulated.polled(rakuten, Map.of("serviceSecret", SERVICE_SECRET, "licenseKey", LICENSE_KEY), options);
    }

    @Override
    public String itemKey(int n, String sku, Map<String, String> options) {
        return sku.toLowerCase(Locale.ROOT) + ":normal-inventory";
    }

    @Override
    public void list(MallSimulator simulator, String itemKey, String name, long quantity) {
        int colon = itemKey.indexOf(':');
        ((RakutenSimulator) simulator).putSku(itemKey.substring(0, colon), itemKey.substring(colon + 1), quantity);
    }
}
