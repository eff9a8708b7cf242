package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.testsupport.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Amazon's own examples and sandbox answers (shared/fixtures/amazon-sp-api) parsed into exact order events. */
class AmazonFixturesTest {
    private static final String CHANNEL = "amazon-jp";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode ordersModel() throws Exception {
        return JSON.readTree(SharedFixtures.read("amazon-sp-api/orders_2026-01-01.json"));
    }

    private static JsonNode searchOrders200() throws Exception {
        return ordersModel().path("paths").path("/orders/2026-01-01/orders").path("get").path("responses").path("200");
    }

    private static JsonNode sandbox(JsonNode response, int index) {
        return response.path("x-amzn-api-sandbox").path("static").path(index).path("response");
    }

    private static OrderEvent event(String order, String line, String sku, int qty, OrderAction action,
                                    String status, String at, EventOrigin origin) {
        return new OrderEvent(CHANNEL, order, line, sku, qty, action, status, Instant.parse(at), origin);
    }

    @Test
    void searchOrdersExampleMerchantShippedKeepsBothLinesReserved() throws Exception {
        JsonNode example = searchOrders200().path("examples").path("application/json");

        assertThat(AmazonOrderSource.eventsIn(CHANNEL, example, EventOrigin.POLL)).containsExactly(
                event("123-4567890-1234567", "12345678901234", "ECHO-DOT-4-CHARCOAL", 2, OrderAction.RESERVE,
                        "SHIPPED", "2024-12-25T14:45:00Z", EventOrigin.POLL),
                event("123-4567890-1234567", "12345678901235", "FIRE-TV-4K-2021", 1, OrderAction.RESERVE,
                        "SHIPPED", "2024-12-25T14:45:00Z", EventOrigin.POLL));
        assertThat(example.path("pagination").path("nextToken").asText()).isEqualTo("2YgYW55IGNhcm5hbCBwbGVhc3VyZS4");
    }

    @Test
    void sandboxJapaneseFbaOrderIsIgnored() throws Exception {
        JsonNode response = sandbox(searchOrders200(), 0);

        assertThat(AmazonOrderSource.eventsIn(CHANNEL, response, EventOrigin.POLL)).containsExactly(
                event("250-1234567-8901234", "25012345678901", "ECHO-DOT-4-JP-CHARCOAL", 1, OrderAction.IGNORE,
                        "SHIPPED", "2024-12-25T06:45:00Z", EventOrigin.POLL),
                event("250-1234567-8901234", "25012345678902", "FIRE-TV-4K-MAX-JP", 2, OrderAction.IGNORE,
                        "SHIPPED", "2024-12-25T06:45:00Z", EventOrigin.POLL));
    }

    @Test
    void sandboxSecondPageAndUnshippedOrder() throws Exception {
        assertThat(AmazonOrderSource.eventsIn(CHANNEL, sandbox(searchOrders200(), 1), EventOrigin.POLL)).containsExactly(
                event("202-7654321-1098765", "20276543210987", "ECHO-DOT-4-UK-CHARCOAL-SINGLE", 1, OrderAction.RESERVE,
                        "SHIPPED", "2024-12-24T18:45:00Z", EventOrigin.POLL));
        assertThat(AmazonOrderSource.eventsIn(CHANNEL, sandbox(searchOrders200(), 2), EventOrigin.POLL)).containsExactly(
                event("171-2345678-9012345", "17123456789012", "DELL-I15-BR-001", 1, OrderAction.RESERVE,
                        "UNSHIPPED", "2024-12-23T10:00:00Z", EventOrigin.POLL));
    }

