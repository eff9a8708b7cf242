package dev.zaiko.channel.mercari;

import dev.zaiko.domain.channel.ChannelAdapterFactory;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MercariSellerScreenTest {
    final ChannelAdapterFactory mercari = ChannelAdapterFactory.all().get("mercari");

    @Test
    void withTheShopIdAnOrderLinksToTheSellerScreenMarkedUnconfirmed() {
        assertThat(mercari.sellerScreen(Map.of("shopId", "qWn7JdhbsaotJpySx9NmFF")).order("o7Xk2"))
                .map(l -> l.url().toString() + " " + l.confirmed())
                .contains("https://mercari-shops.com/seller/shops/qWn7JdhbsaotJpySx9NmFF/orders/o7Xk2 false");
        assertThat(mercari.sellerScreen(Map.of()).order("o7Xk2")).isEmpty();
    }

    @Test
    void mallsWithoutAPublicOrderPageGiveNoLink() {
        for (String type : java.util.List.of("qoo10", "aupay", "makeshop")) {
            assertThat(ChannelAdapterFactory.all().get(type).sellerScreen(Map.of()).order("12345")).as(type).isEmpty();
        }
    }
}
