package dev.zaiko.domain.channel;

import dev.zaiko.domain.port.RateBuckets;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an adapter is built from for one channel account.
 *
 * @param credentials the channel's secret (Secrets Manager JSON on AWS), key to value
 * @param options     non-secret settings from the config file; {@code baseUrl} points an adapter
 *                    at a simulator instead of the mall
 * @param rateBuckets the store's shared rate limiters, or null where no store is given (then each
 *                    container limits only itself; see {@link #sharedRateBuckets()})
 */
public record ChannelSettings(String channelId, String type, Map<String, String> credentials,
                              Map<String, String> options, Clock clock, RateBuckets rateBuckets) {

    /** Settings without a store: rate limits are per container. */
    public ChannelSettings(String channelId, String type, Map<String, String> credentials,
                           Map<String, String> options, Clock clock) {
        this(channelId, type, credentials, options, clock, null);
    }

    public ChannelSettings {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(type, "type");
        credentials = Map.copyOf(credentials);
        options = Map.copyOf(options);
        Objects.requireNonNull(clock, "clock");
    }

    /** The store every function of this channel shares its mall limits through, when there is one. */
    public Optional<RateBuckets> sharedRateBuckets() {
        return Optional.ofNullable(rateBuckets);
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name)).filter(v -> !v.isBlank());
    }

    /** A credential that must be there; the message names the channel and the key, never the value. */
    public String credential(String name) {
        String value = credentials.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("channel " + channelId + " (" + type + "): secret has no '" + name + "'");
        }
        return value;
    }

    public Optional<String> optionalCredential(String name) {
        return Optional.ofNullable(credentials.get(name)).filter(v -> !v.isBlank());
    }
}
