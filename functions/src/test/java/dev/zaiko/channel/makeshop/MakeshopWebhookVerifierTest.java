package dev.zaiko.channel.makeshop;

import dev.zaiko.domain.channel.WebhookVerifier.Verdict;
import dev.zaiko.domain.channel.WebhookVerifier.WebhookRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MakeshopWebhookVerifierTest {
    private static final String SECRET = "makeshop-webhook-secret";
    private static final Instant NOW = Instant.parse("2026-03-01T03:00:00Z");
    private static final byte[] BODY = "{\"event\":\"order_update\",\"orders\":[]}".getBytes(StandardCharsets.UTF_8);
    private final MakeshopWebhookVerifier verifier = new MakeshopWebhookVerifier(SECRET, Clock.fixed(NOW, ZoneOffset.UTC),
            MakeshopApi.SignatureScheme.HMAC_SHA256_HEX_TIMESTAMP_DOT_BODY);

    @Test
    void aCorrectlySignedFreshDeliveryIsValid() {
        assertThat(verifier.verify(signed(BODY, NOW.getEpochSecond(), SECRET))).isInstanceOf(Verdict.Valid.class);
        assertThat(verifier.verify(signed(BODY, NOW.minusSeconds(299).getEpochSecond(), SECRET))).isInstanceOf(Verdict.Valid.class);
    }

    @Test
    void aBodyChangedByOneByteIsRejected() {
        WebhookRequest original = signed(BODY, NOW.getEpochSecond(), SECRET);
        byte[] altered = BODY.clone();
        altered[5] ^= 1;
        assertThat(verifier.verify(new WebhookRequest(original.headers(), altered)))
                .isEqualTo(new Verdict.Invalid("signature does not match the body under signatureScheme"
                        + " HMAC_SHA256_HEX_TIMESTAMP_DOT_BODY (an unconfirmed guess: if every delivery fails here,"
                        + " the scheme is wrong)"));
    }

    @Test
    void aWrongSecretIsRejected() {
        assertThat(verifier.verify(signed(BODY, NOW.getEpochSecond(), "another-secret"))).isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void missingHeadersAreRejected() {
        WebhookRequest request = signed(BODY, NOW.getEpochSecond(), SECRET);
        Map<String, String> noSignature = new HashMap<>(request.headers());
        noSignature.remove("x-makeshop-signature");
        Map<String, String> noTimestamp = new HashMap<>(request.headers());
        noTimestamp.remove("x-makeshop-request-timestamp");
        assertThat(verifier.verify(new WebhookRequest(noSignature, BODY))).isInstanceOf(Verdict.Invalid.class);
        assertThat(verifier.verify(new WebhookRequest(noTimestamp, BODY))).isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void staleOrFutureTimestampsAreRejectedEvenWhenSigned() {
        assertThat(verifier.verify(signed(BODY, NOW.minusSeconds(301).getEpochSecond(), SECRET)))
                .isInstanceOfSatisfying(Verdict.Invalid.class, v -> assertThat(v.reason()).contains("301 s"));
        assertThat(verifier.verify(signed(BODY, NOW.plusSeconds(600).getEpochSecond(), SECRET))).isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void aSignatureFromAnotherTimestampDoesNotCarryOver() {
        WebhookRequest old = signed(BODY, NOW.minusSeconds(10).getEpochSecond(), SECRET);
        Map<String, String> swapped = new HashMap<>(old.headers());
        swapped.put("x-makeshop-request-timestamp", Long.toString(NOW.getEpochSecond()));
        assertThat(verifier.verify(new WebhookRequest(swapped, BODY))).isInstanceOf(Verdict.Invalid.class);
    }

    static WebhookRequest signed(byte[] body, long timestamp, String secret) {
        String signature = HexFormat.of().formatHex(new MakeshopWebhookVerifier(secret, Clock.systemUTC(),
                MakeshopApi.SignatureScheme.HMAC_SHA256_HEX_TIMESTAMP_DOT_BODY)
                .sign(MakeshopApi.signedPayload(Long.toString(timestamp), body)));
        return new WebhookRequest(Map.of("x-makeshop-signature", signature,
                "x-makeshop-request-timestamp", Long.toString(timestamp)), body);
    }
}
