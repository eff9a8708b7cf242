package dev.zaiko.local;

import dev.zaiko.schema.Queues;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One channel account as the local runtime runs it: the fields of a config file's {@code channels[]}
 * entry that matter on one machine ({@code secretName} and {@code fixedIp} do not: credentials are
 * the simulators' own, and there is no egress IP to fix).
 *
 * @param options the config's non-secret adapter options; the simulator's URLs are added on top
 */
public record ChannelSpec(String id, String type, Duration pollInterval, boolean webhook, Map<String, String> options) {
    public ChannelSpec {
        Queues.requireChannelId(id);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("channel " + id + ": poll interval must be positive");
        }
        options = Map.copyOf(new TreeMap<>(options == null ? Map.of() : options));
    }

    public ChannelSpec(String id, String type, Duration pollInterval, boolean webhook) {
        this(id, type, pollInterval, webhook, Map.of());
    }

    public ChannelSpec withPollInterval(Duration interval) {
        return new ChannelSpec(id, type, interval, webhook, options);
    }
}