    @Test
    void getOrderAnswersParseToo() throws Exception {
        JsonNode getOrder200 = ordersModel().path("paths").path("/orders/2026-01-01/orders/{orderId}").path("get")
                .path("responses").path("200");

        assertThat(AmazonOrderSource.eventsIn(CHANNEL, getOrder200.path("examples").path("application/json"),
                EventOrigin.POLL)).containsExactly(
                event("202-1234567-8901234", "20212345678901", "ECHO-DOT-4-UK-CHARCOAL-3PACK", 3, OrderAction.RESERVE,
                        "SHIPPED", "2024-12-25T16:30:00Z", EventOrigin.POLL));
        assertThat(AmazonOrderSource.eventsIn(CHANNEL, sandbox(getOrder200, 0), EventOrigin.POLL)).containsExactly(
                event("171-9876543-2109876", "17198765432109", "ECHO-DOT-4-BR-PRETO", 1, OrderAction.RESERVE,
                        "UNSHIPPED", "2024-12-25T08:15:00Z", EventOrigin.POLL));
    }

    @Test
    void orderWithoutFulfillmentDataIsRefusedNamingFieldAndOrder() throws Exception {
        ObjectNode response = (ObjectNode) sandbox(searchOrders200(), 2).deepCopy();
        ((ObjectNode) response.path("orders").path(0)).remove("fulfillment");

        assertThatThrownBy(() -> AmazonOrderSource.eventsIn(CHANNEL, response, EventOrigin.POLL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("171-2345678-9012345")
                .hasMessageContaining("fulfillment.fulfillmentStatus");
    }

    /** Review bullet: {@code product.sellerSku} is optional in orders_2026-01-01.json; one such line must not stop the page. */
    @Test
    void lineWithoutSellerSkuBecomesAnUnmappedKeyAndTheRestOfThePageStays() throws Exception {
        ObjectNode response = (ObjectNode) searchOrders200().path("examples").path("application/json").deepCopy();
        ((ObjectNode) response.path("orders").path(0).path("orderItems").path(0).path("product")).remove("sellerSku");
        ObjectNode noAsinEither = (ObjectNode) response.path("orders").path(0).path("orderItems").path(1).path("product");
        noAsinEither.remove("sellerSku");
        noAsinEither.remove("asin");

        assertThat(AmazonOrderSource.eventsIn(CHANNEL, response, EventOrigin.POLL)).containsExactly(
                event("123-4567890-1234567", "12345678901234", "asin:B08N5WRWNW", 2, OrderAction.RESERVE,
                        "SHIPPED", "2024-12-25T14:45:00Z", EventOrigin.POLL),
                event("123-4567890-1234567", "12345678901235", "line:12345678901235", 1, OrderAction.RESERVE,
                        "SHIPPED", "2024-12-25T14:45:00Z", EventOrigin.POLL));
    }

    /**
     * Issue 15 defect 2 (Amazon partial cancellation): Amazon's example order, then the same order an
     * hour later with one of the two ECHO units cancelled (fulfilled 0 + unfulfilled 1). The second
     * read is a revision of the line (ordered by lastUpdatedTime) and the ledger gives back exactly the
     * cancelled unit, in either delivery order and under redelivery.
     */
    @Test
    void aPartialCancellationIsARevisionThatGivesBackExactlyTheCancelledUnits() throws Exception {
        ObjectNode before = (ObjectNode) searchOrders200().path("examples").path("application/json").deepCopy();
        ObjectNode order = (ObjectNode) before.path("orders").path(0);
        order.with("fulfillment").put("fulfillmentStatus", "UNSHIPPED");
        ObjectNode after = before.deepCopy();
        ObjectNode cutOrder = (ObjectNode) after.path("orders").path(0);
        cutOrder.put("lastUpdatedTime", "2024-12-25T15:45:00Z");
        ObjectNode echo = (ObjectNode) cutOrder.path("orderItems").path(0);
        echo.with("fulfillment").put("quantityFulfilled", 0).put("quantityUnfulfilled", 1);

        OrderEvent ordered = AmazonOrderSource.eventsIn(CHANNEL, before, EventOrigin.POLL).get(0);
        OrderEvent cut = AmazonOrderSource.eventsIn(CHANNEL, after, EventOrigin.POLL).get(0);
        assertThat(ordered.quantity()).isEqualTo(2);
        assertThat(cut.quantity()).isEqualTo(1);
        assertThat(cut.action()).isEqualTo(OrderAction.RESERVE);
        assertThat(cut.revision()).isEqualTo(Instant.parse("2024-12-25T15:45:00Z"));
        assertThat(cut.revision()).isAfter(ordered.revision());

        for (java.util.List<OrderEvent> delivery : java.util.List.of(java.util.List.of(ordered, cut),
                java.util.List.of(cut, ordered))) {
            java.time.Clock clock = java.time.Clock.systemUTC();
            try (dev.zaiko.config.SqlStores stores = dev.zaiko.config.SqlStores.temporary(clock)) {
                dev.zaiko.app.LedgerService ledger = new dev.zaiko.app.LedgerService(stores.stockLedger(),
                        requests -> { }, clock);
                ledger.define("ECHO", 10, java.util.Optional.empty(), java.util.Optional.empty(),
                        java.util.Optional.empty(), dev.zaiko.domain.ChangeSource.admin("test"));
                ledger.mapListing(new dev.zaiko.domain.ListingKey(CHANNEL, "ECHO-DOT-4-CHARCOAL"),
                        java.util.List.of(new dev.zaiko.domain.Component("ECHO", 1)), false);
                delivery.forEach(ledger::apply);
                delivery.forEach(ledger::apply);
                assertThat(stores.stockLedger().readStock(java.util.List.of("ECHO")).get("ECHO").available())
                        .as("delivered %s", delivery.stream().map(OrderEvent::quantity).toList()).isEqualTo(9);
            }
        }
    }

    /** Review bullet: {@code fulfillment.fulfilledBy} is optional; without it the order is merchant-fulfilled. */
    @Test
    void orderWithoutFulfilledByIsTreatedAsMerchantFulfilled() throws Exception {
        ObjectNode fba = (ObjectNode) sandbox(searchOrders200(), 0).deepCopy();
        ((ObjectNode) fba.path("orders").path(0).path("fulfillment")).remove("fulfilledBy");

        assertThat(AmazonOrderSource.eventsIn(CHANNEL, fba, EventOrigin.POLL))
                .extracting(OrderEvent::action, OrderEvent::itemKey)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(OrderAction.RESERVE, "ECHO-DOT-4-JP-CHARCOAL"),
                        org.assertj.core.groups.Tuple.tuple(OrderAction.RESERVE, "FIRE-TV-4K-MAX-JP"));
    }

    @Test
    void unknownFulfilledByIsStillRefusedNamingIt() throws Exception {
        ObjectNode response = (ObjectNode) sandbox(searchOrders200(), 2).deepCopy();
        ((ObjectNode) response.path("orders").path(0).path("fulfillment")).put("fulfilledBy", "ROBOT");

        assertThatThrownBy(() -> AmazonOrderSource.eventsIn(CHANNEL, response, EventOrigin.POLL))
                .hasMessageContaining("171-2345678-9012345").hasMessageContaining("fulfilledBy 'ROBOT'");
    }

    // ------------------------------------------------------------------ ORDER_CHANGE

    private static ObjectNode orderChangeExample() throws Exception {
        return (ObjectNode) JSON.readTree(SharedFixtures.read("amazon-sp-api/OrderChangeNotification.json"))
                .path("examples").path(0);
    }

    private static ObjectNode summary(ObjectNode notification) {
        return (ObjectNode) notification.path("Payload").path("OrderChangeNotification").path("Summary");
    }

    @Test
    void orderChangeExampleBuyerRequestedCancelStillReservesUntilAmazonCancels() throws Exception {
        AmazonOrderChangeParser.OrderChange change =
                AmazonOrderChangeParser.parse(CHANNEL, orderChangeExample().toString());

        assertThat(change.notificationId()).isEqualTo("d0e9e693-c3ad-4373-979f-ed4ec98dd746");
        assertThat(change.sellerId()).isEqualTo("A3TH9S8BH6GOGM");
        assertThat(change.orderId()).isEqualTo("903-8868176-2219830");
        assertThat(change.changeType()).isEqualTo("BuyerRequestedChange");
        assertThat(change.changeReason()).isEqualTo("Buyer Requested Cancel");
        assertThat(change.events()).containsExactly(
                event("903-8868176-2219830", "OIID34853450", "SellerSKUID1", 10, OrderAction.RESERVE,
                        "Unshipped BuyerRequestedCancel", "2022-11-29T19:42:04.284Z", EventOrigin.NOTIFICATION));
    }

    @Test
    void orderChangeWithoutCancelRequestReserves() throws Exception {
        ObjectNode notification = orderChangeExample();
        ((ObjectNode) summary(notification).path("OrderItems").path(0)).put("IsBuyerRequestedCancel", false);

        assertThat(AmazonOrderChangeParser.parse(CHANNEL, notification.toString()).events())
                .extracting(OrderEvent::action, OrderEvent::mallStatus, OrderEvent::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OrderAction.RESERVE, "Unshipped", 10));
    }

