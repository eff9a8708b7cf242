package dev.zaiko.domain.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One credential of a channel and when it stops working, so the seller is warned
 * {@link #WARN_AHEAD} before, never surprised by AUTH_ERROR.
 *
 * @param renewal what the seller has to do, in words (and a link where the mall has one)
 */
public record CredentialStatus(String name, Optional<Instant> expiresAt, String renewal) {
    public static final Duration WARN_AHEAD = Duration.ofDays(14);

    public CredentialStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expiresAt, "expiresAt");
        renewal = renewal == null ? "" : renewal;
    }

    public boolean needsRenewal(Instant now) {
        return expiresAt.map(at -> !now.plus(WARN_AHEAD).isBefore(at)).orElse(false);
    }
}
