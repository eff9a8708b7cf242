package dev.zaiko.channel.shopify;

import dev.zaiko.domain.channel.WebhookVerifier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code X-Shopify-Hmac-Sha256} = base64(HMAC-SHA256(raw body, app secret)), compared in constant
 * time over the raw bytes, before anything parses the body. The delivery id
 * ({@code X-Shopify-Webhook-Id}) is handed on for de-duplication.
 */
final class ShopifyWebhookVerifier implements WebhookVerifier {
    static final String HMAC_HEADER = "x-shopify-hmac-sha256";
    static final String WEBHOOK_ID_HEADER = "x-shopify-webhook-id";

    private final byte[] secret;

    ShopifyWebhookVerifier(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("webhook secret is missing");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Verdict verify(WebhookRequest request) {
        Optional<String> header = request.header(HMAC_HEADER).map(String::strip).filter(h -> !h.isEmpty());
        if (header.isEmpty()) {
            return new Verdict.Invalid("no X-Shopify-Hmac-Sha256 header");
        }
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(header.get());
        } catch (IllegalArgumentException e) {
            return new Verdict.Invalid("X-Shopify-Hmac-Sha256 is not base64");
        }
        if (!MessageDigest.isEqual(sign(request.body()), claimed)) {
            return new Verdict.Invalid("X-Shopify-Hmac-Sha256 does not match the body");
        }
        return new Verdict.Valid(request.header(WEBHOOK_ID_HEADER).map(String::strip).filter(id -> !id.isEmpty()));
    }

    byte[] sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
