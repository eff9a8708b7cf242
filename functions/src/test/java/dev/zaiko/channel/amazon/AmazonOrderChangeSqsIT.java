package dev.zaiko.channel.amazon;

import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.embedded.EmbeddedSqs;
import dev.zaiko.sim.amazon.AmazonSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** ORDER_CHANGE notifications from the simulator through a real (embedded) SQS queue into order events. */
class AmazonOrderChangeSqsIT {
    private static EmbeddedSqs aws;

    @BeforeAll
    static void startAws() {
        aws = EmbeddedSqs.start();
    }

    @AfterAll
    static void stopAws() {
        aws.close();
    }

    private static List<Message> receive(String queueUrl, int expected) {
        List<Message> messages = new ArrayList<>();
        // Long polls return as soon as messages are there; the bound only guards a broken publisher.
        for (int attempt = 0; attempt < 10 && messages.size() < expected; attempt++) {
            messages.addAll(aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages());
        }
        return messages;
    }

    @Test
    void orderChangesArriveAsTheSameOrderEventsThePollerMakes() {
        String queueUrl = aws.sqs().createQueue(b -> b.queueName("amazon-order-change-" + System.nanoTime())).queueUrl();
        try (AmazonSimulator sim = new AmazonSimulator()) {
            sim.publishOrderChangesTo(aws.sqs(), queueUrl);
            sim.putItem("SKU-A", 10);
            sim.putFbaItem("FBA-1", 5);
            String bought = sim.buy("SKU-A", 2).orderId();
            String askedToCancel = sim.buy("SKU-A", 1).orderId();
            sim.requestCancellationByBuyer(askedToCancel);
            sim.cancel(bought);
            String fba = sim.buyFba("FBA-1", 1).orderId();

            List<Message> messages = receive(queueUrl, 5);

            List<AmazonOrderChangeParser.OrderChange> changes = messages.stream()
                    .map(m -> AmazonOrderChangeParser.parse("amazon-jp", m.body())).toList();
            assertThat(changes).extracting(AmazonOrderChangeParser.OrderChange::notificationId).doesNotHaveDuplicates()
                    .hasSize(5);
            assertThat(changes).extracting(AmazonOrderChangeParser.OrderChange::sellerId)
                    .containsOnly(AmazonSimulator.SELLER_ID);
            List<OrderEvent> events = changes.stream().flatMap(c -> c.events().stream()).toList();
            assertThat(events).extracting(OrderEvent::orderId, OrderEvent::itemKey, OrderEvent::quantity,
                    OrderEvent::action, OrderEvent::mallStatus).containsExactlyInAnyOrder(
                    tuple(bought, "SKU-A", 2, OrderAction.RESERVE, "Unshipped"),
                    tuple(askedToCancel, "SKU-A", 1, OrderAction.RESERVE, "Unshipped"),
                    tuple(askedToCancel, "SKU-A", 1, OrderAction.RESERVE, "Unshipped BuyerRequestedCancel"),
                    tuple(bought, "SKU-A", 2, OrderAction.CANCEL, "Canceled"),
                    tuple(fba, "FBA-1", 1, OrderAction.IGNORE, "Unshipped"));
            assertThat(events).extracting(OrderEvent::origin).containsOnly(EventOrigin.NOTIFICATION);
        }
    }

    /**
     * A partial cancellation (3 → 2 units) reaches the ledger by the ORDER_CHANGE path alone, as on
     * AWS (the SP-API consumer): exactly 1 unit comes back, and the same notifications again, newest
     * first, change nothing. Our simulator sends the units still on the order as {@code Quantity}
     * (unconfirmed, docs/simulators.md); this pins what the adapter does with that shape.
     */
    @Test
    void aPartialCancellationNotifiedThroughTheQueueReturnsExactlyTheCancelledUnit() throws Exception {
        String queueUrl = aws.sqs().createQueue(b -> b.queueName("amazon-partial-cancel-" + System.nanoTime())).queueUrl();
        try (AmazonSimulator sim = new AmazonSimulator();
             dev.zaiko.config.SqlStores stores = dev.zaiko.config.SqlStores.temporary(java.time.Clock.systemUTC())) {
            dev.zaiko.app.LedgerService ledger = new dev.zaiko.app.LedgerService(stores.stockLedger(), requests -> { },
                    java.time.Clock.systemUTC());
            ledger.define("SKU-A", 10, java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                    dev.zaiko.domain.ChangeSource.admin("test"));
            ledger.mapListing(new dev.zaiko.domain.ListingKey("amazon-jp", "SKU-A"),
                    List.of(new dev.zaiko.domain.Component("SKU-A", 1)), false);
            sim.publishOrderChangesTo(aws.sqs(), queueUrl);
            sim.putItem("SKU-A", 10);
            String order = sim.buy("SKU-A", 3).orderId();
            List<OrderEvent> delivered = new ArrayList<>();
            for (Message m : receive(queueUrl, 1)) {
                delivered.addAll(AmazonOrderChangeParser.parse("amazon-jp", m.body()).events());
            }
            delivered.forEach(ledger::apply);
            assertThat(stores.stockLedger().readStock(List.of("SKU-A")).get("SKU-A").available()).isEqualTo(7);

            sim.applyFaults(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    "{\"editLine\":{\"orderId\":\"" + order + "\",\"itemKey\":\"SKU-A\",\"quantity\":2}}"));
            List<OrderEvent> edit = new ArrayList<>();
            for (Message m : receive(queueUrl, 1)) {
                edit.addAll(AmazonOrderChangeParser.parse("amazon-jp", m.body()).events());
            }
            assertThat(edit).extracting(OrderEvent::orderId, OrderEvent::quantity).containsExactly(tuple(order, 2));
            edit.forEach(ledger::apply);
            assertThat(stores.stockLedger().readStock(List.of("SKU-A")).get("SKU-A").available()).isEqualTo(8);

            delivered.addAll(edit);
            for (int i = delivered.size() - 1; i >= 0; i--) {
                ledger.apply(delivered.get(i));
            }
            assertThat(stores.stockLedger().readStock(List.of("SKU-A")).get("SKU-A").available()).isEqualTo(8);
        }
    }
}
