package dev.zaiko.channel.makeshop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deliveryStatus table, one test per row, and the order parser. */
class MakeshopStatusesTest {
    private final ObjectMapper json = new ObjectMapper();
    private final MakeshopOrderParser parser = new MakeshopOrderParser("makeshop-main");

    @ParameterizedTest(name = "{0} -> {1}, closes={2}")
    @CsvSource({
            "N, RESERVE, false",
            "Y, RESERVE, true",
            "C, CANCEL,  true",
            "R, RESERVE, true",
    })
    void eachStatusRow(String status, OrderAction action, boolean closes) throws Exception {
        MakeshopStatuses.Row row = MakeshopStatuses.lookup(status).orElseThrow();
        assertThat(row.action()).isEqualTo(action);
        assertThat(row.closes()).isEqualTo(closes);

        MakeshopOrderParser.ParsedOrder parsed = parser.parse(order(status, "20260301120000"), EventOrigin.POLL);
        assertThat(parsed.closes()).isEqualTo(closes);
        assertThat(parsed.events()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(action);
            assertThat(e.mallStatus()).isEqualTo(status);
        });
    }

    @Test
    void theTableHasExactlyTheDocumentedStatuses() {
        assertThat(MakeshopStatuses.table()).containsOnlyKeys("N", "Y", "C", "R");
    }

    @Test
    void anUnknownStatusIsIgnoredAndKeepsTheOrderOpen() throws Exception {
        MakeshopOrderParser.ParsedOrder parsed = parser.parse(order("X", "20260301120000"), EventOrigin.POLL);
        assertThat(parsed.closes()).isFalse();
        assertThat(parsed.events().get(0).action()).isEqualTo(OrderAction.IGNORE);
    }

    @Test
    void aBasketLineBecomesAnEventWithAJstOrderDateAndAVariationKey() throws Exception {
        MakeshopOrderParser.ParsedOrder parsed = parser.parse(order("N", "20260301120000"), EventOrigin.POLL);
        OrderEvent event = parsed.events().get(0);
        assertThat(event.orderId()).isEqualTo("SO1");
        assertThat(event.lineId()).isEqualTo("0-0");
        assertThat(event.itemKey()).isEqualTo("000000002443:RED-M");
        assertThat(event.quantity()).isEqualTo(2);
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-03-01T03:00:00Z"));
        assertThat(parsed.openKey()).isEqualTo("20260301120000:SO1");
        assertThat(MakeshopOrderParser.orderDate("2026-03-01 12:00:00", "x")).isEqualTo(Instant.parse("2026-03-01T03:00:00Z"));
        assertThat(MakeshopOrderParser.orderDate("2026/03/01 12:00:00", "x")).isEqualTo(Instant.parse("2026-03-01T03:00:00Z"));
    }

    @Test
    void aSimpleProductsNullVariationIsNoPartOfItsKey() throws Exception {
        JsonNode simple = json.readTree("""
                {"systemOrderNumber":"SO2","orderDate":"20260301120000",
                 "deliveryInfos":[{"deliveryStatus":"N",
                   "basketInfos":[{"productCode":"000000000102","variationCustomCode":null,"amount":1}]}]}""");

        assertThat(parser.parse(simple, EventOrigin.POLL).events().get(0).itemKey()).isEqualTo("000000000102");
    }

    @Test
    void itemKeysSplitIntoSystemCodeAndVariation() {
        assertThat(MakeshopItemKey.parse("000000002443")).isEqualTo(new MakeshopItemKey("000000002443", Optional.empty()));
        assertThat(MakeshopItemKey.parse("000000002443:RED-M").variationCode()).hasValue("RED-M");
        assertThat(MakeshopItemKey.of("000000002443", "")).isEqualTo("000000002443");
    }

    @Test
    void malformedOrdersNameTheFieldAndTheOrder() throws Exception {
        JsonNode noAmount = json.readTree("""
                {"systemOrderNumber":"SO9","orderDate":"20260301120000",
                 "deliveryInfos":[{"deliveryStatus":"N","basketInfos":[{"productCode":"P1"}]}]}""");
        assertThatThrownBy(() -> parser.parse(noAmount, EventOrigin.POLL))
                .hasMessageContaining("SO9").hasMessageContaining("deliveryInfos[0].basketInfos[0].amount");
        JsonNode badDate = json.readTree("""
                {"systemOrderNumber":"SO8","orderDate":"1 March","deliveryInfos":[{"deliveryStatus":"N","basketInfos":[]}]}""");
        assertThatThrownBy(() -> parser.parse(badDate, EventOrigin.POLL))
                .hasMessageContaining("SO8").hasMessageContaining("orderDate");
        JsonNode noDeliveries = json.readTree("""
                {"systemOrderNumber":"SO7","orderDate":"20260301120000"}""");
        assertThatThrownBy(() -> parser.parse(noDeliveries, EventOrigin.POLL))
                .hasMessageContaining("SO7").hasMessageContaining("deliveryInfos");
    }

    private JsonNode order(String status, String date) throws Exception {
        return json.readTree("""
                {"systemOrderNumber":"SO1","displayOrderNumber":"D1","orderDate":"%s",
                 "deliveryInfos":[{"deliveryStatus":"%s",
                   "basketInfos":[{"productCode":"000000002443","variationCustomCode":"RED-M","amount":2}]}]}"""
                .formatted(date, status));
    }
}
