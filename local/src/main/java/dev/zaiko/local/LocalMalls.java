package dev.zaiko.local;

import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.amazon.AmazonSimulator;
import dev.zaiko.sim.aupay.AuPaySimulator;
import dev.zaiko.sim.makeshop.MakeshopSimulator;
import dev.zaiko.sim.mercari.MercariSimulator;
import dev.zaiko.sim.qoo10.Qoo10Simulator;
import dev.zaiko.sim.rakuten.RakutenSimulator;
import dev.zaiko.sim.shopify.ShopifySimulator;
import dev.zaiko.sim.yahoo.YahooSimulator;

import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stands up a simulated mall for each channel of the local runtime: the simulator, the credentials
 * it accepts (what the seller would put in Secrets Manager on AWS), the adapter options that point
 * the adapter at it, and the mall's way of telling us about orders: a signed webhook to the gateway
 * (Shopify, Mercari Shops, makeshop, when the channel has {@code webhook}), ORDER_CHANGE
 * notifications through an SQS queue (Amazon), or nothing (polled).
 *
 * <p>Also knows each mall's item-key shape, so one catalogue can be listed on every mall.
 */
public final class LocalMalls {
    /** The mall types this class can simulate, in the order of the example config. */
    public static final List<String> TYPES =
            List.of("amazon", "rakuten", "yahoo", "shopify", "mercari", "qoo10", "aupay", "makeshop");
    /** Malls whose simulator can push orders to the gateway. */
    public static final List<String> WEBHOOK_TYPES = List.of("shopify", "mercari", "makeshop");
    static final String DEFAULT_SHOPIFY_LOCATION = "gid://shopify/Location/655441491";

    /** What a channel ended up with; the webhook secret is local-only and shown to the developer. */
    public record Mall(String channelId, String type, MallSimulator simulator, Optional<URI> webhookUrl,
                       Optional<String> webhookSecret, LocalRuntime.Channel channel) {
    }

    private final LocalRuntime runtime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Mall> malls = new LinkedHashMap<>();
    private final Map<String, String> shopifyLocations = new HashMap<>();
    private KeyPair yahooKeys;

    public LocalMalls(LocalRuntime runtime, Clock clock) {
        this.runtime = runtime;
        this.clock = clock;
    }

