package dev.zaiko.channel.makeshop;

import dev.zaiko.channel.support.InMemoryOpenOrders;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.WebhookVerifier.Verdict;
import dev.zaiko.domain.channel.WebhookVerifier.WebhookRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** makeshop is experimental, and its unconfirmed webhook signature must be chosen, never defaulted. */
class MakeshopExperimentalTest {
    private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SECRET = "makeshop-webhook-secret";
    private static final byte[] BODY = "{\"orders\":[]}".getBytes(StandardCharsets.UTF_8);

    private static ChannelAdapter adapter(Map<String, String> options) {
        Map<String, String> all = new HashMap<>(options);
        all.put("baseUrl", "http://127.0.0.1:9");
        return new MakeshopAdapterFactory().create(new ChannelSettings("makeshop-main", "makeshop",
                Map.of("accessToken", "PAT.x", "apiKey", "k", "webhookSecret", SECRET), all, CLOCK),
                new InMemoryOpenOrders());
    }

    @Test
    void aWebhookSecretWithoutASignatureSchemeRefusesToStartNamingTheField() {
        assertThatThrownBy(() -> adapter(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("makeshop-main")
                .hasMessageContaining("option 'signatureScheme' is required")
                .hasMessageContaining("HMAC_SHA256_HEX_TIMESTAMP_DOT_BODY");
        assertThatThrownBy(() -> adapter(Map.of("signatureScheme", "sha1")))
                .hasMessageContaining("'signatureScheme' is 'sha1'");
    }

    @Test
    void withoutAWebhookSecretNoSchemeIsNeededAndNoWebhooksAreTaken() {
        ChannelAdapter pollOnly = new MakeshopAdapterFactory().create(new ChannelSettings("makeshop-main", "makeshop",
                Map.of("accessToken", "PAT.x", "apiKey", "k"), Map.of(), CLOCK), new InMemoryOpenOrders());
        assertThat(pollOnly.webhookVerifier()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(MakeshopApi.SignatureScheme.class)
    void eachSchemeAcceptsOnlyItsOwnSignature(MakeshopApi.SignatureScheme scheme) throws Exception {
        String timestamp = Long.toString(NOW.getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] overBody = mac.doFinal(BODY);
        byte[] overTimestampDotBody = mac.doFinal((timestamp + "." + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        Map<MakeshopApi.SignatureScheme, String> signatures = Map.of(
                MakeshopApi.SignatureScheme.HMAC_SHA256_HEX_TIMESTAMP_DOT_BODY, HexFormat.of().formatHex(overTimestampDotBody),
                MakeshopApi.SignatureScheme.HMAC_SHA256_HEX_BODY, HexFormat.of().formatHex(overBody),
                MakeshopApi.SignatureScheme.HMAC_SHA256_BASE64_BODY, Base64.getEncoder().encodeToString(overBody));
        var verifier = adapter(Map.of("signatureScheme", scheme.name())).webhookVerifier().orElseThrow();
        signatures.forEach((signedWith, signature) -> {
            Verdict verdict = verifier.verify(new WebhookRequest(Map.of("x-makeshop-signature", signature,
                    "x-makeshop-request-timestamp", timestamp), BODY));
            if (signedWith == scheme) {
                assertThat(verdict).isInstanceOf(Verdict.Valid.class);
            } else {
                assertThat(verdict).isInstanceOfSatisfying(Verdict.Invalid.class,
                        v -> assertThat(v.reason()).contains("signatureScheme " + scheme));
            }
        });
    }

    @Test
    void makeshopIsMarkedExperimentalAndTheConfirmedMallsAreNot() {
        assertThat(ChannelAdapterFactory.experimentalNote("makeshop")).hasValueSatisfying(note ->
                assertThat(note).contains("stock mutations").contains("webhook signature").contains("endpoint"));
        assertThat(ChannelAdapterFactory.experimentalNote("mercari")).isEmpty();
        assertThat(ChannelAdapterFactory.experimentalNote("amazon")).isEmpty();
    }
}
