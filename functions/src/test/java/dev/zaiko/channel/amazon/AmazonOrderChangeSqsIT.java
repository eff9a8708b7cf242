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
}
