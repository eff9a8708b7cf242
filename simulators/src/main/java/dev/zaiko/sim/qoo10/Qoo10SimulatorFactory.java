package dev.zaiko.sim.qoo10;

import dev.zaiko.sim.MallSimulatorFactory;

import java.util.HashMap;
import java.util.Map;

/** Qoo10 QAPI for the local runtime: polled; items are numeric item codes. */
public final class Qoo10SimulatorFactory implements MallSimulatorFactory {
    @Override
    public String type() {
        return "qoo10";
    }

    @Override
    public Simulated start(Setup setup) {
        Qoo10Simulator qoo10 = new Qoo10Simulator(setup.clock());
        Map<String, String> options = new HashMap<>(setup.options());
        options.put("baseUrl", qoo10.baseUrl().toString());
        return Simulated.polled(qoo10, Map.of("apiKey", Qoo10Simulator.API_KEY, "userId", Qoo10Simulator.USER_ID,
                "password", Qoo10Simulator.PASSWORD), options);
    }

    @Override
    public String itemKey(int n, String sku, Map<String, String> options) {
        return Long.toString(1_100_000_000L + n);
    }

    /**
     * Qoo10 publishes no rate limit, so its adapter defaults to a cautious 1 call/s (and reads each
     * item before writing it); the simulator has no limit, and 10/s keeps a local catalogue push short.
     */
    @Override
    public Map<String, String> demoOptions() {
        return Map.of("requestsPerSecond", "10");
    }
}
