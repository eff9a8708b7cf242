package dev.zaiko.channel.amazon;

import dev.zaiko.channel.support.InMemoryOpenOrders;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.CredentialStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmazonAdapterFactoryTest {

    private static ChannelSettings settings(Map<String, String> extraSecret) {
        Map<String, String> secret = new HashMap<>(Map.of("refreshToken", "Atzr|x", "clientId", "id",
                "clientSecret", "secret", "sellerId", "A2SELLER"));
        secret.putAll(extraSecret);
        return new ChannelSettings("amazon-jp", "amazon", secret, Map.of(),
                Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void registeredForServiceLoader() {
        assertThat(ChannelAdapterFactory.all().get("amazon")).isInstanceOf(AmazonAdapterFactory.class);
        assertThat(new AmazonAdapterFactory().create(settings(Map.of()), new InMemoryOpenOrders()).type())
                .isEqualTo("amazon");
    }

    @Test
    void defaultPollIntervalEarnsAtLeastOneSearchOrdersCallPerPoll() {
        double earnedPerPoll = AmazonAdapterFactory.DEFAULT_POLL_INTERVAL.toSeconds() * AmazonApi.SEARCH_ORDERS_RATE;

        assertThat(earnedPerPoll).isGreaterThanOrEqualTo(1.0);
        assertThat(AmazonAdapterFactory.DEFAULT_POLL_INTERVAL.toSeconds()).isEqualTo(180);
    }

    @Test
    void clientSecretExpiresHundredEightyDaysAfterRotation() {
        AmazonAdapter adapter = new AmazonAdapter(settings(Map.of("clientSecretRotatedAt", "2026-01-15")));

        CredentialStatus secret = adapter.credentials().get(0);
        assertThat(secret.name()).isEqualTo("LWA client secret");
        assertThat(secret.expiresAt()).contains(Instant.parse("2026-07-14T00:00:00Z"));
        assertThat(secret.needsRenewal(Instant.parse("2026-06-29T23:59:59Z"))).isFalse();
        assertThat(secret.needsRenewal(Instant.parse("2026-06-30T00:00:00Z"))).isTrue();
        assertThat(secret.renewal()).contains("rotating-your-apps-lwa-credentials");
        assertThat(adapter.credentials().get(1).expiresAt()).isEmpty();
    }

    @Test
    void rotationInstantAcceptedAndMissingDateMeansUnknownExpiry() {
        assertThat(new AmazonAdapter(settings(Map.of("clientSecretRotatedAt", "2026-01-15T09:30:00Z")))
                .credentials().get(0).expiresAt()).contains(Instant.parse("2026-07-14T09:30:00Z"));
        assertThat(new AmazonAdapter(settings(Map.of())).credentials().get(0).expiresAt()).isEqualTo(Optional.empty());
    }

    @Test
    void badSettingsFailAtStartNamingTheKey() {
        assertThatThrownBy(() -> new AmazonAdapter(settings(Map.of("clientSecretRotatedAt", "15/01/2026"))))
                .hasMessageContaining("clientSecretRotatedAt");
        Map<String, String> noSeller = new HashMap<>(Map.of("refreshToken", "Atzr|x", "clientId", "id",
                "clientSecret", "secret"));
        assertThatThrownBy(() -> new AmazonAdapter(new ChannelSettings("amazon-jp", "amazon", noSeller, Map.of(),
                Clock.systemUTC()))).hasMessageContaining("'sellerId'");
    }
}
