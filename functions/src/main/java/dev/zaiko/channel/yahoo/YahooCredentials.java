package dev.zaiko.channel.yahoo;

import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.PushStatus;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The two Yahoo credentials that run out, and what the seller must do:
 * <ul>
 *   <li>the <b>refresh token</b>: 28 days from the seller's consent (with public-key auth), and
 *       refreshing does NOT extend it, so the seller consents again in a browser every 4 weeks. The
 *       renewal text gives the date and the YConnect v2 authorization link;</li>
 *   <li>the <b>public key</b>: 1 year, reissued in ストアクリエイターPro.</li>
 * </ul>
 * The access token (1 h) is refreshed by the adapter itself and is not reported.
 */
final class YahooCredentials {
    static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(28);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'JST'");

    private final YahooApi api;
    private final Optional<Instant> refreshTokenIssuedAt;
    private final Optional<Instant> publicKeyExpiresAt;
    private final String authorizationLink;
    private final Clock clock;

    YahooCredentials(YahooApi api, Optional<Instant> refreshTokenIssuedAt, Optional<Instant> publicKeyExpiresAt,
                     String authorizationLink, Clock clock) {
        this.api = api;
        this.refreshTokenIssuedAt = refreshTokenIssuedAt;
        this.publicKeyExpiresAt = publicKeyExpiresAt;
        this.authorizationLink = authorizationLink;
        this.clock = clock;
    }

    static String authorizationLink(String authorizationUrl, String clientId, Optional<String> redirectUri) {
        return authorizationUrl + "?response_type=code&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + redirectUri.map(uri -> "&redirect_uri=" + URLEncoder.encode(uri, StandardCharsets.UTF_8)).orElse("")
                + "&scope=openid&bail=1";
    }

    List<CredentialStatus> statuses() {
        Optional<Instant> refreshExpiry = refreshTokenIssuedAt.map(at -> at.plus(REFRESH_TOKEN_LIFETIME));
        String refreshRenewal;
        try {
            api.validAccessToken();
            refreshRenewal = "Consent again in a browser before "
                    + refreshExpiry.map(at -> DAY.format(at.atZone(YahooOrderSource.JST))).orElse("the 28 days run out "
                    + "(consent date unknown: set refreshTokenIssuedAt in the secret)")
                    + " at " + authorizationLink + " and store the new refresh token; refreshing does not extend it.";
        } catch (ChannelException e) {
            if (e.kind() != PushStatus.AUTH) {
                throw e;
            }
            refreshExpiry = Optional.of(clock.instant());
            refreshRenewal = "Rejected now (" + e.mallCode() + "): consent again in a browser at " + authorizationLink
                    + " and store the new refresh token.";
        }
        CredentialStatus refresh = new CredentialStatus("refreshToken", refreshExpiry, refreshRenewal);
        CredentialStatus publicKey = new CredentialStatus("publicKey", publicKeyExpiresAt,
                "Issue a new public key in ストアクリエイターPro (設定 > 暗号鍵管理) before "
                        + publicKeyExpiresAt.map(at -> DAY.format(at.atZone(YahooOrderSource.JST))).orElse("it expires (1 year)")
                        + " and store publicKey, publicKeyVersion and publicKeyExpiresAt in the secret.");
        return List.of(refresh, publicKey);
    }

    /** ISO instant, ISO date-time with offset, local date-time or date (JST; a date means its last second). */
    static Optional<Instant> parseWhen(Optional<String> text, String field) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String value = text.get().trim();
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(LocalDateTime.parse(value).atZone(YahooOrderSource.JST).toInstant());
            } catch (DateTimeParseException notLocal) {
                try {
                    return Optional.of(LocalDate.parse(value).plusDays(1).atStartOfDay(YahooOrderSource.JST)
                            .toInstant().minusSeconds(1));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(field + " '" + value + "' is not an ISO date or date-time");
                }
            }
        }
    }
}
