package dev.zaiko.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderEventCodecTest {
    final OrderEventCodec codec = new OrderEventCodec(new ObjectMapper());

    @Test
    void roundTrips() {
        OrderEvent event = new OrderEvent("rakuten-main", "123-456", "1", "shirt:red-m", 2, OrderAction.RESERVE,
                "300", Instant.parse("2026-11-23T01:02:03Z"), EventOrigin.POLL);

        assertThat(codec.fromJson(codec.toJson(event))).isEqualTo(event);
    }

    @Test
    void theOrdersDisplayNameTravelsOnlyWhenTheMallHasOne() {
        OrderEvent plain = new OrderEvent("shopify-main", "5200000102", "1", "808950810@655441491", 1,
                OrderAction.RESERVE, "open", Instant.parse("2026-11-23T01:02:03Z"), EventOrigin.WEBHOOK);
        OrderEvent named = plain.withOrderName("  #1001 ");

        assertThat(codec.toJson(plain)).doesNotContain("orderName");
        assertThat(codec.toJson(named)).contains("\"orderName\":\"#1001\"");
        assertThat(codec.fromJson(codec.toJson(named))).isEqualTo(named);
        assertThat(codec.fromJson(codec.toJson(named)).orderName()).isEqualTo("#1001");
        assertThat(plain.withOrderName("#".repeat(100)).orderName()).hasSize(OrderEvent.MAX_ORDER_NAME);
    }

    @Test
    void theDocumentedExampleParses() throws Exception {
        String body = Files.readString(Path.of("../events/orders/order-event-reserve.json"));

        OrderEvent event = codec.fromJson(body);

        assertThat(event.channelId()).isEqualTo("rakuten-main");
        assertThat(event.lineKey()).isEqualTo("rakuten-main#388001-20261123-0000001#1");
        assertThat(event.action()).isEqualTo(OrderAction.RESERVE);
        assertThat(event.quantity()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json                 | {nope                                    | not valid JSON at line 1",
            "array                    | []                                       | must be a JSON object",
            "wrong version            | {\"version\":2}                          | field 'version' must be 1",
            "missing order id         | {\"version\":1,\"channelId\":\"a\"}      | field 'orderId' is missing",
            "negative quantity        | BASE,\"quantity\":-1}                    | order a/o-1/1: quantity must be between 1 and 100000 (got -1)",
            "huge quantity            | BASE,\"quantity\":99999999999}           | order a/o-1/1: field 'quantity' is out of range",
            "fractional quantity      | BASE,\"quantity\":1.5}                   | field 'quantity' must be an integer",
            "unknown action           | BASE,\"quantity\":1,\"action\":\"SHIP\"} | field 'action' has unknown value 'SHIP'",
            "hash in order id         | HASH                                     | orderId must not contain '#'",
    })
    void malformedEventsAreRefusedNamingTheFieldAndTheOrder(String name, String body, String message) {
        String base = "{\"version\":1,\"channelId\":\"a\",\"orderId\":\"o-1\",\"lineId\":\"1\",\"itemKey\":\"k\","
                + "\"occurredAt\":\"2026-11-23T00:00:00Z\",\"action\":\"RESERVE\"";
        String json = body.replace("BASE,", base + ",")
                .replace("HASH", "{\"version\":1,\"channelId\":\"a\",\"orderId\":\"o#1\",\"lineId\":\"1\",\"itemKey\":\"k\","
                        + "\"quantity\":1,\"action\":\"RESERVE\",\"occurredAt\":\"2026-11-23T00:00:00Z\"}");

        assertThatThrownBy(() -> codec.fromJson(json))
                .isInstanceOf(OrderEventCodec.MalformedEventException.class)
                .hasMessageContaining(message);
    }

    @Test
    void oversizedBodiesAreRefusedBeforeParsing() {
        assertThatThrownBy(() -> codec.fromJson("{\"x\":\"" + "a".repeat(20_000) + "\"}"))
                .hasMessageContaining("more than 16384");
    }
}
