package dev.zaiko.channel.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ShopifyItemKeyTest {
    @Test
    void aKeyIsTheInventoryItemAndLocationNumbers() {
        ShopifyItemKey key = ShopifyItemKey.parse("808950810@655441491").orElseThrow();

        assertThat(key.inventoryItemGid()).isEqualTo("gid://shopify/InventoryItem/808950810");
        assertThat(key.locationGid()).isEqualTo("gid://shopify/Location/655441491");
        assertThat(key.key()).isEqualTo("808950810@655441491");
    }

    @ParameterizedTest
    @ValueSource(strings = {"808950810", "sku:ABC", "a@1", "1@b", "1@2@3", "@1", "1@"})
    void otherTextIsNotAKey(String text) {
        assertThat(ShopifyItemKey.parse(text)).isEmpty();
    }

    @Test
    void gidsAreReadOnlyForTheirType() {
        assertThat(ShopifyIds.numeric("gid://shopify/Order/820982911946154508", "Order")).contains("820982911946154508");
        assertThat(ShopifyIds.numeric("gid://shopify/LineItem/1", "Order")).isEmpty();
        assertThat(ShopifyIds.numeric("https://www.example.com/", "Order")).isEmpty();
        assertThat(ShopifyIds.locationNumeric("gid://shopify/Location/655441491")).isEqualTo("655441491");
        assertThat(ShopifyIds.locationNumeric("655441491")).isEqualTo("655441491");
    }

    @Test
    void theOrderWindowIsHalfOpenOnUpdatedAt() {
        assertThat(ShopifyOrderSource.searchQuery(Instant.parse("2026-05-01T00:00:00.123Z"),
                Instant.parse("2026-05-01T00:05:00Z")))
                .isEqualTo("updated_at:>='2026-05-01T00:00:00Z' updated_at:<'2026-05-01T00:05:00Z'");
    }

    @Test
    void aUserErrorPointsAtItsEntry() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(ShopifyStockSink.position(json.readTree("[\"input\",\"quantities\",\"3\",\"changeFromQuantity\"]")))
                .isEqualTo(3);
        assertThat(ShopifyStockSink.position(json.readTree("[\"input\",\"name\"]"))).isEqualTo(-1);
        assertThat(ShopifyStockSink.position(json.readTree("null"))).isEqualTo(-1);
    }

    @Test
    void theOrdersQueryFitsShopifysSingleQueryCostLimit() {
        assertThat(ShopifyApi.ORDERS_COST).isLessThanOrEqualTo(1000);
        assertThat(ShopifyApi.ORDER_LINES_COST).isLessThanOrEqualTo(1000);
        assertThat(ShopifyApi.NODES_COST).isLessThanOrEqualTo(1000);
    }
}
