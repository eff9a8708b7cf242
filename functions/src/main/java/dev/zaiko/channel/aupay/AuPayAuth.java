package dev.zaiko.channel.aupay;

import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.CredentialStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** The au PAY API key ({@code Authorization: Bearer}), valid 90 days, and the shop id every call carries. */
final class AuPayAuth {
    static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    private final String apiKey;
    private final String shopId;
    private final Optional<Instant> expiresAt;

    AuPayAuth(ChannelSettings settings) {
        this.apiKey = settings.credential("apiKey");
        this.shopId = settings.credential("shopId");
        if (!shopId.chars().allMatch(Character::isDigit) || shopId.length() > 20) {
            throw new IllegalArgumentException("channel " + settings.channelId() + " (aupay): secret 'shopId' must be "
                    + "the numeric shop id");
        }
        Optional<Instant> expires = settings.optionalCredential("apiKeyExpiresAt")
                .map(v -> instant(settings, "apiKeyExpiresAt", v));
        this.expiresAt = expires.isPresent() ? expires : settings.optionalCredential("apiKeyIssuedAt")
                .map(v -> instant(settings, "apiKeyIssuedAt", v).plus(AuPayAssumptions.UNCONFIRMED.apiKeyLifetime()));
    }

    String bearer() {
        return "Bearer " + apiKey;
    }

    String shopId() {
        return shopId;
    }

    List<CredentialStatus> statuses() {
        return List.of(new CredentialStatus("au PAY Market API key", expiresAt, expiresAt.isPresent()
                ? "issue a new API key in Wow!manager (各種お申し込み > API利用申請), keep the registered "
                + "connecting IP, and put the key in the channel secret"
                : "set 'apiKeyExpiresAt' (or 'apiKeyIssuedAt') in the channel secret to be warned before the "
                + "90-day key expires",
                new CredentialStatus.Japanese("au PAY マーケット APIキー", expiresAt.isPresent()
                        ? "Wow!manager（各種お申し込み > API利用申請）で新しいAPIキーを発行し、登録済みの接続元IPはそのままで、"
                        + "キーをチャネルのシークレットに入れてください。"
                        : "チャネルのシークレットに 'apiKeyExpiresAt'（または 'apiKeyIssuedAt'）を設定すると、"
                        + "90日のキーが切れる前にお知らせします。")));
    }

    private static Instant instant(ChannelSettings settings, String key, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(JST).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("channel " + settings.channelId() + ": secret '" + key
                    + "' must be yyyy-MM-dd or an ISO-8601 instant");
        }
    }
}
