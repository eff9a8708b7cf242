package dev.zaiko.channel.qoo10;

import dev.zaiko.channel.support.ChannelLimits;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.OpenOrders;

/**
 * Qoo10 Japan, channel type {@code "qoo10"}.
 *
 * <p><b>Secret</b> (JSON keys):
 * <ul>
 *   <li>{@code apiKey} (required): the QSM API key (API Key の発行/照会), valid about one year;</li>
 *   <li>{@code userId} + {@code password}: the QSM login, used to issue the seller auth key (SAK)
 *       with CertificationAPI.CreateCertificationKey and to re-issue it when Qoo10 answers
 *       -90004/-90005; or</li>
 *   <li>{@code sellerAuthKey}: a SAK issued by hand (then an expired SAK is AUTH until replaced);</li>
 *   <li>{@code apiKeyExpiresAt} ({@code yyyy-MM-dd} or an ISO-8601 instant) or
 *       {@code apiKeyIssuedAt} (+365 days, assumed): the seller is warned 14 days before.</li>
 * </ul>
 *
 * <p><b>Options</b>: {@code baseUrl} (default {@code https://api.qoo10.jp}; a simulator in tests),
 * {@code requestsPerSecond} (default 1, Qoo10 publishes no limit), {@code batchSize} (items per
 * stock write, default 100, at most 500: each item costs one read first), {@code recheckPerPoll}
 * (open orders re-checked one by one per poll, default 20).
 *
 * <p>Fixed egress IP: not known to be required by Qoo10.
 */
public final class Qoo10AdapterFactory implements ChannelAdapterFactory {
    public static final String TYPE = "qoo10";
    static final String DEFAULT_BASE_URL = "https://api.qoo10.jp";
    static final int DEFAULT_BATCH_SIZE = 100;
    static final int DEFAULT_RECHECK_PER_POLL = 20;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ChannelAdapter create(ChannelSettings settings, OpenOrders openOrders) {
        Qoo10Auth auth = new Qoo10Auth(settings);
        double rate = doubleOption(settings, "requestsPerSecond", Qoo10Assumptions.UNCONFIRMED.requestsPerSecond());
        // burst 1: no documented burst, so calls are evenly spaced; one bucket for every function of the channel
        TokenBucket bucket = ChannelLimits.bucket(settings, "qapi", rate, 1);
        Qoo10Client client = new Qoo10Client(settings.option("baseUrl").orElse(DEFAULT_BASE_URL), new MallHttp(),
                bucket, auth, ChannelLimits.sleeper(settings.clock()));
        Qoo10Items items = new Qoo10Items(client);
        return new Qoo10Adapter(
                new Qoo10OrderSource(settings.channelId(), client, openOrders,
                        intOption(settings, "recheckPerPoll", DEFAULT_RECHECK_PER_POLL)),
                new Qoo10StockSink(client, items, intOption(settings, "batchSize", DEFAULT_BATCH_SIZE)),
                new Qoo10StockReader(items, new Qoo10Options(client, Qoo10Assumptions.UNCONFIRMED)), auth);
    }

    static double doubleOption(ChannelSettings settings, String name, double fallback) {
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

    static int intOption(ChannelSettings settings, String name, int fallback) {
        String value = settings.option(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("channel " + settings.channelId() + ": option " + name
                + " must be a positive whole number (got " + value + ")");
    }

    @Override
    public java.util.List<CredentialKey> credentialKeys() {
        return java.util.List.of(
                new CredentialKey("apiKey", true, "QSM API key"),
                new CredentialKey("userId", false, "QSM user id"),
                new CredentialKey("password", false, "QSM password"),
                new CredentialKey("sellerAuthKey", false, "seller auth key, if already issued"));
    }
}
