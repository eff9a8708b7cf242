package dev.zaiko.store;

import dev.zaiko.domain.channel.OpenOrders;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link OpenOrders}: a channel's open order ids, per channel. */
public abstract class OpenOrdersContract extends StoreContract {
    @Test
    void openedAndClosedOrdersArePerChannel() {
        OpenOrders rakuten = stores.openOrders("rakuten-main");
        OpenOrders yahoo = stores.openOrders("yahoo-main");
        rakuten.markOpen(List.of("388001-1", "388001-2", "388001-3"));
        rakuten.markOpen(List.of("388001-2"));
        yahoo.markOpen(List.of("store-10"));
        rakuten.markClosed(List.of("388001-2", "not-open"));

        assertThat(another().openOrders("rakuten-main").openOrderIds()).containsExactlyInAnyOrder("388001-1", "388001-3");
        assertThat(yahoo.openOrderIds()).containsExactly("store-10");
        assertThat(stores.openOrders("qoo10-main").openOrderIds()).isEmpty();
    }

    @Test
    void fiveHundredOpenOrdersComeBackWhole() {
        OpenOrders orders = stores.openOrders("aupay-main");
        List<String> ids = java.util.stream.IntStream.range(0, 500).mapToObj(i -> "o-" + i).toList();
        orders.markOpen(ids);
        assertThat(orders.openOrderIds()).hasSize(500).containsAll(ids);
    }
}
