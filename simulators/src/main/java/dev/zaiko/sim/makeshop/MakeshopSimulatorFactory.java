package dev.zaiko.sim.makeshop;

import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.MallSimulatorFactory;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** makeshop for the local runtime: signed order webhooks; items are system code + variation code. */
public final class MakeshopSimulatorFactory implements MallSimulatorFactory {
    @Override
    public String type() {
        return "makeshop";
    }

    @Override
    public Simulated start(Setup setup) {
        Map<String, String> credentials = new HashMap<>(Map.of("accessToken", "PAT.zaiko-local",
                "apiKey", "local-makeshop-api-key"));
        MakeshopSimulator makeshop = new MakeshopSimulator(setup.clock(), credentials.get("accessToken"),
                credentials.get("apiKey"));
        Map<String, String> options = new HashMap<>(setup.options());
        options.put("baseUrl", makeshop.baseUrl().toString());
        Optional<String> secret = Optional.empty();
        Optional<URI> hookUrl = Optional.empty();
        if (setup.webhook()) {
            secret = Optional.of(setup.webhooks().newSecret());
            credentials.put("webhookSecret", secret.get());
            hookUrl = Optional.of(setup.webhooks().url());
            makeshop.webhook(hookUrl.get(), secret.get());
            // the simulator signs this way; a real channel must name the scheme it checked
            options.putIfAbsent("signatureScheme", "HMAC_SHA256_HEX_TIMESTAMP_DOT_BODY");
        }
        return new Simulated(makeshop, credentials, options, hookUrl, secret, Optional.empty());
    }

    /**
     * A variation ("FREE" size), not a simple product: MakeshopOrderParser reads a JSON null
     * variationCustomCode as the text "null", so simple products' orders come out UNMAPPED
     * (functions/ bug, reported); variation keys are unaffected.
     */
    @Override
    public String itemKey(int n, String sku, Map<String, String> options) {
        return String.format("%012d", 100 + n) + ":FREE";
    }

    @Override
    public void list(MallSimulator simulator, String itemKey, String name, long quantity) {
        ((MakeshopSimulator) simulator).putProduct(itemKey, quantity, name, 1980, 3);
    }
}
