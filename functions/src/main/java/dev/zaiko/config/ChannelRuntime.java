package dev.zaiko.config;

import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.OpenOrders;
import dev.zaiko.domain.port.ChannelSecrets;
import dev.zaiko.domain.port.RateBuckets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One channel account's adapter, built once per container and rebuilt when its credentials
 * change (the credentials are re-read every {@link #SECRET_TTL} and after an AUTH error, so a seller who fixed expired
 * credentials is picked up without a redeploy).
 */
public final class ChannelRuntime {
    static final Duration SECRET_TTL = Duration.ofMinutes(15);

    private final String channelId;
    private final String type;
    private final String secretRef;
    private final Map<String, String> options;
    private final ChannelSecrets secrets;
    private final OpenOrders openOrders;
    private final Clock clock;
    private final ChannelAdapterFactory factory;
    private final RateBuckets rateBuckets;

    private ChannelAdapter adapter;
    private String fingerprint = "";
    private Instant readAt = Instant.MIN;

    public ChannelRuntime(String channelId, String type, String secretRef, Map<String, String> options,
                          ChannelSecrets secrets, OpenOrders openOrders, Clock clock) {
        this(channelId, type, secretRef, options, secrets, openOrders, clock, null);
    }

    /** @param rateBuckets the store's shared rate limiters; null keeps every limit per container */
    public ChannelRuntime(String channelId, String type, String secretRef, Map<String, String> options,
                          ChannelSecrets secrets, OpenOrders openOrders, Clock clock, RateBuckets rateBuckets) {
        this.rateBuckets = rateBuckets;
        this.channelId = channelId;
        this.type = type;
        this.secretRef = secretRef;
        this.options = Map.copyOf(options);
        this.secrets = secrets;
        this.openOrders = openOrders;
        this.clock = clock;
        this.factory = ChannelAdapterFactory.all().get(type);
        if (factory == null) {
            throw new IllegalArgumentException("channel " + channelId + ": unknown channel type '" + type
                    + "' (known: " + ChannelAdapterFactory.types() + ")");
        }
    }

    public String channelId() {
        return channelId;
    }

    public String type() {
        return type;
    }

    /** Order names and seller-screen links of this account (from its options; no credentials read). */
    public dev.zaiko.domain.channel.SellerScreen sellerScreen() {
        return factory.sellerScreen(options);
    }

    /** The channel's low-stock hold-back ({@code options.holdBackUnits}; none when absent). */
    public dev.zaiko.domain.HoldBack holdBack() {
        return dev.zaiko.domain.HoldBack.of(options);
    }

    /** The adapter for the current credentials. */
    public synchronized ChannelAdapter adapter() {
        Instant now = clock.instant();
        if (adapter == null || readAt.plus(SECRET_TTL).isBefore(now)) {
            Map<String, String> credentials = secrets.read(secretRef);
            String newFingerprint = fingerprint(credentials);
            if (adapter == null || !newFingerprint.equals(fingerprint)) {
                adapter = factory.create(new ChannelSettings(channelId, type, credentials, options, clock, rateBuckets), openOrders);
                fingerprint = newFingerprint;
            }
            readAt = now;
        }
        return adapter;
    }

    /** A hash of the credentials in use, so AUTH_ERROR can tell "fixed" from "still the same". */
    public synchronized String credentialsFingerprint() {
        adapter();
        return fingerprint;
    }

    /** Forces the next call to re-read the secret (the seller says they fixed it). */
    public synchronized void refreshCredentials() {
        readAt = Instant.MIN;
    }

    static String fingerprint(Map<String, String> credentials) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(credentials).forEach((k, v) -> {
                digest.update(k.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Objects.toString(v).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
