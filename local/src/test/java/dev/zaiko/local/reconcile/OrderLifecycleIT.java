package dev.zaiko.local.reconcile;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.contract.OrderEventCodec;
import dev.zaiko.adapter.sqs.SqsOrderQueue;
import dev.zaiko.domain.ChangeReason;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.handler.NotificationQueueHandler;
import dev.zaiko.local.LocalRuntime;
import dev.zaiko.schema.QueueDef;
import dev.zaiko.sim.amazon.AmazonSimulator;
import dev.zaiko.sim.qoo10.Qoo10Simulator;
import dev.zaiko.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An order's later status end to end: an Amazon order still PENDING (payment not authorised) takes
 * its unit; when Amazon cancels it, the unit comes back exactly once, however many times and by
 * whichever path the cancel arrives (notification, its redelivery, the poller's view).
 */
@ExtendWith(AwsTestBed.class)
class OrderLifecycleIT {
    static final String SKU = "MUG-WHITE";
    static final String AMAZON_SKU = "AMZ-MUG-WHITE";
    static final String QOO10_ITEM = "3000001";
    static final List<ListingKey> LISTINGS = List.of(new ListingKey(Malls.AMAZON, AMAZON_SKU),
            new ListingKey(Malls.QOO10, QOO10_ITEM));

    private final TestAws aws;
    private LocalRuntime runtime;
    private AmazonSimulator amazon;
    private Qoo10Simulator qoo10;
    private String notificationsUrl;
    private NotificationQueueHandler notifications;

    OrderLifecycleIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        String suffix = TestAws.freshSuffix();
        runtime = new LocalRuntime(aws, suffix);
        amazon = Malls.amazon(runtime);
        qoo10 = Malls.qoo10(runtime);
        amazon.putItem(AMAZON_SKU, 0);
        qoo10.putItem(QOO10_ITEM, 0);
        runtime.ledger.define(SKU, 3, Optional.empty(), Optional.empty(), Optional.empty(), ChangeSource.admin("test"));
        LISTINGS.forEach(key -> runtime.ledger.mapListing(key, List.of(new Component(SKU, 1)), false));
        Malls.awaitConverged(runtime, LISTINGS, "3 on Amazon and Qoo10");
        notificationsUrl = aws.createQueue(new QueueDef("spapi-" + suffix, "zaiko-spapi-amazon-main", "SPAPI_URL",
                60, 5, 3600), suffix).queueUrl();
        amazon.publishOrderChangesTo(aws.sqs(), notificationsUrl);
        notifications = new NotificationQueueHandler(runtime.channel(Malls.AMAZON).runtime(), runtime.ledger);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    /** Delivers what the queue holds as Lambda's event source would; returns the bodies delivered. */
    private List<String> deliver() {
        List<Message> messages = aws.sqs().receiveMessage(r -> r.queueUrl(notificationsUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setBody(m.body());
            record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        SQSBatchResponse response = notifications.handleRequest(event, null);
        assertThat(response.getBatchItemFailures()).isEmpty();
        messages.forEach(m -> aws.sqs().deleteMessage(r -> r.queueUrl(notificationsUrl).receiptHandle(m.receiptHandle())));
        return messages.stream().map(Message::body).toList();
    }

    private long available() {
        return runtime.store.readStock(List.of(SKU)).get(SKU).available();
    }

    @Test
    void aPendingAmazonOrderCancelledByAmazonRestoresItsUnitExactlyOnce() {
        AmazonSimulator.BuyResult bought = amazon.buy(AMAZON_SKU, 1);
        assertThat(bought.accepted()).isTrue();
        amazon.setFulfillmentStatus(bought.orderId(), "PENDING");
        deliver();
        assertThat(available()).isEqualTo(2);
        Malls.awaitConverged(runtime, LISTINGS, "2 everywhere while the order is pending");

        // Payment never authorised: Amazon cancels the order.
        amazon.cancel(bought.orderId());
        List<String> cancel = deliver();
        assertThat(available()).isEqualTo(3);

        // SQS delivers the cancel again, and the poller reports it too (it reads by last update).
        aws.sqs().sendMessage(r -> r.queueUrl(notificationsUrl).messageBody(cancel.get(cancel.size() - 1)));
        deliver();
        OrderLine line = runtime.store.findLine(Malls.AMAZON + "#" + bought.orderId() + "#"
                + runtime.store.linesNeedingAttention(LineState.UNMAPPED, 1).stream().findFirst()
                .map(OrderLine::lineId).orElse(lineIdOf(bought.orderId()))).orElseThrow();
        new SqsOrderQueue(aws.sqs(), runtime.ordersQueueUrl(), new OrderEventCodec(new ObjectMapper()))
                .enqueue(List.of(new OrderEvent(Malls.AMAZON, bought.orderId(), line.lineId(), AMAZON_SKU, 1,
                        OrderAction.CANCEL, "CANCELLED", Instant.now(), EventOrigin.POLL)));
        Await.until(Duration.ofSeconds(20), "the orders queue drained",
                () -> queueDepth(runtime.ordersQueueUrl()) == 0);

        assertThat(available()).isEqualTo(3);
        assertThat(runtime.store.findLine(line.lineKey()).orElseThrow().state()).isEqualTo(LineState.CANCELLED);
        List<JournalEntry> journal = runtime.store.journal(SKU, 20);
        assertThat(journal).filteredOn(e -> e.reason() == ChangeReason.ORDER_CANCELLED).singleElement()
                .satisfies(e -> assertThat(e.delta()).isEqualTo(1));
        assertThat(journal).filteredOn(e -> e.reason() == ChangeReason.ORDER_RESERVED).hasSize(1);
        Malls.awaitConverged(runtime, LISTINGS, "3 everywhere after the cancel");
        assertThat(qoo10.shownQuantity(QOO10_ITEM)).hasValue(3);
    }

    private String lineIdOf(String orderId) {
        return runtime.store.journal(SKU, 20).stream()
                .filter(e -> e.reason() == ChangeReason.ORDER_RESERVED)
                .map(e -> e.source().reference())
                .filter(ref -> ref.startsWith(Malls.AMAZON + "/" + orderId + "/"))
                .map(ref -> ref.substring(ref.lastIndexOf('/') + 1))
                .findFirst().orElseThrow();
    }

    private int queueDepth(String url) {
        Map<String, String> attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return Integer.parseInt(attributes.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(attributes.get("ApproximateNumberOfMessagesNotVisible"));
    }
}
