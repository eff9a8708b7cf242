package dev.zaiko.channel.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.OpenOrders;
import dev.zaiko.domain.channel.WebhookVerifier;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Shopify (type {@code "shopify"}): Admin GraphQL API, version {@value ShopifyApi#API_VERSION}.
 *
 * <p><b>Secret</b> (JSON keys), one of:
 * <ul>
 *   <li>{@code clientId} + {@code clientSecret}: a Dev Dashboard app installed on the store; the
 *       adapter gets a ~24 h token by the client-credentials grant and renews it itself;</li>
 *   <li>{@code accessToken}: a legacy custom app's Admin API token ({@code shpat_...}); used as is,
 *       and preferred when both are present.</li>
 * </ul>
 * plus {@code webhookSecret} (the secret Shopify signs webhooks with; falls back to
 * {@code clientSecret}). Without either, webhooks are not accepted.
 *
 * <p><b>Options</b>:
 * <ul>
 *   <li>{@code shopDomain}: {@code demo.myshopify.com}; the API is then {@code https://demo.myshopify.com};</li>
 *   <li>{@code baseUrl}: overrides that (a simulator);</li>
 *   <li>{@code locationId} (required): the location whose {@code available} stock we keep, as
 *       {@code gid://shopify/Location/655441491} or {@code 655441491}; order lines are keyed to it.</li>
 * </ul>
 *
 * <p><b>Listing key</b>: {@code <inventoryItemNumericId>@<locationNumericId>}, e.g. {@code 808950810@655441491}.
 * Order lines without a variant (custom items) are keyed {@code sku:<sku>} (else {@code line:<lineId>}),
 * webhook lines whose variant Shopify does not know {@code variant:<variantId>}: they show up as
 * unmapped listings in the report.
 *
 * <p>Scopes needed: {@code read_orders}, {@code read_inventory}, {@code write_inventory},
 * {@code read_products} (variant -> inventory item for webhooks).
 */
public final class ShopifyAdapterFactory implements ChannelAdapterFactory {
    public static final String TYPE = "shopify";
    static final Pattern SHOP_DOMAIN = Pattern.compile("[a-z0-9][a-z0-9-]*\\.myshopify\\.com");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ChannelAdapter create(ChannelSettings settings, OpenOrders openOrders) {
        return create(settings, new MallHttp(), dev.zaiko.channel.support.ChannelLimits.sleeper(settings.clock()));
    }

    static ShopifyAdapter create(ChannelSettings settings, MallHttp http, TokenBucket.Sleeper sleeper) {
        String base = settings.option("baseUrl").orElseGet(() -> {
            String domain = settings.option("shopDomain").orElseThrow(() -> new IllegalArgumentException(
                    "channel " + settings.channelId() + " (shopify): option 'shopDomain' (or 'baseUrl') is required"));
            if (!SHOP_DOMAIN.matcher(domain).matches()) {
                throw new IllegalArgumentException("channel " + settings.channelId()
                        + " (shopify): shopDomain must look like demo.myshopify.com (got \"" + domain + "\")");
            }
            return "https://" + domain;
        });
        String location = ShopifyIds.locationNumeric(settings.option("locationId").orElseThrow(() ->
                new IllegalArgumentException("channel " + settings.channelId()
                        + " (shopify): option 'locationId' is required")));
        ObjectMapper json = new ObjectMapper();
        ShopifyAccess access = settings.optionalCredential("accessToken")
                .map(ShopifyAccess::fixed)
                .orElseGet(() -> ShopifyAccess.clientCredentials(settings.credential("clientId"),
                        settings.credential("clientSecret"), MallHttp.resolve(base, ShopifyApi.TOKEN_PATH), http,
                        settings.clock(), json));
        URI endpoint = MallHttp.resolve(base, ShopifyApi.GRAPHQL_PATH);
        // the cost bucket is the channel's in the store when there is one, so all its functions spend one budget
        ShopifyThrottle throttle = settings.sharedRateBuckets()
                .map(store -> ShopifyThrottle.shared(sleeper, store, settings.channelId(), settings.clock()))
                .orElseGet(() -> new ShopifyThrottle(sleeper));
        ShopifyGraphql graphql = new ShopifyGraphql(endpoint, access, http, throttle, json);
        ShopifyStockReader reader = new ShopifyStockReader(graphql);
        Optional<WebhookVerifier> verifier = settings.optionalCredential("webhookSecret")
                .or(() -> settings.optionalCredential("clientSecret"))
                .map(ShopifyWebhookVerifier::new);
        ShopifyOrderSource orderSource = new ShopifyOrderSource(settings.channelId(), location, graphql);
        return new ShopifyAdapter(
                orderSource,
                new ShopifyStockSink(graphql, reader, settings.channelId(), UUID::randomUUID),
                reader, verifier,
                new ShopifyWebhookOrders(settings.channelId(), location, new ShopifyVariantItems.Cached(graphql),
                        orderSource::currentLines),
                access, Optional.of(new ShopifyCatalogReader(graphql, location)));
    }

    @Override
    public dev.zaiko.domain.channel.SellerScreen sellerScreen(java.util.Map<String, String> options) {
        return new ShopifySellerScreen(Optional.ofNullable(options.get("shopDomain")));
    }

    @Override
    public java.util.List<CredentialKey> credentialKeys() {
        return java.util.List.of(
                new CredentialKey("clientId", true, "app client id"),
                new CredentialKey("clientSecret", true, "app client secret (also verifies webhooks)"),
                new CredentialKey("accessToken", false, "Admin API access token, if not client credentials"),
                new CredentialKey("webhookSecret", false, "webhook signing secret, if not the client secret"));
    }
}
