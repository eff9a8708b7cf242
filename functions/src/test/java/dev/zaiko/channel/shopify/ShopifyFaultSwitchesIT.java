package dev.zaiko.channel.shopify;

import dev.zaiko.channel.support.FaultSwitchesContract;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.WebhookVerifier;
import dev.zaiko.sim.shopify.ShopifySimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Shopify simulator's fault switches through the adapter, the real poll (and the webhook path)
 * and a real ledger ({@link FaultSwitchesContract}): malformed orders quarantined among good ones; an
 * order edit (3 to 2, then 2 to 4) and a partial refund with restock reach the ledger as line revisions
 * with exact numbers. The simulator sends its webhooks synchronously, so each is in the receiver's queue
 * when the switch returns.
 */
class ShopifyFaultSwitchesIT extends FaultSwitchesContract<ShopifySimulator> {
    static final String LOCATION = "655441491";
    static final String ITEM = "808950810@" + LOCATION;

    private final ShopifyWebhookReceiver receiver = new ShopifyWebhookReceiver(); // a new one for each test: JUnit makes an instance per test
    private final BlockingQueue<WebhookVerifier.WebhookRequest> received = receiver.received;

    ShopifyFaultSwitchesIT() {
        super("shopify-main", ITEM, Instant.parse("2026-05-01T00:00:00Z"));
    }

    @Override
    protected ShopifySimulator simulator() {
        return new ShopifySimulator(clock).clientCredentials("client-1", "secret-1");
    }

    @Override
    protected ChannelAdapter adapter() {
        return fromFactory("shopify", Map.of("clientId", "client-1", "clientSecret", "secret-1"),
                Map.of("locationId", "gid://shopify/Location/" + LOCATION));
    }

    @Override
    protected List<Quarantined> quarantined() {
        return List.of(new Quarantined("missingField", "currentQuantity is missing or not a number"),
                new Quarantined("zeroQuantity", "quantity must be at least 1 (got 0)"));
    }

    @Override
    protected Map<String, String> refused() {
        return Map.of("unknownStatus", "shopify: unknownStatus cannot be expressed");
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private void webhooksOn() {
        sim.webhooks(receiver.url(), "secret-1");
    }

    /** The webhooks received so far, taken from the queue: their topics, and their events applied to the ledger. */
    private List<String> applyWebhooks() {
        List<String> topics = new ArrayList<>();
        WebhookVerifier.WebhookRequest request;
        while ((request = received.poll()) != null) {
            assertThat(adapter.webhookVerifier().orElseThrow().verify(request))
                    .isInstanceOf(WebhookVerifier.Verdict.Valid.class);
            topics.add(request.header("x-shopify-topic").orElse(""));
            adapter.webhookOrders().orElseThrow().ordersIn(request).forEach(ledger.ledger::apply);
        }
        return topics;
    }

    @Test
    void anEditSendsOrdersEditedAndOrdersUpdatedAndTheWebhookPathAppliesExactlyTheDifference() {
        webhooksOn();
        String order = sim.buy(ITEM, 3).orderId();
        assertThat(applyWebhooks()).containsExactly("orders/create");
        assertThat(ledger.available(SKU)).isEqualTo(7);

        clock.advance(Duration.ofMinutes(1));
        edit(order, 2);
        assertThat(received).extracting(r -> json.readTree(r.body()).path("order_edit").path("line_items")
                        .path("removals").path(0).path("delta").asInt(-1))
                .containsExactly(1, -1); // orders/edited carries the delta only; orders/updated has no order_edit
        assertThat(applyWebhooks()).containsExactly("orders/edited", "orders/updated");
        assertThat(ledger.available(SKU)).isEqualTo(8);

        // The poll reports the same revision: nothing more moves.
        poll();
        assertThat(ledger.available(SKU)).isEqualTo(8);
        assertThat(ledger.line(order).orElseThrow().quantity()).isEqualTo(2);
    }

    @Test
    void aPartialRefundWithRestockOfOneOfThreeUnitsReturnsExactlyOneByWebhookAndByPoll() {
        webhooksOn();
        String order = sim.buy(ITEM, 3).orderId();
        applyWebhooks();
        assertThat(ledger.available(SKU)).isEqualTo(7);

        clock.advance(Duration.ofMinutes(1));
        sim.refundLine(order, ITEM, 1, true);

        List<String> topics = applyWebhooks();
        assertThat(topics).containsExactly("refunds/create", "orders/updated"); // refunds/create gives no events
        assertThat(ledger.available(SKU)).isEqualTo(8);
        assertThat(sim.shownQuantity(ITEM)).hasValue(8);

        poll();
        assertThat(ledger.delivered()).filteredOn(e -> e.orderId().equals(order)).extracting(OrderEvent::quantity,
                OrderEvent::action).containsExactly(org.assertj.core.groups.Tuple.tuple(2, OrderAction.RESERVE));
        assertThat(ledger.available(SKU)).isEqualTo(8);
        ledger.redeliverAllNewestFirst();
        assertThat(ledger.available(SKU)).isEqualTo(8);
        assertThat(ledger.line(order).orElseThrow().quantity()).isEqualTo(2);
    }
}
