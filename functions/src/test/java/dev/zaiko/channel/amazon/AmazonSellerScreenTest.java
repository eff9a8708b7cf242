package dev.zaiko.channel.amazon;

import dev.zaiko.domain.channel.ChannelAdapterFactory;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AmazonSellerScreenTest {
    final ChannelAdapterFactory amazon = ChannelAdapterFactory.all().get("amazon");

    @Test
    void aJapaneseOrderLinksToSellerCentralsOrderDetails() {
        assertThat(amazon.sellerScreen(Map.of()).order("503-1234567-7654321"))
                .map(l -> l.url().toString() + " " + l.confirmed())
                .contains("https://sellercentral.amazon.co.jp/orders-v3/order/503-1234567-7654321 true");
    }

    @Test
    void anotherMarketplaceOrAnIdOfAnotherShapeGetsNoLink() {
        assertThat(amazon.sellerScreen(Map.of("marketplaceId", "ATVPDKIKX0DER")).order("503-1234567-7654321"))
                .isEmpty();
        assertThat(amazon.sellerScreen(Map.of()).order("503-1234567-7654321/../x")).isEmpty();
        assertThat(amazon.sellerScreen(Map.of()).orderName("{}")).isEmpty();
    }
}
