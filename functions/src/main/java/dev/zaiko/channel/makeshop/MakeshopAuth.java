package dev.zaiko.channel.makeshop;

import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.CredentialStatus;

import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * makeshop credentials: a permanent token (Bearer; it dies only when the app is uninstalled), the
 * API key, and an {@code x-timestamp} valid one hour, so a fresh one goes on every call.
 */
final class MakeshopAuth {
    private final String token;
    private final String apiKey;
    private final Clock clock;
    private final Optional<Instant> tokenExpiresAt;

    MakeshopAuth(ChannelSettings settings) {
        String raw = settings.credential("accessToken");
        this.token = raw.startsWith("Bearer ") ? raw.substring("Bearer ".length()) : raw;
        this.apiKey = settings.credential("apiKey");
        this.clock = settings.clock();
        this.tokenExpiresAt = settings.optionalCredential("accessTokenExpiresAt").map(value -> {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDate.parse(value).atStartOfDay(MakeshopApi.JST).toInstant();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("channel " + settings.channelId()
                            + " (makeshop): accessTokenExpiresAt is neither an ISO instant nor a date: " + value);
                }
            }
        });
    }

    void apply(HttpRequest.Builder request) {
        request.header("authorization", "Bearer " + token);
        request.header("x-api-key", apiKey);
        request.header("x-timestamp", Long.toString(clock.instant().getEpochSecond()));
    }

    List<CredentialStatus> credentials() {
        return List.of(new CredentialStatus("makeshop permanent token", tokenExpiresAt,
                "makeshop's permanent token does not expire; it stops working when the app is uninstalled (then"
                        + " re-apply under アプリ管理 / API利用設定, about 5 business days). Set 'accessTokenExpiresAt'"
                        + " to be warned 14 days before a planned change.",
                new CredentialStatus.Japanese("makeshop 永久トークン",
                        "makeshop の永久トークンに期限はありません。アプリを削除すると使えなくなります（その場合は"
                                + "アプリ管理 / API利用設定 から再申請、約5営業日）。変更を予定しているときは 'accessTokenExpiresAt'"
                                + " を設定すると14日前にお知らせします。")));
    }
}
