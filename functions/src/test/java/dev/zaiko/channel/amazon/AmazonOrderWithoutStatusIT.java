package dev.zaiko.channel.amazon;

import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.VirtualClock;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.RejectedOrder;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.sim.amazon.AmazonSimulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review bullet (issue 16): an order without {@code fulfillment.fulfillmentStatus} (required by the
 * model, yet a malformed answer is possible) is rejected by itself, naming the field and the order;
 * the other orders of its page still arrive.
 */
class AmazonOrderWithoutStatusIT {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void anOrderWithoutFulfillmentStatusIsRejectedAloneAndThePageGoesOn() {
        VirtualClock clock = new VirtualClock(T0);
        try (AmazonSimulator sim = new AmazonSimulator(clock)) {
            sim.putItem("SKU-1", 10);
            sim.putItem("SKU-2", 10);
            String good = sim.buy("SKU-1", 2).orderId();
            String bad = sim.buy("SKU-2", 3).orderId();
            sim.dropFulfillmentStatus(bad);
            AmazonAdapter adapter = new AmazonAdapter(new ChannelSettings("amazon-jp", "amazon", Map.of(
                    "refreshToken", AmazonSimulator.REFRESH_TOKEN, "clientId", AmazonSimulator.CLIENT_ID,
                    "clientSecret", AmazonSimulator.CLIENT_SECRET, "sellerId", AmazonSimulator.SELLER_ID),
                    Map.of("baseUrl", sim.baseUrl().toString(), "lwaUrl", sim.baseUrl().toString()), clock),
                    new MallHttp(), clock);
            clock.advance(Duration.ofMinutes(10));

            OrderPage page = adapter.orders().fetchChanged(T0.minusSeconds(60), T0.plusSeconds(300), Optional.empty());

            assertThat(page.events()).extracting(OrderEvent::orderId, OrderEvent::itemKey, OrderEvent::quantity)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(good, "SKU-1", 2));
            assertThat(page.rejected()).extracting(RejectedOrder::orderId).containsExactly(bad);
            assertThat(page.rejected().get(0).reason())
                    .isEqualTo("order " + bad + ": 'fulfillment.fulfillmentStatus' is missing or not text");
            assertThat(page.rejected().get(0).rawExcerpt()).contains(bad).doesNotContain("fulfillmentStatus");
        }
    }
}
