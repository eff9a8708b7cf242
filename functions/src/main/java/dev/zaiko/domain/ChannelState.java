package dev.zaiko.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the system remembers of a channel account between runs.
 *
 * @param cursor                 everything changed before this instant has been enqueued
 * @param credentialsFingerprint hash of the credentials that were in use when health became
 *                               AUTH_ERROR; a different fingerprint means the seller fixed them
 * @param consecutiveRetries     failed calls in a row that were worth retrying (DEGRADED after a few)
 */
public record ChannelState(String channelId, Optional<Instant> cursor, ChannelHealth health, String healthMessage,
                           Optional<Instant> healthSince, Optional<Instant> lastPollAt, long lastPollEvents,
                           String credentialsFingerprint, int consecutiveRetries) {
    public ChannelState {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(health, "health");
        healthMessage = healthMessage == null ? "" : healthMessage;
        Objects.requireNonNull(healthSince, "healthSince");
        Objects.requireNonNull(lastPollAt, "lastPollAt");
        credentialsFingerprint = credentialsFingerprint == null ? "" : credentialsFingerprint;
    }

    public static ChannelState fresh(String channelId) {
        return new ChannelState(channelId, Optional.empty(), ChannelHealth.OK, "", Optional.empty(), Optional.empty(),
                0, "", 0);
    }
}
