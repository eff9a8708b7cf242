package dev.zaiko.channel.shopify;

import dev.zaiko.domain.channel.WebhookVerifier.Verdict;
import dev.zaiko.domain.channel.WebhookVerifier.WebhookRequest;
import dev.zaiko.testsupport.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ShopifyWebhookVerifierTest {
    private static final String SECRET = "shpss_test_secret";
    private static final byte[] BODY = "{\"id\":450789469,\"line_items\":[]}".getBytes(StandardCharsets.UTF_8);

    private static String signature(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(new ShopifyWebhookVerifier(secret).sign(body));
    }

    private static WebhookRequest request(Map<String, String> headers, byte[] body) {
        return new WebhookRequest(headers, body);
    }

    @Test
    void aValidSignatureIsAcceptedAndTheDeliveryIdHandedOn() {
        Verdict verdict = new ShopifyWebhookVerifier(SECRET).verify(request(Map.of(
                "x-shopify-hmac-sha256", signature(SECRET, BODY),
                "x-shopify-webhook-id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
                "x-shopify-topic", "orders/create"), BODY));

        assertThat(verdict).isEqualTo(new Verdict.Valid(Optional.of("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")));
    }

    @Test
    void aBodyChangedByOneByteIsRejected() {
        byte[] changed = BODY.clone();
        changed[6] = (byte) (changed[6] + 1);

        Verdict verdict = new ShopifyWebhookVerifier(SECRET).verify(request(Map.of(
                "x-shopify-hmac-sha256", signature(SECRET, BODY)), changed));

        assertThat(verdict).isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRejected() {
        Verdict verdict = new ShopifyWebhookVerifier(SECRET).verify(request(Map.of(
                "x-shopify-hmac-sha256", signature("another-secret", BODY)), BODY));

        assertThat(verdict).isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void aMissingHeaderIsRejected() {
        Verdict verdict = new ShopifyWebhookVerifier(SECRET).verify(request(Map.of("x-shopify-topic", "orders/create"),
                BODY));

        assertThat(verdict).isEqualTo(new Verdict.Invalid("no X-Shopify-Hmac-Sha256 header"));
    }

    @Test
    void aHeaderThatIsNotBase64IsRejected() {
        Verdict verdict = new ShopifyWebhookVerifier(SECRET).verify(request(Map.of("x-shopify-hmac-sha256", "%%%"),
                BODY));

        assertThat(verdict).isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void thePublishedSqlpageVectorVerifies() throws IOException {
        byte[] body = Files.readAllBytes(SharedFixtures.path("shopify/hmac-vector-sqlpage.body.json"));
        String secret = SharedFixtures.read("shopify/hmac-vector-sqlpage.secret.txt").strip();
        String expected = SharedFixtures.read("shopify/hmac-vector-sqlpage.expected-base64.txt").strip();

        Verdict verdict = new ShopifyWebhookVerifier(secret).verify(request(Map.of("x-shopify-hmac-sha256", expected),
                body));

        assertThat(expected).isEqualTo("QNyObTlKbMx2qDlPF/ZOZcBqg5OgPg+2oky3zldc0Gw=");
        assertThat(verdict).isEqualTo(new Verdict.Valid(Optional.empty()));
    }
}
