package dev.zaiko.sim.mercari;

import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.MallSimulatorFactory;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Mercari Shops for the local runtime: the webhook secret is the last segment of the endPoint URL. */
public final class MercariSimulatorFactory implements MallSimulatorFactory {
    @Override
    public String type() {
        return "mercari";
    }

    @Override
    public Simulated start(Setup setup) {
        Map<String, String> credentials = new HashMap<>(Map.of("accessToken", "local-mercari-access-token",
                "clientName", "ZAIKO_LOCAL"));
        Map<String, String> options = new HashMap<>(setup.options());
        options.putIfAbsent("clientName", "ZAIKO_LOCAL");
        options.putIfAbsent("clientVersion", "0.1.0");
        MercariSimulator mercari = new MercariSimulator(setup.clock(), credentials.get("accessToken"));
        options.put("baseUrl", mercari.baseUrl().toString());
        Optional<String> secret = Optional.empty();
        Optional<URI> hookUrl = Optional.empty();
        if (setup.webhook()) {
            // Mercari signs nothing: the secret is the last segment of the endPoint URL.
            secret = Optional.of(setup.webhooks().newSecret());
            credentials.put("webhookToken", secret.get());
            hookUrl = Optional.of(setup.webhooks().urlWithToken(secret.get()));
            mercari.webhookEndPoint(hookUrl.get());
        }
        return new Simulated(mercari, credentials, options, hookUrl, secret, Optional.empty());
    }

    @Override
    public String itemKey(int n, String sku, Map<String, String> options) {
        return sku;
    }

    @Override
    public void list(MallSimulator simulator, String itemKey, String name, long quantity) {
        ((MercariSimulator) simulator).putVariant(itemKey, quantity, name, 1980, "4900000000000");
    }

    @Override
    public String demoChannelId() {
        return "mercari-shops";
    }
}
