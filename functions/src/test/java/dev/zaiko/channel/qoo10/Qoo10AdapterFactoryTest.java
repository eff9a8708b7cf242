package dev.zaiko.channel.qoo10;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.InMemoryOpenOrders;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.CredentialStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No sockets: wiring, secrets, credential expiry, the re-check rotation and row validation. */
class Qoo10AdapterFactoryTest {
    private static final Instant NOW = Instant.parse("2026-05-01T01:00:00Z");

    private static ChannelSettings settings(Map<String, String> credentials) {
        return new ChannelSettings("qoo10-main", "qoo10", credentials, Map.of(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void registeredUnderItsType() {
        assertThat(ChannelAdapterFactory.all()).containsKey("qoo10");
        assertThat(ChannelAdapterFactory.all().get("qoo10")).isInstanceOf(Qoo10AdapterFactory.class);
    }

    @Test
    void secretWithoutAWayToGetASellerKeyIsRefusedNamingTheKeys() {
        assertThatThrownBy(() -> new Qoo10AdapterFactory().create(settings(Map.of("apiKey", "k")),
                new InMemoryOpenOrders()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("qoo10-main").hasMessageContaining("sellerAuthKey").hasMessageContaining("userId");
        assertThatThrownBy(() -> new Qoo10AdapterFactory().create(settings(Map.of("sellerAuthKey", "s")),
                new InMemoryOpenOrders()))
                .hasMessageContaining("'apiKey'");
    }

    @Test
    void apiKeyExpiryIsWarnedFourteenDaysAhead() {
        ChannelAdapter adapter = new Qoo10AdapterFactory().create(settings(Map.of("apiKey", "k",
                "sellerAuthKey", "s", "apiKeyExpiresAt", "2026-05-20")), new InMemoryOpenOrders());
        CredentialStatus apiKey = adapter.credentials().get(0);
        Instant expiry = Instant.parse("2026-05-19T15:00:00Z"); // 2026-05-20 00:00 JST
        assertThat(apiKey.expiresAt()).contains(expiry);
        assertThat(apiKey.needsRenewal(expiry.minus(java.time.Duration.ofDays(15)))).isFalse();
        assertThat(apiKey.needsRenewal(expiry.minus(java.time.Duration.ofDays(14)))).isTrue();
        assertThat(adapter.credentials().get(1).expiresAt()).isEmpty();
    }

    @Test
    void issueDatePlusAYearWhenNoExpiryIsGiven() {
        ChannelAdapter adapter = new Qoo10AdapterFactory().create(settings(Map.of("apiKey", "k",
                "userId", "u", "password", "p", "apiKeyIssuedAt", "2025-06-01T00:00:00Z")), new InMemoryOpenOrders());
        assertThat(adapter.credentials().get(0).expiresAt()).contains(Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(adapter.credentials().get(1).renewal()).contains("automatically");
    }

    @Test
    void recheckRotationVisitsEveryOpenOrder() {
        Set<String> open = Set.of("101", "102", "103", "104", "105", "106", "107");
        Set<String> seen = new java.util.HashSet<>();
        for (int minute = 0; minute < 4; minute++) {
            List<String> picked = Qoo10OrderSource.pickForRecheck(open, 2, NOW.plusSeconds(60L * minute));
            assertThat(picked).hasSize(2);
            seen.addAll(picked);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(open);
        assertThat(Qoo10OrderSource.pickForRecheck(Set.of("9", "10"), 5, NOW)).containsExactly("9", "10");
    }

    @Test
    void malformedRowsNameTheFieldAndTheOrder() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThatThrownBy(() -> Qoo10Rows.quantity(json.readTree("{\"OrderNo\":123,\"OrderQty\":\"two\"}"),
                "ShippingBasic.GetShippingInfo_v3", "123", "OrderQty"))
                .hasMessageContaining("order 123").hasMessageContaining("OrderQty").hasMessageContaining("two");
        assertThatThrownBy(() -> Qoo10Rows.orderNo(json.readTree("{\"OrderQty\":1}"), "ShippingBasic.GetShippingInfo_v3", 4))
                .hasMessageContaining("row 4").hasMessageContaining("OrderNo is missing");
        assertThatThrownBy(() -> Qoo10Rows.required(json.readTree("{}"), "m", "55", "ItemNo", "ItemNo"))
                .hasMessageContaining("order 55: ItemNo is missing");
    }
}
