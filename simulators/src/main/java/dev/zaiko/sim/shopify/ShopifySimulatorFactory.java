package dev.zaiko.sim.shopify;

import dev.zaiko.sim.MallSimulatorFactory;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Shopify for the local runtime: client-credentials grant, HMAC-signed order webhooks. */
public final class ShopifySimulatorFactory implements MallSimulatorFactory {
    public static final String DEFAULT_LOCATION = "gid://shopify/Location/655441491";

    @Override
    public String type() {
        return "shopify";
    }

    @Override
    public Simulated start(Setup setup) {
        Map<String, String> credentials = new HashMap<>(Map.of("clientId", "zaiko-local-client",
                "clientSecret", "local-client-secret"));
        ShopifySimulator shopify = new ShopifySimulator(setup.clock())
                .clientCredentials(credentials.get("clientId"), credentials.get("clientSecret"));
        Map<String, String> options = new HashMap<>(setup.options());
        options.putIfAbsent("locationId", DEFAULT_LOCATION);
        options.put("baseUrl", shopify.baseUrl().toString());
        Optional<String> secret = Optional.empty();
        Optional<URI> hookUrl = Optional.empty();
        if (setup.webhook()) {
            secret = Optional.of(setup.webhooks().newSecret());
            credentials.put("webhookSecret", secret.get());
            hookUrl = Optional.of(setup.webhooks().url());
            shopify.webhooks(hookUrl.get(), secret.get());
        }
        return new Simulated(shopify, credentials, options, hookUrl, secret, Optional.empty());
    }

    /** inventoryItemId@locationId: Shopify keys its order lines to the channel's location. */
    @Override
    public String itemKey(int n, String sku, Map<String, String> options) {
        String location = options.getOrDefault("locationId", DEFAULT_LOCATION);
        return (40_000_000_000L + n) + "@" + location.substring(location.lastIndexOf('/') + 1);
    }

    @Override
    public Map<String, String> demoOptions() {
        return Map.of("locationId", DEFAULT_LOCATION);
    }
}
