package dev.zaiko.channel.mercari;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The status table, one test per row, and the order parser's handling of what Mercari sends. */
class MercariStatusesTest {
    private final ObjectMapper json = new ObjectMapper();
    private final MercariOrderParser parser = new MercariOrderParser("mercari-main");

    @ParameterizedTest(name = "{0} -> {1}, closes={2}")
    @CsvSource({
            "WAITING_FOR_PAYMENT,  RESERVE, false",
            "WAITING_FOR_SHIPPING, RESERVE, false",
            "CANCELING,            RESERVE, false",
            "COMPLETING,           RESERVE, false",
            "COMPLETED,            RESERVE, true",
            "CANCELED,             CANCEL,  true",
    })
    void eachStatusRow(String status, OrderAction action, boolean closes) throws Exception {
        MercariStatuses.Row row = MercariStatuses.lookup(status).orElseThrow();
        assertThat(row.action()).isEqualTo(action);
        assertThat(row.closes()).isEqualTo(closes);

        MercariOrderParser.ParsedOrder parsed = parser.parse(order("ot_1", status, 2), EventOrigin.POLL);
        assertThat(parsed.events()).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo(action);
            assertThat(event.mallStatus()).isEqualTo(status);
        });
    }

    @Test
    void theTableHasExactlyTheDocumentedStatuses() {
        assertThat(MercariStatuses.table()).containsOnlyKeys("WAITING_FOR_PAYMENT", "WAITING_FOR_SHIPPING",
                "CANCELING", "COMPLETING", "COMPLETED", "CANCELED");
    }

    @Test
    void anUnknownStatusChangesNothingAndKeepsTheOrderOpen() throws Exception {
        MercariOrderParser.ParsedOrder parsed = parser.parse(order("ot_9", "ON_HOLD", 1), EventOrigin.POLL);
        assertThat(parsed.row().closes()).isFalse();
        assertThat(parsed.events()).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo(OrderAction.IGNORE));
    }

    @Test
    void aLineBecomesAnEventKeyedBySkuCode() throws Exception {
        OrderEvent event = parser.parse(order("ot_7", "WAITING_FOR_SHIPPING", 3), EventOrigin.WEBHOOK).events().get(0);
        assertThat(event.channelId()).isEqualTo("mercari-main");
        assertThat(event.orderId()).isEqualTo("ot_7");
        assertThat(event.lineId()).isEqualTo("var_1");
        assertThat(event.itemKey()).isEqualTo("SKU-1");
        assertThat(event.quantity()).isEqualTo(3);
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-03-01T01:02:03Z"));
        assertThat(event.origin()).isEqualTo(EventOrigin.WEBHOOK);
    }

    @Test
    void malformedNodesNameTheFieldAndTheOrder() throws Exception {
        JsonNode noSku = json.readTree("""
                {"id":"ot_5","status":"WAITING_FOR_SHIPPING","createdAt":"2026-03-01T10:02:03+09:00",
                 "products":[{"productId":"p","variant":{"id":"v"}}]}""");
        assertThatThrownBy(() -> parser.parse(noSku, EventOrigin.POLL))
                .hasMessageContaining("ot_5").hasMessageContaining("products[0].variant.skuCode");

        JsonNode twoSkusForOneVariant = json.readTree("""
                {"id":"ot_6","status":"WAITING_FOR_SHIPPING","createdAt":"2026-03-01T10:02:03+09:00",
                 "products":[{"productId":"p","variant":{"id":"v","skuCode":"S"}},
                             {"productId":"p","variant":{"id":"v","skuCode":"T"}}]}""");
        assertThatThrownBy(() -> parser.parse(twoSkusForOneVariant, EventOrigin.POLL))
                .hasMessageContaining("ot_6").hasMessageContaining("products[1].variant.skuCode");

        JsonNode badDate = json.readTree("""
                {"id":"ot_8","status":"COMPLETED","createdAt":"yesterday","products":[]}""");
        assertThatThrownBy(() -> parser.parse(badDate, EventOrigin.POLL))
                .hasMessageContaining("ot_8").hasMessageContaining("createdAt");
    }

    /** Mercari's order products carry no quantity: {@code quantity} units are that many products. */
    private JsonNode order(String id, String status, int quantity) throws Exception {
        String product = "{\"productId\":\"prd_1\",\"variant\":{\"id\":\"var_1\",\"skuCode\":\"SKU-1\"}}";
        return json.readTree("""
                {"id":"%s","status":"%s","createdAt":"2026-03-01T10:02:03+09:00","products":[%s]}"""
                .formatted(id, status, String.join(",", java.util.Collections.nCopies(quantity, product))));
    }
}
