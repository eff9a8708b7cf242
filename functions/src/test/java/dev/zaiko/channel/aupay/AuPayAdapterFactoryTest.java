package dev.zaiko.channel.aupay;

import dev.zaiko.channel.support.InMemoryOpenOrders;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.CredentialStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No sockets: registration, secret checks and the 90-day key warning. */
class AuPayAdapterFactoryTest {
    private static final Instant NOW = Instant.parse("2026-05-01T01:00:00Z");

    private static ChannelAdapter create(Map<String, String> credentials) {
        return new AuPayAdapterFactory().create(new ChannelSettings("aupay-main", "aupay", credentials, Map.of(),
                Clock.fixed(NOW, ZoneOffset.UTC)), new InMemoryOpenOrders());
    }

    @Test
    void registeredUnderItsType() {
        assertThat(ChannelAdapterFactory.all().get("aupay")).isInstanceOf(AuPayAdapterFactory.class);
    }

    @Test
    void secretIsCheckedNamingTheKey() {
        assertThatThrownBy(() -> create(Map.of("apiKey", "k"))).hasMessageContaining("'shopId'")
                .hasMessageContaining("aupay-main");
        assertThatThrownBy(() -> create(Map.of("apiKey", "k", "shopId", "shop-1"))).hasMessageContaining("numeric");
        assertThatThrownBy(() -> create(Map.of("apiKey", "k", "shopId", "1", "apiKeyIssuedAt", "May 1")))
                .hasMessageContaining("apiKeyIssuedAt");
    }

    @Test
    void theNinetyDayKeyIsWarnedFourteenDaysAhead() {
        CredentialStatus key = create(Map.of("apiKey", "k", "shopId", "1", "apiKeyIssuedAt", "2026-03-01"))
                .credentials().get(0);
        Instant expiry = Instant.parse("2026-02-28T15:00:00Z").plus(Duration.ofDays(90)); // 2026-03-01 JST + 90 d
        assertThat(key.expiresAt()).contains(expiry);
        assertThat(key.needsRenewal(expiry.minus(Duration.ofDays(15)))).isFalse();
        assertThat(key.needsRenewal(expiry.minus(Duration.ofDays(14)))).isTrue();
        assertThat(key.renewal()).contains("Wow!manager");
    }

    @Test
    void withoutADateTheSellerIsToldHowToGetWarned() {
        CredentialStatus key = create(Map.of("apiKey", "k", "shopId", "1")).credentials().get(0);
        assertThat(key.expiresAt()).isEmpty();
        assertThat(key.renewal()).contains("apiKeyExpiresAt");
    }

    @Test
    void malformedOrdersNameTheFieldAndTheOrder() {
        org.w3c.dom.Element order = AuPayXml.parse("<orderInfo><orderId>123</orderId><orderDate>2026-05-01</orderDate>"
                + "<detail><unit>zero</unit></detail></orderInfo>").orElseThrow().getDocumentElement();
        assertThatThrownBy(() -> AuPayOrderSource.orderDate(order, "123", "searchTradeInfoListProc"))
                .hasMessageContaining("order 123").hasMessageContaining("orderDate").hasMessageContaining("2026-05-01");
        org.w3c.dom.Element detail = AuPayXml.children(order, "detail").get(0);
        assertThatThrownBy(() -> AuPayOrderSource.quantity(detail, "123", "searchTradeInfoListProc"))
                .hasMessageContaining("order 123").hasMessageContaining("unit").hasMessageContaining("zero");
    }

    @Test
    void xmlWithADoctypeIsRefused() {
        assertThat(AuPayXml.parse("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<response>&x;</response>")).isEmpty();
    }
}
