package dev.zaiko.channel.rakuten;

import dev.zaiko.channel.support.ChannelLimits;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.OpenOrders;

/**
 * Rakuten Ichiba through RMS WEB SERVICE: RakutenPayOrderAPI (searchOrder + getOrder v7) for orders,
 * Inventory API 2.0 (bulk-upsert, bulk-get) for stock, License Management API for the key's expiry.
 *
 * <p><b>Secret</b> (JSON keys): {@code serviceSecret} (permanent), {@code licenseKey} (expires every
 * 90 days; reissued by hand in RMS, see {@link #credentialsHelp()}). Both come from RMS 店舗様向け情報・
 * サービス &gt; WEB APIサービス, where each API used here must also be switched on (利用設定), else every
 * call fails with ES04-01 (classified AUTH).
 *
 * <p><b>Options</b>: {@code baseUrl} (default {@code https://api.rms.rakuten.co.jp}; a simulator's URL in
 * tests and the local runtime), {@code pageSize} (orders per searchOrder page, 1-100, default 100, so
 * one page is one getOrder call).
 *
 * <p><b>Item keys</b>: {@code manageNumber:variantId} (商品管理番号:SKU管理番号; normal-inventory items
 * have variantId {@code normal-inventory}). Rakuten lower-cases the manageNumber; the variantId is
 * case-sensitive.
 *
 * <p>No fixed caller IP is required by RMS as far as public material says (not confirmed either way).
 */
public final class RakutenAdapterFactory implements ChannelAdapterFactory {
    public static final String TYPE = "rakuten";
    static final int DEFAULT_PAGE_SIZE = RakutenApi.MAX_GET_ORDER;

    @Override
    public dev.zaiko.domain.channel.SellerScreen sellerScreen(java.util.Map<String, String> options) {
        return new RakutenSellerScreen();
    }

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
    public static RakutenAdapter create(ChannelSettings settings, OpenOrders openOrders, MallHttp http,
                                        TokenBucket.Sleeper sleeper) {
        String licenseKey = settings.credential("licenseKey");
        RakutenApi api = new RakutenApi(settings.option("baseUrl").orElse(RakutenApi.DEFAULT_BASE_URL),
                settings.credential("serviceSecret"), licenseKey, http, sleeper,
                ChannelLimits.named(settings, sleeper));
        int pageSize = settings.option("pageSize").map(value -> {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("channel " + settings.channelId() + ": option pageSize '"
                        + value + "' is not a number");
            }
        }).orElse(DEFAULT_PAGE_SIZE);
        return new RakutenAdapter(
                new RakutenOrderSource(settings.channelId(), api, openOrders, pageSize, settings.clock()),
                new RakutenStockSink(api), new RakutenStockReader(api),
                new RakutenLicense(api, licenseKey, settings.clock()));
    }

    /** What the seller does when the licenseKey nears its 90 days. */
    public static String credentialsHelp() {
        return RakutenLicense.RENEWAL;
    }

    @Override
    public java.util.List<CredentialKey> credentialKeys() {
        return java.util.List.of(
                new CredentialKey("serviceSecret", true, "RMS serviceSecret"),
                new CredentialKey("licenseKey", true, "RMS licenseKey (renewed every 3 months)"));
    }
}
