package dev.zaiko.domain.channel;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Checks that a webhook delivery really comes from the mall, before its body is parsed. */
public interface WebhookVerifier {
    /**
     * Where the webhook route hands a secret that came as the URL's last segment
     * ({@code POST /webhooks/{channelId}/{token}}), for malls that sign nothing (Mercari Shops).
     */
    String PATH_TOKEN_HEADER = "x-zaiko-webhook-token";

    Verdict verify(WebhookRequest request);

    /** A delivery as received: header names lower-cased, the raw body bytes exactly as sent. */
    record WebhookRequest(Map<String, String> headers, byte[] body) {
        public WebhookRequest {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    sealed interface Verdict {
        /** @param deliveryId the mall's id of this delivery, for de-duplication, when it sends one */
        record Valid(Optional<String> deliveryId) implements Verdict {
        }

        record Invalid(String reason) implements Verdict {
        }
    }
}
