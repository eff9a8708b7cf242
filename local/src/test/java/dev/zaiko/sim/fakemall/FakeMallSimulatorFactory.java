package dev.zaiko.sim.fakemall;

import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.MallSimulatorFactory;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The simulator half of the test-only ninth mall (see {@code FakeMallAdapterFactory}). */
public final class FakeMallSimulatorFactory implements MallSimulatorFactory {
    @Override
    public String type() {
        return "fakemall";
    }

    @Override
    public Simulated start(Setup setup) {
        FakeMallSimulator simulator = new FakeMallSimulator(setup.clock());
        Map<String, String> options = new HashMap<>(setup.options());
        options.put("baseUrl", simulator.baseUrl().toString());
        return Simulated.polled(simulator, Map.of("apiKey", "fake-key"), options);
    }

    @Override
    public String itemKey(int n, String sku, Map<String, String> options) {
        return "fm-" + n + "-" + sku.toLowerCase(Locale.ROOT);
    }

    @Override
    public String demoChannelId() {
        return "fakemall-shop";
    }

    static final class FakeMallSimulator extends MallSimulator {
        FakeMallSimulator(Clock clock) {
            super(clock);
            start();
        }

        @Override
        public String mallName() {
            return "fakemall";
        }

        @Override
        public BuyResult buy(String itemKey, int quantity) {
            return BuyResult.refused();
        }

        @Override
        public void cancel(String orderId) {
        }

        @Override
        protected SimResponse authError(SimRequest request) {
            return SimResponse.json(401, "{}");
        }

        @Override
        protected SimResponse rateLimited(SimRequest request, Duration retryAfter) {
            return SimResponse.json(429, "{}");
        }

        @Override
        protected SimResponse maintenanceError(SimRequest request) {
            return SimResponse.json(503, "{}");
        }
    }
}
