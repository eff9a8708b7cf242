package dev.zaiko.channel.rakuten;

import dev.zaiko.domain.channel.ChannelAdapterFactory;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RakutenSellerScreenTest {
    @Test
    void anOrderNumberLinksToRmsOrderDetailsAndNothingElseDoes() {
        var screen = ChannelAdapterFactory.all().get("rakuten").sellerScreen(Map.of());
        assertThat(screen.order("123456-20261123-0000000001")).map(l -> l.url().toString() + " " + l.confirmed())
                .contains("https://order-rp.rms.rakuten.co.jp/order-rb/individual-order-detail-sc/init"
                        + "?orderNumber=123456-20261123-0000000001 true");
        assertThat(screen.order("123456-20261123-1&x=y")).isEmpty();
    }
}
