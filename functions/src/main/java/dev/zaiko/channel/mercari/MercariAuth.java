package dev.zaiko.channel.mercari;

import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.CredentialStatus;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mercari Shops credentials: a personal access token (Bearer; Mercari states no expiry) and the
 * {@code User-Agent: <API_CLIENT_NAME>/<version>} every call must carry.
 */
final class MercariAuth {
    /** The client name Mercari assigns at contract time; a version is ours to choose ("0.0.0" when none). */
    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern CLIENT_VERSION = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    private final String token;
    private final String userAgent;
    private final Optional<Instant> tokenExpiresAt;

    MercariAuth(ChannelSettings settings) {
        this.token = settings.credential("accessToken");
        String clientName = settings.option("clientName").orElseGet(() -> settings.credential("clientName"));
        String version = settings.option("clientVersion").orElse("0.0.0");
        if (!CLIENT_NAME.matcher(clientName).matches() || !CLIENT_VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("channel " + settings.channelId()
                    + " (mercari): clientName/clientVersion must be letters, digits, '_', '.', '-' (User-Agent <name>/<version>)");
        }
        this.userAgent = clientName + "/" + version;
        this.tokenExpiresAt = settings.optionalCredential("accessTokenExpiresAt")
                .map(value -> parseInstant(value, settings.channelId()));
    }

    void apply(HttpRequest.Builder request) {
        request.header("Authorization", "Bearer " + token);
        request.header("User-Agent", userAgent);
    }

    String userAgent() {
        return userAgent;
    }

    List<CredentialStatus> credentials() {
        return List.of(new CredentialStatus("mercari personal access token", tokenExpiresAt,
                "Mercari states no expiry for personal access tokens; if you set 'accessTokenExpiresAt' (your own"
                        + " rotation date) we warn 14 days before. Issue a new token in the Mercari Shops admin"
                        + " (at most 10 per shop, shown once) and update the channel secret.",
                new CredentialStatus.Japanese("メルカリShops 個人アクセストークン",
                        "メルカリShops は個人アクセストークンの期限を定めていません。'accessTokenExpiresAt'（ご自身の"
                                + "更新予定日）を設定すると14日前にお知らせします。メルカリShops の管理画面で新しいトークンを"
                                + "発行し（1ショップ10個まで、表示は一度だけ）、チャネルのシークレットを更新してください。")));
    }

    /** ISO instant ("2026-05-01T00:00:00Z") or date ("2026-05-01", taken as midnight JST). */
    static Instant parseInstant(String value, String channelId) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.ofHours(9)).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("channel " + channelId
                        + " (mercari): accessTokenExpiresAt is neither an ISO instant nor a date: " + value);
            }
        }
    }
}
