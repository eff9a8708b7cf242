package dev.zaiko.channel.amazon;

import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.OpenOrders;

import java.time.Duration;

/**
 * Amazon SP-API, Japan marketplace, seller-fulfilled (MFN) stock; FBA lines are IGNOREd and the
 * FBA pool is read through {@link AmazonAdapter#fbaInventory()} (the {@code ChannelAdapter} port offers it).
 *
 * <p>Secret (JSON keys):
 * <ul>
 *   <li>{@code refreshToken}: the seller's LWA refresh token ({@code Atzr|...}); does not expire</li>
 *   <li>{@code clientId}, {@code clientSecret}: the app's LWA credentials</li>
 *   <li>{@code sellerId}: the selling partner (merchant token), for Listings Items paths and feeds</li>
 *   <li>{@code clientSecretRotatedAt} (optional): ISO date/instant of the last client-secret
 *       rotation; the secret expires 180 days later and the seller is warned 14 days before</li>
 * </ul>
 * Options: {@code baseUrl} (default {@value AmazonApi#DEFAULT_BASE_URL}), {@code lwaUrl} (default
 * {@value AmazonApi#DEFAULT_LWA_URL}), {@code marketplaceId} (default JP
 * {@value AmazonApi#JP_MARKETPLACE_ID}), {@code productType} (default
 * {@value AmazonApi#DEFAULT_PRODUCT_TYPE}), {@code feedThreshold} (updates per write from which a
 * JSON_LISTINGS_FEED replaces single PATCHes, default {@value AmazonApi#DEFAULT_FEED_THRESHOLD}),
 * {@code feedWaitSeconds} (default 20), {@code maxResultsPerPage} (1..100, default 100).
 */
public final class AmazonAdapterFactory implements ChannelAdapterFactory {
    public static final String TYPE = "amazon";

    /**
     * How often to poll searchOrders. Its usage plan is 0.0056 requests/s, i.e. one request per
     * 178.6 s sustained, with a burst of 20. A 1-minute poll would spend 1 request a minute but
     * earn back only 0.34, emptying the burst in about half an hour and then being throttled;
     * every 3 minutes earns 1.008 requests per poll, so a one-page poll never drains the bucket and
     * the burst stays free for busy windows with several pages. Fast reaction comes from ORDER_CHANGE
     * notifications through SQS; the poll is the backstop.
     */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(3);

    @Override
    public String type() {
        return TYPE;
    }

    /** Amazon filters by last-update time, so cancellations are seen without re-checking open orders. */
    @Override
    public ChannelAdapter create(ChannelSettings settings, OpenOrders openOrders) {
        return new AmazonAdapter(settings);
    }

    @Override
    public dev.zaiko.domain.channel.SellerScreen sellerScreen(java.util.Map<String, String> options) {
        return new AmazonSellerScreen(java.util.Optional.ofNullable(options.get("marketplaceId")));
    }

    @Override
    public java.util.List<CredentialKey> credentialKeys() {
        return java.util.List.of(
                new CredentialKey("sellerId", true, "Seller Central merchant token"),
                new CredentialKey("clientId", true, "LWA client id"),
                new CredentialKey("clientSecret", true, "LWA client secret"),
                new CredentialKey("refreshToken", true, "LWA refresh token"),
                new CredentialKey("clientSecretRotatedAt", false, "date the LWA secret was rotated (YYYY-MM-DD)"));
    }
}
