package dev.zaiko.domain.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One credential of a channel and when it stops working, so the seller is warned
 * {@link #WARN_AHEAD} before, never surprised by AUTH_ERROR.
 *
 * <p>The words come from the mall's own package in both languages the console speaks: what to do
 * is different at every mall (its screens, its menu names), so no shared catalogue could say it.
 *
 * @param name    the credential's name as the mall's screens and the channel secret call it
 * @param renewal what the seller has to do, in words (and a link where the mall has one)
 * @param ja      the same two in Japanese, for the console's default language
 */
public record CredentialStatus(String name, Optional<Instant> expiresAt, String renewal, Japanese ja) {
    public static final Duration WARN_AHEAD = Duration.ofDays(14);

    /** The Japanese name and renewal text; the mall's own screen names stay as the mall writes them. */
    public record Japanese(String name, String renewal) {
        public Japanese {
            Objects.requireNonNull(name, "ja.name");
            renewal = renewal == null ? "" : renewal;
        }
    }

    public CredentialStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(ja, "ja");
        renewal = renewal == null ? "" : renewal;
    }

    public boolean needsRenewal(Instant now) {
        return expiresAt.map(at -> !now.plus(WARN_AHEAD).isBefore(at)).orElse(false);
    }
}
