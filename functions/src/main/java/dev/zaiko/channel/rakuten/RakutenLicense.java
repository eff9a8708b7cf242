package dev.zaiko.channel.rakuten;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.PushStatus;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The licenseKey's expiry, from the License Management API
 * {@code GET /es/1.0/license-management/license-key/expiry-date?licenseKey=…}. The key lives 90 days
 * and is reissued by hand in RMS; the answer is {@code {"expiryDate":"2026-11-28T23:59:59"}} with no
 * zone (JST), as a third-party client recorded it live. An expired key makes every call (this one
 * too) a 401, which is reported as "expired now".
 */
final class RakutenLicense {
    static final String RENEWAL = "Issue a new licenseKey in RMS (店舗様向け情報・サービス > WEB APIサービス > "
            + "ライセンスキーの確認・変更), then put it in this channel's secret as 'licenseKey'. The old key stops "
            + "working the moment the new one is issued. https://glogin.rms.rakuten.co.jp/";
    static final String RENEWAL_JA = "RMS（店舗様向け情報・サービス > WEB APIサービス > ライセンスキーの確認・変更）で"
            + "新しいライセンスキーを発行し、このチャネルのシークレットの 'licenseKey' に入れてください。"
            + "新しいキーを発行した時点で古いキーは使えなくなります。https://glogin.rms.rakuten.co.jp/";
    static final String NAME_JA = "ライセンスキー（licenseKey）";

    private final RakutenApi api;
    private final String licenseKey;
    private final Clock clock;

    RakutenLicense(RakutenApi api, String licenseKey, Clock clock) {
        this.api = api;
        this.licenseKey = licenseKey;
        this.clock = clock;
    }

    CredentialStatus status() {
        try {
            JsonNode reply = RakutenApi.readJson(api.get(RakutenApi.LICENSE_EXPIRY,
                    RakutenApi.queryParam("licenseKey", licenseKey), api.licenseBucket,
                    "Rakuten license expiry-date"), "Rakuten license expiry-date");
            String text = reply.path("expiryDate").asText("");
            return new CredentialStatus("licenseKey", Optional.of(parseExpiry(text)), RENEWAL,
                    new CredentialStatus.Japanese(NAME_JA, RENEWAL_JA));
        } catch (ChannelException e) {
            if (e.kind() == PushStatus.AUTH) {
                return new CredentialStatus("licenseKey", Optional.of(clock.instant()),
                        "Rejected now (" + e.mallCode() + "): " + RENEWAL,
                        new CredentialStatus.Japanese(NAME_JA, "楽天が拒否しました（" + e.mallCode() + "）: " + RENEWAL_JA));
            }
            return new CredentialStatus("licenseKey", Optional.empty(),
                    "Expiry unknown (" + e.getMessage() + "); the key lives 90 days. " + RENEWAL,
                    new CredentialStatus.Japanese(NAME_JA, "有効期限を確認できません（" + e.getMessage()
                            + "）。キーの有効期間は90日です。" + RENEWAL_JA));
        }
    }

    /** JST when the text has no zone (Rakuten's form); an explicit offset is honoured. */
    static Instant parseExpiry(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutZone) {
            try {
                return LocalDateTime.parse(text).atZone(RakutenOrderSource.JST).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Rakuten license expiry-date: expiryDate '" + text
                        + "' is not an ISO date-time");
            }
        }
    }
}
