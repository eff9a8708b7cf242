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
        String refreshRenewalJa;
        try {
            api.validAccessToken();
            String before = refreshExpiry.map(at -> DAY.format(at.atZone(YahooOrderSource.JST))).orElse("");
            refreshRenewal = "Consent again in a browser before "
                    + (before.isEmpty() ? "the 28 days run out (consent date unknown: set refreshTokenIssuedAt in the secret)"
                    : before)
                    + " at " + authorizationLink + " and store the new refresh token; refreshing does not extend it.";
            refreshRenewalJa = (before.isEmpty()
                    ? "28日の期限が切れる前に（同意した日が不明です: シークレットに refreshTokenIssuedAt を設定してください）"
                    : before + " までに") + " " + authorizationLink
                    + " でブラウザから再度同意し、新しいリフレッシュトークンを保存してください。更新しても期限は延びません。";
        } catch (ChannelException e) {
            if (e.kind() != PushStatus.AUTH) {
                throw e;
            }
            refreshExpiry = Optional.of(clock.instant());
            refreshRenewal = "Rejected now (" + e.mallCode() + "): consent again in a browser at " + authorizationLink
                    + " and store the new refresh token.";
            refreshRenewalJa = "Yahoo! が拒否しました（" + e.mallCode() + "）: " + authorizationLink
                    + " でブラウザから再度同意し、新しいリフレッシュトークンを保存してください。";
        }
        CredentialStatus refresh = new CredentialStatus("refreshToken", refreshExpiry, refreshRenewal,
                new CredentialStatus.Japanese("リフレッシュトークン（refreshToken）", refreshRenewalJa));
        String keyBefore = publicKeyExpiresAt.map(at -> DAY.format(at.atZone(YahooOrderSource.JST))).orElse("");
        CredentialStatus publicKey = new CredentialStatus("publicKey", publicKeyExpiresAt,
                "Issue a new public key in ストアクリエイターPro (設定 > 暗号鍵管理) before "
                        + (keyBefore.isEmpty() ? "it expires (1 year)" : keyBefore)
                        + " and store publicKey, publicKeyVersion and publicKeyExpiresAt in the secret.",
                new CredentialStatus.Japanese("公開鍵（publicKey）",
                        (keyBefore.isEmpty() ? "期限（1年）が切れる前に" : keyBefore + " までに")
                                + "ストアクリエイターPro（設定 > 暗号鍵管理）で新しい公開鍵を発行し、publicKey、"
                                + "publicKeyVersion、publicKeyExpiresAt をシークレットに保存してください。"));
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
