package dev.zaiko.channel.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.WebhookVerifier.WebhookRequest;
import dev.zaiko.testsupport.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShopifyWebhookOrdersTest {
    private static final String LOCATION = "655441491";

    /** Variant -> inventory item as Shopify would answer, recording what was asked. */
    private static final class FakeVariants implements ShopifyVariantItems {
        final Map<String, String> known;
        final List<Collection<String>> asked = new ArrayList<>();

        FakeVariants(Map<String, String> known) {
            this.known = known;
        }

        @Override
        public Map<String, String> inventoryItems(Collection<String> variantIds) {
            asked.add(List.copyOf(variantIds));
            Map<String, String> found = new HashMap<>();
            variantIds.forEach(v -> {
                if (known.containsKey(v)) {
                    found.put(v, known.get(v));
                }
            });
            return found;
        }
    }

    private static WebhookRequest delivery(String topic, byte[] body) {
        return new WebhookRequest(Map.of("x-shopify-topic", topic, "x-shopify-webhook-id", "w-1"), body);
    }

    @Test
    void shopifysOwnOrdersCreateSampleKeepsTheExactIdsFromTheGids() throws Exception {
        // The sample's numeric ids were rounded above 2^53 when it was scraped ("id": 820982911946154500);
        // admin_graphql_api_id still has the real one.
        byte[] body = new ObjectMapper().readTree(
                        SharedFixtures.read("shopify/webhook-orders-create-sample.gadget-metadata-2026-04.json"))
                .path("response").toString().getBytes(StandardCharsets.UTF_8);
        FakeVariants variants = new FakeVariants(Map.of());

        List<OrderEvent> events = new ShopifyWebhookOrders("shopify-main", LOCATION, variants)
                .ordersIn(delivery("orders/create", body));

        assertThat(events).hasSize(5);
        assertThat(events).extracting(OrderEvent::orderId).containsOnly("820982911946154508");
        // the order's name as the admin shows it, kept for the seller's screens
        assertThat(events).extracting(OrderEvent::orderName).containsOnly("#9999");
        assertThat(events).extracting(OrderEvent::lineId).containsExactly("487817672276298554",
                "789012345678901234", "890123456789012345", "976318377106520349", "315789986012684393");
        // cancelled_at is set in this sample: every line gives back what it held
        assertThat(events).extracting(OrderEvent::action).containsOnly(OrderAction.CANCEL);
        assertThat(events).extracting(OrderEvent::quantity).containsOnly(1);
        // variant_id is null here: no inventory item to look up, so the SKU fallback keys them
        assertThat(events).extracting(OrderEvent::itemKey).containsExactly("sku:SKU2006-001",
                "sku:LENS-PROTECT-2YR", "sku:CASE-LEATHER-PREM", "sku:SKU2006-020", "sku:SKU2006-035");
        assertThat(events.get(0).occurredAt()).isEqualTo(Instant.parse("2022-01-01T00:00:00Z"));
        assertThat(events.get(0).origin()).isEqualTo(EventOrigin.WEBHOOK);
        assertThat(variants.asked).isEmpty();
    }

    @Test
    void restOrderWithLinesEditedToZeroCancelsThoseLinesAndResolvesVariants() {
        byte[] body = SharedFixtures.read("shopify/rest-order-get-450789469-response.json")
                .getBytes(StandardCharsets.UTF_8);
        FakeVariants variants = new FakeVariants(Map.of("39072856", "808950810", "49148385", "39072856"));

        List<OrderEvent> events = new ShopifyWebhookOrders("shopify-main", LOCATION, variants)
                .ordersIn(delivery("orders/updated", body));

        assertThat(events).extracting(OrderEvent::lineId, OrderEvent::itemKey, OrderEvent::action, OrderEvent::quantity)
                .containsExactly(
                        tuple("466157049", "808950810@655441491", OrderAction.CANCEL, 1),
                        tuple("518995019", "39072856@655441491", OrderAction.RESERVE, 1),
                        // a variant Shopify does not know keeps its variant id, to be reported as unmapped
                        tuple("703073504", "variant:457924702", OrderAction.CANCEL, 1));
        assertThat(events).extracting(OrderEvent::orderId).containsOnly("450789469");
        assertThat(events.get(1).occurredAt()).isEqualTo(Instant.parse("2008-01-10T16:00:00Z"));
        assertThat(variants.asked).containsExactly(List.of("39072856", "49148385", "457924702"));
    }

    @Test
    void anonymisedRealCaptureParsesWithItsKeySetAndTimeFormat() {
        byte[] body = SharedFixtures.read("shopify/webhook-orders-real-anonymized-2025-04.gadget-exemplar.json")
                .getBytes(StandardCharsets.UTF_8);

        List<OrderEvent> events = new ShopifyWebhookOrders("shopify-main", LOCATION,
                new FakeVariants(Map.of("123", "808950810"))).ordersIn(delivery("orders/create", body));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.orderId()).isEqualTo("123"); // its admin_graphql_api_id is not a gid: the id is used
            assertThat(event.lineId()).isEqualTo("123");
            assertThat(event.itemKey()).isEqualTo("808950810@655441491");
            assertThat(event.action()).isEqualTo(OrderAction.RESERVE);
            assertThat(event.quantity()).isEqualTo(123);
            assertThat(event.occurredAt()).isEqualTo(Instant.parse("2019-01-01T00:00:00Z"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders/paid", "orders/fulfilled", "inventory_levels/update", "app/uninstalled", ""})
    void otherTopicsAreIgnoredNotErrors(String topic) {
        List<OrderEvent> events = new ShopifyWebhookOrders("shopify-main", LOCATION, new FakeVariants(Map.of()))
                .ordersIn(delivery(topic, "not even json".getBytes(StandardCharsets.UTF_8)));

        assertThat(events).isEmpty();
    }

    @Test
    void malformedBodiesNameTheFieldAndTheOrder() {
        ShopifyWebhookOrders orders = new ShopifyWebhookOrders("shopify-main", LOCATION, new FakeVariants(Map.of()));

        assertThatThrownBy(() -> orders.ordersIn(delivery("orders/create", "{\"id\":".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> orders.ordersIn(delivery("orders/create",
                "{\"id\":77,\"updated_at\":\"2026-05-01T12:00:00+09:00\",\"cancelled_at\":null}"
                        .getBytes(StandardCharsets.UTF_8))))
                .hasMessage("order 77: line_items is missing or not an array");
        assertThatThrownBy(() -> orders.ordersIn(delivery("orders/create",
                ("{\"id\":77,\"updated_at\":\"2026-05-01T12:00:00+09:00\",\"cancelled_at\":null,"
                        + "\"line_items\":[{\"id\":5,\"quantity\":\"two\",\"sku\":\"A\"}]}").getBytes(StandardCharsets.UTF_8))))
                .hasMessage("order 77 line_items[0]: quantity is missing or not a whole number");
        assertThatThrownBy(() -> orders.ordersIn(delivery("orders/create",
                "{\"id\":77,\"updated_at\":\"yesterday\",\"cancelled_at\":null,\"line_items\":[]}"
                        .getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("order 77: updated_at");
    }
}
