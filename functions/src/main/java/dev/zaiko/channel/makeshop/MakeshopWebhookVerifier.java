package dev.zaiko.channel.makeshop;

import dev.zaiko.domain.channel.WebhookVerifier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * makeshop's order update notice: {@code x-makeshop-signature} is an HMAC-SHA256 with the channel's
 * webhook secret, {@code x-makeshop-request-timestamp} unix seconds. A delivery is valid only if the
 * signature over {@link MakeshopApi#signedPayload} matches (compared in constant time) and the timestamp
 * is within {@link MakeshopApi#WEBHOOK_MAX_AGE} of now, so a captured delivery cannot be replayed later.
 * The exact signed content is UNCONFIRMED: the channel config names one {@link MakeshopApi.SignatureScheme}.
 */
final class MakeshopWebhookVerifier implements WebhookVerifier {
    private final SecretKeySpec key;
    private final Clock clock;
    private final MakeshopApi.SignatureScheme scheme;

    /** @param scheme named explicitly in the channel config: no default, since every scheme is a guess */
    MakeshopWebhookVerifier(String secret, Clock clock, MakeshopApi.SignatureScheme scheme) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
        this.scheme = java.util.Objects.requireNonNull(scheme, "signatureScheme");
    }

    @Override
    public Verdict verify(WebhookRequest request) {
        Optional<String> signature = request.header(MakeshopApi.SIGNATURE_HEADER);
        Optional<String> timestamp = request.header(MakeshopApi.TIMESTAMP_HEADER);
        if (signature.isEmpty() || signature.get().isBlank()) {
            return new Verdict.Invalid("missing " + MakeshopApi.SIGNATURE_HEADER);
        }
        if (timestamp.isEmpty() || !timestamp.get().matches("\\d{1,12}")) {
            return new Verdict.Invalid("missing or non-numeric " + MakeshopApi.TIMESTAMP_HEADER);
        }
        Instant sentAt = Instant.ofEpochSecond(Long.parseLong(timestamp.get()));
        Duration age = Duration.between(sentAt, clock.instant()).abs();
        if (age.compareTo(MakeshopApi.WEBHOOK_MAX_AGE) > 0) {
            return new Verdict.Invalid("timestamp is " + age.toSeconds() + " s away from now (limit "
                    + MakeshopApi.WEBHOOK_MAX_AGE.toSeconds() + " s)");
        }
        String expectedText = scheme.encode(sign(scheme.signedPayload(timestamp.get(), request.body())));
        String presentedText = signature.get().trim();
        if (scheme != MakeshopApi.SignatureScheme.HMAC_SHA256_BASE64_BODY) {
            expectedText = expectedText.toLowerCase(Locale.ROOT);
            presentedText = presentedText.toLowerCase(Locale.ROOT);
        }
        if (!MessageDigest.isEqual(expectedText.getBytes(StandardCharsets.US_ASCII),
                presentedText.getBytes(StandardCharsets.US_ASCII))) {
            return new Verdict.Invalid("signature does not match the body under signatureScheme " + scheme
                    + " (an unconfirmed guess: if every delivery fails here, the scheme is wrong)");
        }
        return new Verdict.Valid(Optional.of(timestamp.get() + ":" + signature.get().trim().toLowerCase(Locale.ROOT)));
    }

    byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