    @Test
    void orderChangeCanceledStatusCancelsAndAfnIsIgnored() throws Exception {
        ObjectNode canceled = orderChangeExample();
        summary(canceled).put("OrderStatus", "Canceled");
        ((ObjectNode) summary(canceled).path("OrderItems").path(0)).put("IsBuyerRequestedCancel", false);
        ObjectNode afn = orderChangeExample();
        summary(afn).put("FulfillmentType", "AFN");

        assertThat(AmazonOrderChangeParser.parse(CHANNEL, canceled.toString()).events())
                .extracting(OrderEvent::action).containsExactly(OrderAction.CANCEL);
        assertThat(AmazonOrderChangeParser.parse(CHANNEL, afn.toString()).events())
                .extracting(OrderEvent::action).containsExactly(OrderAction.IGNORE);
    }

    @Test
    void orderChangeWithoutTimeOfChangeFallsBackToEventTime() throws Exception {
        ObjectNode notification = orderChangeExample();
        ((ObjectNode) notification.path("Payload").path("OrderChangeNotification").path("OrderChangeTrigger"))
                .putNull("TimeOfOrderChange");

        assertThat(AmazonOrderChangeParser.parse(CHANNEL, notification.toString()).events().get(0).occurredAt())
                .isEqualTo(Instant.parse("2020-01-11T00:09:53.109Z"));
    }

    @Test
    void malformedOrderChangeNamesTheFieldAndOrder() throws Exception {
        ObjectNode noSku = orderChangeExample();
        ((ObjectNode) summary(noSku).path("OrderItems").path(0)).remove("SellerSKU");
        ObjectNode noId = orderChangeExample();
        ((ObjectNode) noId.path("NotificationMetadata")).remove("NotificationId");
        ObjectNode otherType = orderChangeExample();
        otherType.put("NotificationType", "ANY_OFFER_CHANGED");

        assertThatThrownBy(() -> AmazonOrderChangeParser.parse(CHANNEL, noSku.toString()))
                .hasMessageContaining("903-8868176-2219830").hasMessageContaining("OrderItems[OIID34853450].SellerSKU");
        assertThatThrownBy(() -> AmazonOrderChangeParser.parse(CHANNEL, noId.toString()))
                .hasMessageContaining("NotificationMetadata.NotificationId");
        assertThatThrownBy(() -> AmazonOrderChangeParser.parse(CHANNEL, otherType.toString()))
                .hasMessageContaining("ANY_OFFER_CHANGED");
        assertThatThrownBy(() -> AmazonOrderChangeParser.parse(CHANNEL, "{not json"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
