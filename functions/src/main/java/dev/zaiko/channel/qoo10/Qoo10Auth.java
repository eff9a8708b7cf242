package dev.zaiko.channel.qoo10;

import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.CredentialStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Qoo10's two credentials. The API key (QSM "API Key の発行/照会", valid about a year) is the
 * {@code GiosisCertificationKey} of {@code CertificationAPI.CreateCertificationKey}; the seller
 * auth key (SAK) it returns is the {@code GiosisCertificationKey} of every other call. Qoo10 gives
 * no SAK lifetime: it answers -90004/-90005 when the SAK has expired, and then we issue a new one
 * once (when the secret holds userId/password) before calling it AUTH.
 */
final class Qoo10Auth {
    static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    private final String apiKey;
    private final Optional<String> userId;
    private final Optional<String> password;
    private final Optional<String> fixedSellerKey;
    private final Optional<Instant> apiKeyExpiresAt;
    private volatile String currentSellerKey;

    Qoo10Auth(ChannelSettings settings) {
        this.apiKey = settings.credential("apiKey");
        this.userId = settings.optionalCredential("userId");
        this.password = settings.optionalCredential("password");
        this.fixedSellerKey = settings.optionalCredential("sellerAuthKey");
        if (fixedSellerKey.isEmpty() && (userId.isEmpty() || password.isEmpty())) {
            throw new IllegalArgumentException("channel " + settings.channelId()
                    + " (qoo10): secret needs 'sellerAuthKey' or both 'userId' and 'password'");
        }
        this.apiKeyExpiresAt = expiry(settings, "apiKeyExpiresAt", "apiKeyIssuedAt");
        this.currentSellerKey = fixedSellerKey.orElse(null);
    }

    String apiKey() {
        return apiKey;
    }

    Optional<String> userId() {
        return userId;
    }

    Optional<String> password() {
        return password;
    }

    boolean canIssue() {
        return userId.isPresent() && password.isPresent();
    }

    /** The SAK to send: the secret's own, or one issued (then cached) by {@code issuer}. */
    String sellerKey(Supplier<String> issuer) {
        String key = currentSellerKey;
        if (key != null) {
            return key;
        }
        synchronized (this) {
            if (currentSellerKey == null) {
                currentSellerKey = issuer.get();
            }
            return currentSellerKey;
        }
    }

    /**
     * Qoo10 said the SAK expired: forget it so the next call issues a new one.
     *
     * @return false when there is nothing to issue a new one from (the secret has no userId/password)
     */
    synchronized boolean forgetSellerKey() {
        if (!canIssue()) {
            return false;
        }
        currentSellerKey = null;
        return true;
    }

    List<CredentialStatus> statuses() {
        return List.of(
                new CredentialStatus("qoo10 API key", apiKeyExpiresAt,
                        apiKeyExpiresAt.isPresent()
                                ? "request a new API key in QSM (API Key の発行/照会) and put it in the channel secret"
                                : "set 'apiKeyExpiresAt' (or 'apiKeyIssuedAt') in the channel secret to be warned "
                                + "before the key (valid about 1 year) expires",
                        new CredentialStatus.Japanese("Qoo10 APIキー", apiKeyExpiresAt.isPresent()
                                ? "QSM（API Key の発行/照会）で新しいAPIキーを申請し、チャネルのシークレットに入れてください。"
                                : "チャネルのシークレットに 'apiKeyExpiresAt'（または 'apiKeyIssuedAt'）を設定すると、"
                                + "キー（有効期間は約1年）が切れる前にお知らせします。")),
                new CredentialStatus("qoo10 seller auth key", Optional.empty(),
                        canIssue() ? "re-issued automatically from userId/password when Qoo10 reports it expired"
                                : "Qoo10 reports expiry with -90004/-90005: issue a new SAK "
                                + "(CertificationAPI.CreateCertificationKey) and update 'sellerAuthKey'",
                        new CredentialStatus.Japanese("Qoo10 販売者認証キー（SAK）", canIssue()
                                ? "Qoo10 が期限切れを返したときは userId/password から自動で再発行します。"
                                : "Qoo10 は期限切れを -90004/-90005 で返します。新しい SAK を発行し"
                                + "（CertificationAPI.CreateCertificationKey）、'sellerAuthKey' を更新してください。")));
    }

    /** An expiry given directly, or an issue date plus the assumed lifetime. Dates are JST midnight. */
    static Optional<Instant> expiry(ChannelSettings settings, String expiresKey, String issuedKey) {
        Optional<Instant> expires = settings.optionalCredential(expiresKey).map(v -> instant(settings, expiresKey, v));
        if (expires.isPresent()) {
            return expires;
        }
        return settings.optionalCredential(issuedKey).map(v -> instant(settings, issuedKey, v)
                .plus(Qoo10Assumptions.UNCONFIRMED.apiKeyLifetime()));
    }

    static Instant instant(ChannelSettings settings, String key, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(JST).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("channel " + settings.channelId() + ": secret '" + key
                    + "' must be yyyy-MM-dd or an ISO-8601 instant");
        }
    }
}
