package dev.zaiko.channel.aupay;

import dev.zaiko.channel.support.ChannelLimits;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.OpenOrders;

/**
 * au PAY Market (formerly Wowma!), channel type {@code "aupay"}.
 *
 * <p><b>Fixed IP required.</b> au PAY accepts API calls only from the connecting IP addresses
 * (接続元IPアドレス) registered with the API key in Wow!manager. Run this channel's poller and
 * pusher behind the fixed egress IP the CDK stack provides (NAT with an Elastic IP) and register
 * that IP; calls from any other address are refused.
 *
 * <p><b>Secret</b> (JSON keys): {@code apiKey} (required; sent as {@code Authorization: Bearer},
 * valid 90 days), {@code shopId} (required, numeric; sent on every call), and
 * {@code apiKeyExpiresAt} ({@code yyyy-MM-dd} or an ISO-8601 instant) or {@code apiKeyIssuedAt}
 * (+90 days) so the seller is warned 14 days before the key expires.
 *
 * <p><b>Options</b>: {@code baseUrl} (default {@code https://api.manager.wowma.jp}; a simulator in
 * tests), {@code requestsPerSecond} (default 1: no published limit), {@code batchSize} (items per
 * updateStock, default 100: no published limit), {@code pageSize} (orders per list page, default
 * 500, at most 1000), {@code recheckPerPoll} (open orders re-checked per poll, default 20).
 */
public final class AuPayAdapterFactory implements ChannelAdapterFactory {
    public static final String TYPE = "aupay";
    static final String DEFAULT_BASE_URL = "https://api.manager.wowma.jp";
    static final int DEFAULT_RECHECK_PER_POLL = 20;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ChannelAdapter create(ChannelSettings settings, OpenOrders openOrders) {
        AuPayAssumptions wire = AuPayAssumptions.UNCONFIRMED;
        AuPayAuth auth = new AuPayAuth(settings);
        // burst 1: calls evenly spaced, never a volley; one bucket for every function of the channel
        TokenBucket bucket = ChannelLimits.bucket(settings, "shopapi",
                positive(settings, "requestsPerSecond", wire.requestsPerSecond()), 1);
        AuPayClient client = new AuPayClient(settings.option("baseUrl").orElse(DEFAULT_BASE_URL), new MallHttp(),
                bucket, auth, ChannelLimits.sleeper(settings.clock()));
        return new AuPayAdapter(
                new AuPayOrderSource(settings.channelId(), client, openOrders,
                        (int) positive(settings, "pageSize", wire.listPageSize()),
                        (int) positive(settings, "recheckPerPoll", DEFAULT_RECHECK_PER_POLL)),
                new AuPayStockSink(client, (int) positive(settings, "batchSize", wire.updateStockBatch())),
                new AuPayStockReader(client), auth);
    }

    private static double positive(ChannelSettings settings, String name, double fallback) {
        String value = settings.option(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("channel " + settings.channelId() + ": option " + name
                + " must be a positive number (got " + value + ")");
    }

    @Override
    public java.util.List<CredentialKey> credentialKeys() {
        return java.util.List.of(
                new CredentialKey("apiKey", true, "API key"),
                new CredentialKey("shopId", true, "shop id"),
                new CredentialKey("apiKeyIssuedAt", false, "API key issue date (YYYY-MM-DD)"),
                new CredentialKey("apiKeyExpiresAt", false, "API key expiry (YYYY-MM-DD)"));
    }
}