    public LocalMalls(LocalRuntime runtime) {
        this(runtime, Clock.systemUTC());
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
        boolean webhook = spec.webhook() && WEBHOOK_TYPES.contains(spec.type());
        Map<String, String> options = new HashMap<>(spec.options());
        Map<String, String> credentials = new HashMap<>();
        Optional<String> secret = Optional.empty();
        Optional<URI> hookUrl = Optional.empty();
        MallSimulator simulator;
        switch (spec.type()) {
            case "amazon" -> {
                AmazonSimulator amazon = new AmazonSimulator(clock);
                credentials.putAll(Map.of("refreshToken", AmazonSimulator.REFRESH_TOKEN,
                        "clientId", AmazonSimulator.CLIENT_ID, "clientSecret", AmazonSimulator.CLIENT_SECRET,
                        "sellerId", AmazonSimulator.SELLER_ID));
                options.put("lwaUrl", amazon.baseUrl().toString());
                options.putIfAbsent("marketplaceId", AmazonSimulator.MARKETPLACE_ID);
                simulator = amazon;
            }
            case "rakuten" -> {
                credentials.putAll(Map.of("serviceSecret", "SP-local-service-secret",
                        "licenseKey", "SL-local-license-key"));
                simulator = new RakutenSimulator(clock, credentials.get("serviceSecret"), credentials.get("licenseKey"));
            }
            case "yahoo" -> {
                KeyPair keys = yahooKeys();
                credentials.putAll(Map.of("clientId", "dj00-zaiko-local", "clientSecret", "local-client-secret",
                        "sellerId", "zaiko-local-store", "refreshToken", "local-refresh-token",
                        "refreshTokenIssuedAt", clock.instant().toString(), "publicKey", pem(keys),
                        "publicKeyVersion", "1",
                        "publicKeyExpiresAt", LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo"))).plusYears(1).toString()));
                YahooSimulator yahoo = new YahooSimulator(clock, credentials.get("sellerId"),
                        credentials.get("clientId"), credentials.get("clientSecret"), credentials.get("refreshToken"),
                        keys.getPrivate());
                options.put("tokenUrl", yahoo.baseUrl() + YahooSimulator.TOKEN);
                simulator = yahoo;
            }
            case "shopify" -> {
                credentials.putAll(Map.of("clientId", "zaiko-local-client", "clientSecret", "local-client-secret"));
                ShopifySimulator shopify = new ShopifySimulator(clock)
                        .clientCredentials(credentials.get("clientId"), credentials.get("clientSecret"));
                options.putIfAbsent("locationId", DEFAULT_SHOPIFY_LOCATION);
                shopifyLocations.put(spec.id(), options.get("locationId"));
                if (webhook) {
                    secret = Optional.of(randomSecret());
                    credentials.put("webhookSecret", secret.get());
                    hookUrl = Optional.of(runtime.webhookUrl(spec.id()));
                    shopify.webhooks(hookUrl.get(), secret.get());
                }
                simulator = shopify;
            }
            case "mercari" -> {
                credentials.putAll(Map.of("accessToken", "local-mercari-access-token", "clientName", "ZAIKO_LOCAL"));
                options.putIfAbsent("clientName", "ZAIKO_LOCAL");
                options.putIfAbsent("clientVersion", "0.1.0");
                MercariSimulator mercari = new MercariSimulator(clock, credentials.get("accessToken"));
                if (webhook) {
                    // Mercari signs nothing: the secret is the last segment of the endPoint URL.
                    secret = Optional.of(randomSecret());
                    credentials.put("webhookToken", secret.get());
                    hookUrl = Optional.of(runtime.webhookUrl(spec.id(), secret.get()));
                    mercari.webhookEndPoint(hookUrl.get());
                }
                simulator = mercari;
            }
            case "qoo10" -> {
                credentials.putAll(Map.of("apiKey", Qoo10Simulator.API_KEY, "userId", Qoo10Simulator.USER_ID,
                        "password", Qoo10Simulator.PASSWORD));
                simulator = new Qoo10Simulator(clock);
            }
            case "aupay" -> {
                credentials.putAll(Map.of("apiKey", AuPaySimulator.API_KEY, "shopId", AuPaySimulator.SHOP_ID,
                        "apiKeyIssuedAt", clock.instant().toString()));
                simulator = new AuPaySimulator(clock);
            }
            case "makeshop" -> {
                credentials.putAll(Map.of("accessToken", "PAT.zaiko-local", "apiKey", "local-makeshop-api-key"));
                MakeshopSimulator makeshop = new MakeshopSimulator(clock, credentials.get("accessToken"),
                        credentials.get("apiKey"));
                if (webhook) {
                    secret = Optional.of(randomSecret());
                    credentials.put("webhookSecret", secret.get());
                    hookUrl = Optional.of(runtime.webhookUrl(spec.id()));
                    makeshop.webhook(hookUrl.get(), secret.get());
                    // the simulator signs this way; a real channel must name the scheme it checked
                    options.putIfAbsent("signatureScheme", "HMAC_SHA256_HEX_TIMESTAMP_DOT_BODY");
                }
                simulator = makeshop;
            }
            default -> throw new IllegalArgumentException("channel " + spec.id() + ": no simulator for mall type '"
                    + spec.type() + "' (known: " + String.join(", ", TYPES) + ")");
        }
        options.put("baseUrl", baseUrlFor(spec.type(), simulator));
        LocalRuntime.Channel channel;
        try {
            channel = runtime.addChannel(spec.id(), spec.type(), simulator, credentials, options,
                    spec.pollInterval(), webhook);
            if (simulator instanceof AmazonSimulator amazon) {
                amazon.publishOrderChangesTo(runtime.aws().sqs(), runtime.addNotificationQueue(spec.id()));
            }
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
        Mall mall = new Mall(spec.id(), spec.type(), simulator, hookUrl, secret, channel);
        malls.put(spec.id(), mall);
        return mall;
    }

    /** Yahoo's adapter is given the API root, not the host. */
    private static String baseUrlFor(String type, MallSimulator simulator) {
        return "yahoo".equals(type) ? simulator.baseUrl() + "/ShoppingWebService/V1" : simulator.baseUrl().toString();
    }

    // ------------------------------------------------------------------ catalogue on the malls

    /**
     * The item key of catalogue item {@code n} (1-based, SKU {@code sku}) on a channel, in that
     * mall's own shape: Amazon seller SKU, Rakuten manageNumber:variantId, Yahoo item_code, Shopify
     * inventoryItemId@locationId, Mercari skuCode, Qoo10 numeric item code, au PAY itemCode, makeshop
     * 12-digit system code and variation code.
     */
    public String itemKey(String channelId, int n, String sku) {
        Mall mall = mall(channelId);
        String lower = sku.toLowerCase(java.util.Locale.ROOT);
        return switch (mall.type()) {
            case "amazon", "mercari" -> sku;
            case "rakuten" -> lower + ":normal-inventory";
            case "yahoo", "aupay" -> lower;
            case "shopify" -> (40_000_000_000L + n) + "@" + shopifyLocation(mall);
            case "qoo10" -> Long.toString(1_100_000_000L + n);
            // A variation ("FREE" size), not a simple product: MakeshopOrderParser reads a JSON null
            // variationCustomCode as the text "null", so simple products' orders come out UNMAPPED
            // (functions/ bug, reported); variation keys are unaffected.
            case "makeshop" -> String.format("%012d", 100 + n) + ":FREE";
            default -> throw new IllegalStateException("no item keys for " + mall.type());
        };
    }

    /** Shopify keys its order lines to the channel's location, so listings must be keyed to it too. */
    private String shopifyLocation(Mall mall) {
        String location = shopifyLocations.getOrDefault(mall.channelId(), DEFAULT_SHOPIFY_LOCATION);
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Lists an item on its mall with a name (where the mall keeps one) and a shown quantity. */
    public void list(String channelId, String itemKey, String name, long quantity) {
        MallSimulator simulator = mall(channelId).simulator();
        switch (simulator) {
            case RakutenSimulator rakuten -> {
                int colon = itemKey.indexOf(':');
                rakuten.putSku(itemKey.substring(0, colon), itemKey.substring(colon + 1), quantity);
            }
            case MercariSimulator mercari -> mercari.putVariant(itemKey, quantity, name, 1980, "4900000000000");
            case MakeshopSimulator makeshop -> makeshop.putProduct(itemKey, quantity, name, 1980, 3);
            case YahooSimulator yahoo -> yahoo.putItem(itemKey, quantity, false);
            default -> simulator.putItem(itemKey, quantity);
        }
    }

    // ------------------------------------------------------------------ secrets

    private String randomSecret() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return "whsec_" + HexFormat.of().formatHex(bytes);
    }

    private synchronized KeyPair yahooKeys() {
        if (yahooKeys == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048, random);
                yahooKeys = generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("RSA unavailable", e);
            }
        }
        return yahooKeys;
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
