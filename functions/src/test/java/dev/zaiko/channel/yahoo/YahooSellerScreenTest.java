package dev.zaiko.channel.yahoo;

import dev.zaiko.domain.channel.ChannelAdapterFactory;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class YahooSellerScreenTest {
    final ChannelAdapterFactory yahoo = ChannelAdapterFactory.all().get("yahoo");

    @Test
    void withTheStoreAccountAnOrderLinksToStoreCreatorProMarkedUnconfirmed() {
        assertThat(yahoo.sellerScreen(Map.of("storeAccount", "zaiko-store")).order("zaiko-store-10000001"))
                .map(l -> l.url().toString() + " " + l.confirmed())
                .contains("https://pro.store.yahoo.co.jp/pro.zaiko-store/order/manage/detail/zaiko-store-10000001 false");
    }

    @Test
    void withoutTheStoreAccountThereIsNoLink() {
        assertThat(yahoo.sellerScreen(Map.of()).order("zaiko-store-10000001")).isEmpty();
        assertThat(yahoo.sellerScreen(Map.of("storeAccount", "../x")).order("zaiko-store-10000001")).isEmpty();
    }
}
