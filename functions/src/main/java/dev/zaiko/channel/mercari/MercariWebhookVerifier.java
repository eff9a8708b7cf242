package dev.zaiko.channel.mercari;

import dev.zaiko.domain.channel.WebhookVerifier;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Mercari Shops documents no signature for webhook deliveries (UNCONFIRMED either way), so each
 * channel has its own random secret token: it is part of the {@code endPoint} URL we register with
 * {@code createWebhook} ({@code https://<webhook api>/webhooks/mercari/<channelId>/<token>}), and the
 * webhook handler passes that path segment (or a proxy passes a header) as {@value #TOKEN_HEADER}.
 * The token is compared in constant time.
 *
 * <p>The token proves only that the caller knows the URL, not what the body says: the body is never
 * trusted. {@link MercariWebhookOrders} takes just the order id from it and re-reads the order from
 * the API, so a forged or altered body can at worst make us re-check a real order.
 */
final class MercariWebhookVerifier implements WebhookVerifier {
    /** Where the handler puts the secret from the URL path (header names are lower-cased). */
    static final String TOKEN_HEADER = WebhookVerifier.PATH_TOKEN_HEADER;
    /** Shorter secrets are guessable; refuse to run with one. */
    static final int MIN_TOKEN_LENGTH = 24;

    private final byte[] expected;

    MercariWebhookVerifier(String token) {
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("mercari webhookToken must be at least " + MIN_TOKEN_LENGTH + " characters");
        }
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Verdict verify(WebhookRequest request) {
        Optional<String> presented = request.header(TOKEN_HEADER);
        if (presented.isEmpty() || presented.get().isEmpty()) {
            return new Verdict.Invalid("missing " + TOKEN_HEADER);
        }
        if (!MessageDigest.isEqual(expected, presented.get().getBytes(StandardCharsets.UTF_8))) {
            return new Verdict.Invalid("webhook token does not match this channel's secret");
        }
        return new Verdict.Valid(Optional.empty());
    }
}
