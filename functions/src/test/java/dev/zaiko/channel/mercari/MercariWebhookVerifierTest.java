package dev.zaiko.channel.mercari;

import dev.zaiko.domain.channel.WebhookVerifier.Verdict;
import dev.zaiko.domain.channel.WebhookVerifier.WebhookRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MercariWebhookVerifierTest {
    private static final String TOKEN = "tok-0123456789abcdefghijklmn";
    private static final byte[] BODY = "{\"topic\":\"ORDER_CREATED\",\"data\":{\"id\":\"ot_1\"}}".getBytes(StandardCharsets.UTF_8);
    private final MercariWebhookVerifier verifier = new MercariWebhookVerifier(TOKEN);

    @Test
    void theChannelsTokenIsAccepted() {
        assertThat(verifier.verify(new WebhookRequest(Map.of("x-zaiko-webhook-token", TOKEN), BODY)))
                .isInstanceOf(Verdict.Valid.class);
    }

    @Test
    void aWrongTokenIsRejected() {
        assertThat(verifier.verify(new WebhookRequest(Map.of("x-zaiko-webhook-token", TOKEN + "x"), BODY)))
                .isInstanceOf(Verdict.Invalid.class);
        assertThat(verifier.verify(new WebhookRequest(Map.of("x-zaiko-webhook-token", "tok-0123456789abcdefghijklmN"), BODY)))
                .isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void aMissingTokenIsRejected() {
        assertThat(verifier.verify(new WebhookRequest(Map.of(), BODY)))
                .isEqualTo(new Verdict.Invalid("missing x-zaiko-webhook-token"));
    }

    @Test
    void aShortSecretIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new MercariWebhookVerifier("short")).hasMessageContaining("at least 24");
    }
}
