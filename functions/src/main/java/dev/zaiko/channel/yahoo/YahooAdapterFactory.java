package dev.zaiko.channel.yahoo;

import dev.zaiko.channel.support.ChannelLimits;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.OpenOrders;

/**
 * Yahoo! Shopping through the Store API (ShoppingWebService V1): orderList + orderInfo for orders,
 * setStock / getStock for stock, YConnect v2 for tokens, public-key signatures on every call.
 *
 * <p><b>Fixed IP</b>: Yahoo accepts order-API calls (orderList, orderInfo) only from caller IPs the
 * seller registered with Yahoo (single IPs, no ranges). On AWS the poller runs behind the fixed
 * egress IP the CDK stack provides; register that IP with Yahoo before the first poll. The order APIs
 * also need their own approval for the app (about 1-2 weeks).
 *
 * <p><b>Secret</b> (JSON keys): {@code clientId} (アプリケーションID), {@code clientSecret},
 * {@code sellerId} (store account), {@code refreshToken} (from the seller's browser consent; lives 28
 * days, not extended by refreshing), {@code refreshTokenIssuedAt} (ISO date-time of that consent; without
 * it the 28-day warning has no date), {@code publicKey} (PEM from ストアクリエイターPro 設定 &gt; 暗号鍵管理),
 * {@code publicKeyVersion}, {@code publicKeyExpiresAt} (ISO date; the key lives 1 year).
 *
 * <p><b>Options</b>: {@code baseUrl} (default {@code https://circus.shopping.yahooapis.jp/ShoppingWebService/V1};
 * the test host or a simulator otherwise), {@code tokenUrl} (default YConnect v2 token endpoint),
 * {@code authorizationUrl} (default YConnect v2 authorization endpoint, used for the re-consent link),
 * {@code redirectUri} (the app's registered callback, put in that link), {@code pageSize} (orders per
 * orderList page, 1-100, default 10: each order costs one orderInfo call at 1 req/s).
 *
 * <p><b>Item keys</b>: {@code item_code} or {@code item_code:sub_code}, as setStock names them.
 */
public final class YahooAdapterFactory implements ChannelAdapterFactory {
    public static final String TYPE = "yahoo";
    static final int DEFAULT_PAGE_SIZE = 10;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ChannelAdapter create(ChannelSettings settings, OpenOrders openOrders) {
        return create(settings, openOrders, new MallHttp(), ChannelLimits.sleeper(settings.clock()));
    }

    /**
     * The same wiring with the HTTP client and the rate limiter's clock supplied (tests). With a store in
     * the settings the limiters are shared through it; then {@code sleeper} and {@code settings.clock()}
     * must show the same time.
     */
    public static YahooAdapter create(ChannelSettings settings, OpenOrders openOrders, MallHttp http,
                                      TokenBucket.Sleeper sleeper) {
        String sellerId = settings.credential("sellerId");
        String clientId = settings.credential("clientId");
        YahooSignature signature = new YahooSignature(sellerId, settings.credential("publicKey"),
                settings.credential("publicKeyVersion"));
        YahooApi api = new YahooApi(settings.option("baseUrl").orElse(YahooApi.DEFAULT_BASE_URL),
                settings.option("tokenUrl").orElse(YahooApi.DEFAULT_TOKEN_URL), clientId,
                settings.credential("clientSecret"), settings.credential("refreshToken"), sellerId, signature, http,
                sleeper, settings.clock(), ChannelLimits.named(settings, sleeper));
        int pageSize = settings.option("pageSize").map(value -> {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("channel " + settings.channelId() + ": option pageSize '"
                        + value + "' is not a number");
            }
        }).orElse(DEFAULT_PAGE_SIZE);
        YahooCredentials credentials = new YahooCredentials(api,
                YahooCredentials.parseWhen(settings.optionalCredential("refreshTokenIssuedAt"), "refreshTokenIssuedAt"),
                YahooCredentials.parseWhen(settings.optionalCredential("publicKeyExpiresAt"), "publicKeyExpiresAt"),
                YahooCredentials.authorizationLink(
                        settings.option("authorizationUrl").orElse(YahooApi.DEFAULT_AUTHORIZATION_URL), clientId,
                        settings.option("redirectUri")),
                settings.clock());
        return new YahooAdapter(new YahooOrderSource(settings.channelId(), api, openOrders, pageSize, settings.clock()),
                new YahooStockSink(api), new YahooStockReader(api), credentials);
    }

    /** Option {@code storeAccount}: the store account in ストアクリエイターPro's address, for order links. */
    @Override
    public dev.zaiko.domain.channel.SellerScreen sellerScreen(java.util.Map<String, String> options) {
        return new YahooSellerScreen(java.util.Optional.ofNullable(options.get("storeAccount")));
    }

    @Override
    public java.util.List<CredentialKey> credentialKeys() {
        return java.util.List.of(
                new CredentialKey("sellerId", true, "store account"),
                new CredentialKey("clientId", true, "Client ID"),
                new CredentialKey("clientSecret", true, "client secret"),
                new CredentialKey("refreshToken", true, "refresh token"),
                new CredentialKey("publicKey", true, "public key (PEM)"),
                new CredentialKey("publicKeyVersion", true, "public key version"),
                new CredentialKey("publicKeyExpiresAt", false, "public key expiry (YYYY-MM-DD)"),
                new CredentialKey("refreshTokenIssuedAt", false, "refresh token issue date (YYYY-MM-DD)"));
    }
}
