package dev.zaiko.channel.shopify;

import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.SellerScreen;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ShopifySellerScreenTest {
    final SellerScreen screen = ChannelAdapterFactory.all().get("shopify")
            .sellerScreen(Map.of("shopDomain", "demo.myshopify.com", "locationId", "655441491"));

    @Test
    void anOrderLinksToTheStoresAdminByItsNumericIdWhetherKeyedByNumberOrGid() {
        assertThat(screen.order("5200000102")).contains(new SellerScreen.OrderLink(
                java.net.URI.create("https://demo.myshopify.com/admin/orders/5200000102"), true));
        assertThat(screen.order("gid://shopify/Order/450789469")).map(l -> l.url().toString())
                .contains("https://demo.myshopify.com/admin/orders/450789469");
        assertThat(screen.order("gid://shopify/LineItem/1")).isEmpty();
        assertThat(screen.order("#1001")).isEmpty();
    }

    @Test
    void aSimulatorOrAForeignDomainGetsNoLink() {
        ChannelAdapterFactory shopify = ChannelAdapterFactory.all().get("shopify");
        assertThat(shopify.sellerScreen(Map.of("baseUrl", "http://127.0.0.1:8080")).order("5200000102")).isEmpty();
        assertThat(shopify.sellerScreen(Map.of("shopDomain", "evil.example.com/x?")).order("5200000102")).isEmpty();
    }

    @Test
    void theNameOfAQuarantinedOrderIsReadFromItsRawTextWhenItIsWhole() {
        assertThat(screen.orderName("{\"id\":\"gid://shopify/Order/1\",\"name\":\"#1001\",\"lineItems\":{}}"))
                .contains("#1001");
        assertThat(screen.orderName("{\"id\":\"gid://shopify/Order/1\",\"name\":\"#10")).isEqualTo(Optional.empty());
        assertThat(screen.orderName("{\"id\":1}")).isEmpty();
    }
}
