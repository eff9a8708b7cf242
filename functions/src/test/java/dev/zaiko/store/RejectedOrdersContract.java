package dev.zaiko.store;

import dev.zaiko.domain.RejectedOrder;
import dev.zaiko.domain.port.RejectedOrders;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RejectedOrders}: one entry per channel and order, newest first, the raw excerpt kept to 2 KB. */
public abstract class RejectedOrdersContract extends StoreContract {
    static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

    @Test
    void aRejectedOrderIsKeptWithItsReasonAndExcerptAndListedPerChannelNewestFirst() {
        RejectedOrders quarantine = stores.rejectedOrders();
        quarantine.quarantine(List.of(
                new RejectedOrder("rakuten-main", "100-1", "orderProgress 999 is not a known status", "{\"a\":1}", T0),
                new RejectedOrder("rakuten-main", "100-2", "variantId is missing", "{\"b\":2}", T0.plusSeconds(60)),
                new RejectedOrder("amazon-jp", "249-1", "unknown fulfillmentStatus", "{}", T0)));

        List<RejectedOrder> rakuten = another().rejectedOrders().rejected("rakuten-main", 10);
        assertThat(rakuten).extracting(RejectedOrder::orderId).containsExactly("100-2", "100-1");
        assertThat(rakuten.get(1).reason()).isEqualTo("orderProgress 999 is not a known status");
        assertThat(rakuten.get(1).rawExcerpt()).isEqualTo("{\"a\":1}");
        assertThat(rakuten.get(1).rejectedAt()).isEqualTo(T0);
        assertThat(quarantine.rejected("rakuten-main", 1)).extracting(RejectedOrder::orderId).containsExactly("100-2");
        assertThat(quarantine.rejected("amazon-jp", 10)).singleElement()
                .satisfies(o -> assertThat(o.channelId()).isEqualTo("amazon-jp"));
        assertThat(quarantine.rejected("yahoo-main", 10)).isEmpty();
    }

    @Test
    void theSameOrderRejectedAgainIsOneEntryAndIdsWithHashAreKept() {
        RejectedOrders quarantine = stores.rejectedOrders();
        String raw = "x".repeat(5000);
        quarantine.quarantine(List.of(new RejectedOrder("shopify-main", "a#b", "id contains '#'", raw, T0)));
        quarantine.quarantine(List.of(new RejectedOrder("shopify-main", "a#b", "id contains '#'", raw,
                T0.plusSeconds(60))));

        assertThat(quarantine.rejected("shopify-main", 10)).singleElement().satisfies(o -> {
            assertThat(o.orderId()).isEqualTo("a#b");
            assertThat(o.rawExcerpt()).hasSize(RejectedOrder.MAX_EXCERPT_BYTES);
            assertThat(o.rejectedAt()).isEqualTo(T0.plusSeconds(60));
        });
    }
}
