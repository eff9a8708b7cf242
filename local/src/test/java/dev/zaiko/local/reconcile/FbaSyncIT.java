package dev.zaiko.local.reconcile;

import dev.zaiko.app.fba.FbaClaimRules;
import dev.zaiko.app.fba.FbaSyncService;
import dev.zaiko.domain.ChangeReason;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.FbaClaim;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.channel.FulfillmentOrders;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.handler.FbaSyncHandler;
import dev.zaiko.local.LocalRuntime;
import dev.zaiko.schema.QueueDef;
import dev.zaiko.sim.amazon.AmazonSimulator;
import dev.zaiko.sim.aupay.AuPaySimulator;
import dev.zaiko.sim.qoo10.Qoo10Simulator;
import dev.zaiko.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An FBA-sourced SKU end to end: Amazon's fulfillable count (scheduled read and
 * FBA_INVENTORY_AVAILABILITY_CHANGES notifications) reaches every other mall, and a unit sold on
 * another mall stays off every mall until Amazon's own count shows it, through MCF.
 */
@ExtendWith(AwsTestBed.class)
class FbaSyncIT {
    static final String SKU = "TEE-FBA";
    static final String SELLER_SKU = "FBA-TEE-01";
    static final String QOO10_ITEM = "2000001";
    static final String AUPAY_ITEM = "tee-fba";
    static final List<ListingKey> LISTINGS = List.of(new ListingKey(Malls.QOO10, QOO10_ITEM),
            new ListingKey(Malls.AUPAY, AUPAY_ITEM));
    static final FulfillmentOrders.Address HOLD_ADDRESS = new FulfillmentOrders.Address("山田商店 (MCF 住所未確定)",
            "渋谷区道玄坂1-2-3", Optional.empty(), Optional.of("東京都"), "150-0043", "JP", Optional.empty());

    private final TestAws aws;
    private LocalRuntime runtime;
    private AmazonSimulator amazon;
    private Qoo10Simulator qoo10;
    private AuPaySimulator aupay;
    private dev.zaiko.domain.port.FbaSources sources;
    private String notificationsUrl;

    FbaSyncIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        String suffix = TestAws.freshSuffix();
        runtime = new LocalRuntime(aws, suffix);
        amazon = Malls.amazon(runtime);
        qoo10 = Malls.qoo10(runtime);
        aupay = Malls.aupay(runtime);
        qoo10.putItem(QOO10_ITEM, 0);
        aupay.putItem(AUPAY_ITEM, 0);
        sources = runtime.stores.fbaSources();
        service(FbaSyncService.Settings.withoutMcf()).markFbaSourced(Malls.AMAZON, SKU, SELLER_SKU);
        LISTINGS.forEach(key -> runtime.ledger.mapListing(key, List.of(new Component(SKU, 1)), false));
        notificationsUrl = aws.createQueue(new QueueDef("fba-" + suffix, "zaiko-fba-notifications", "FBA_QUEUE_URL",
                60, 5, 3600), suffix).queueUrl();
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private FbaSyncService service(FbaSyncService.Settings settings) {
        return new FbaSyncService(runtime.store, runtime.ledger, sources, Clock.systemUTC(), settings);
    }

    private FbaSyncHandler handler(FbaSyncService.Settings settings) {
        return new FbaSyncHandler(runtime.channel(Malls.AMAZON).runtime(), service(settings));
    }

    private long available() {
        return runtime.store.readStock(List.of(SKU)).get(SKU).available();
    }

    /** What the SQS event source would hand the function: the queued notifications as one batch. */
    private Map<String, Object> deliverNotifications(FbaSyncHandler handler) {
        List<Message> messages = aws.sqs().receiveMessage(r -> r.queueUrl(notificationsUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        List<Map<String, Object>> records = new ArrayList<>();
        for (Message m : messages) {
            records.add(Map.of("messageId", m.messageId(), "receiptHandle", m.receiptHandle(), "body", m.body(),
                    "eventSource", "aws:sqs"));
        }
        Map<String, Object> response = handler.handleRequest(Map.of("Records", records), null);
        messages.forEach(m -> aws.sqs().deleteMessage(r -> r.queueUrl(notificationsUrl).receiptHandle(m.receiptHandle())));
        return response;
    }

    @Test
    void anFbaSourcedSkuFollowsAmazonsFulfillableCountToEveryOtherMall() {
        amazon.putFbaItem(SELLER_SKU, 5);
        FbaSyncHandler handler = handler(FbaSyncService.Settings.withoutMcf());

        assertThat(handler.handleRequest(Map.of(), null)).containsEntry("updated", 1L);
        Malls.awaitConverged(runtime, LISTINGS, "Amazon's 5 on Qoo10 and au PAY");
        assertThat(qoo10.shownQuantity(QOO10_ITEM)).hasValue(5);
        assertThat(aupay.shownQuantity(AUPAY_ITEM)).hasValue(5);

        // Amazon sells two units itself (FBA order): its notification carries the new count.
        amazon.publishFbaInventoryChangesTo(aws.sqs(), notificationsUrl);
        assertThat(amazon.buyFba(SELLER_SKU, 2).accepted()).isTrue();
        assertThat(deliverNotifications(handler)).containsEntry("batchItemFailures", List.of());
        assertThat(available()).isEqualTo(3);
        Malls.awaitConverged(runtime, LISTINGS, "Amazon's 3 everywhere");
        assertThat(aupay.shownQuantity(AUPAY_ITEM)).hasValue(3);

        // A restock arrives; then an older notification turns up late and must not undo it.
        String stale = amazonNotificationBody();
        amazon.setFbaFulfillable(SELLER_SKU, 10);
        deliverNotifications(handler);
        Malls.awaitConverged(runtime, LISTINGS, "the restock everywhere");
        assertThat(qoo10.shownQuantity(QOO10_ITEM)).hasValue(10);
        handler.handleRequest(Map.of("Records", List.of(Map.of("messageId", "late-1", "body", stale))), null);
        assertThat(available()).isEqualTo(10);

        List<JournalEntry> journal = runtime.store.journal(SKU, 10);
        assertThat(journal.get(0).reason()).isEqualTo(ChangeReason.STOCK_SET);
        assertThat(journal.get(0).source().toString()).isEqualTo("system:fba:amazon-main:" + SELLER_SKU);
        assertThat(journal).extracting(JournalEntry::after).startsWith(10L, 3L, 5L);
    }

    @Test
    void fbaCountsAndOrderChangesShareTheSpApiQueueAndEachReachesItsService() {
        amazon.putFbaItem(SELLER_SKU, 5);
        FbaSyncHandler fba = handler(FbaSyncService.Settings.withoutMcf());
        fba.handleRequest(Map.of(), null);
        Malls.awaitConverged(runtime, LISTINGS, "Amazon's 5 everywhere");
        amazon.setFbaFulfillable(SELLER_SKU, 4);
        String countBody = amazonNotificationBody();
        com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage count =
                new com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage();
        count.setMessageId("fba-1");
        count.setBody(countBody);
        com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage other =
                new com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage();
        other.setMessageId("listing-1");
        other.setBody("{\"NotificationType\":\"LISTINGS_ITEM_MFN_QUANTITY_CHANGE\",\"Payload\":{}}");
        com.amazonaws.services.lambda.runtime.events.SQSEvent event = new com.amazonaws.services.lambda.runtime.events.SQSEvent();
        event.setRecords(List.of(count, other));

        var withFba = new dev.zaiko.handler.NotificationQueueHandler(runtime.channel(Malls.AMAZON).runtime(),
                runtime.ledger, Optional.of(fba));
        assertThat(withFba.handleRequest(event, null).getBatchItemFailures()).isEmpty();
        assertThat(available()).isEqualTo(4);

        // Without FBA sync deployed, a count on the shared queue is acknowledged, not sent to the DLQ.
        var withoutFba = new dev.zaiko.handler.NotificationQueueHandler(runtime.channel(Malls.AMAZON).runtime(),
                runtime.ledger);
        assertThat(withoutFba.handleRequest(event, null).getBatchItemFailures()).isEmpty();
        assertThat(available()).isEqualTo(4);
    }

    /** The notification Amazon would send now (its EventTime is the count's last change). */
    private String amazonNotificationBody() {
        amazon.publishFbaInventoryChangesTo(aws.sqs(), notificationsUrl);
        amazon.setFbaFulfillable(SELLER_SKU, amazon.fbaFulfillable(SELLER_SKU));
        Message message = aws.sqs().receiveMessage(r -> r.queueUrl(notificationsUrl).waitTimeSeconds(1)).messages().get(0);
        aws.sqs().deleteMessage(r -> r.queueUrl(notificationsUrl).receiptHandle(message.receiptHandle()));
        return message.body();
    }

    @Test
    void aUnitSoldOnAnotherMallCannotBeSoldAgainBeforeAmazonsCountDrops() {
        amazon.putFbaItem(SELLER_SKU, 1);
        handler(FbaSyncService.Settings.withoutMcf()).handleRequest(Map.of(), null);
        Malls.awaitConverged(runtime, LISTINGS, "the last FBA unit on both malls");

        // Qoo10 sells the last unit: the ledger takes it and every other mall goes to 0.
        assertThat(qoo10.buy(QOO10_ITEM, 1).accepted()).isTrue();
        Await.until(Duration.ofSeconds(30), "the Qoo10 order in the ledger", () -> {
            runtime.poll(Malls.QOO10);
            return available() == 0;
        });
        Malls.awaitConverged(runtime, LISTINGS, "the zero on au PAY");

        // Amazon still counts the unit as fulfillable: the sync must not hand it back.
        Map<String, Object> beforeMcf = handler(FbaSyncService.Settings.withoutMcf()).handleRequest(Map.of(), null);
        assertThat(beforeMcf).containsEntry("updated", 0L);
        assertThat(amazon.fbaFulfillable(SELLER_SKU)).isEqualTo(1);
        assertThat(available()).isZero();
        Malls.awaitConverged(runtime, LISTINGS, "still zero everywhere");
        assertThat(aupay.buy(AUPAY_ITEM, 1).accepted()).as("au PAY cannot sell the unit twice").isFalse();
        FbaClaim claim = sources.find(Malls.AMAZON, SKU).orElseThrow().claims().values().iterator().next();
        assertThat(claim.state()).isEqualTo(FbaClaim.State.PENDING);
        assertThat(claim.reference()).startsWith(Malls.QOO10 + "/");

        // MCF on: the line becomes a held MCF order, Amazon's count drops, and the claim settles.
        FbaSyncService.Settings mcf = new FbaSyncService.Settings(true, Duration.ZERO,
                FbaSyncService.Settings.DEFAULT_MAX_HOLD, Optional.of(HOLD_ADDRESS), "Standard", "Hold");
        handler(mcf).handleRequest(Map.of(), null);
        assertThat(amazon.fulfillmentOrders()).singleElement().satisfies(order -> {
            assertThat(order.sellerFulfillmentOrderId())
                    .isEqualTo(FbaClaimRules.fulfillmentOrderId(claim.reference(), SKU));
            assertThat(order.sellerSku()).isEqualTo(SELLER_SKU);
            assertThat(order.quantity()).isEqualTo(1);
            assertThat(order.fulfillmentAction()).isEqualTo("Hold");
        });
        assertThat(amazon.fbaFulfillable(SELLER_SKU)).isZero();
        assertThat(sources.find(Malls.AMAZON, SKU).orElseThrow().claims().get(claim.reference()).state())
                .isEqualTo(FbaClaim.State.SUBMITTED);
        assertThat(available()).isZero();

        handler(mcf).handleRequest(Map.of(), null);
        handler(mcf).handleRequest(Map.of(), null);

        assertThat(sources.find(Malls.AMAZON, SKU).orElseThrow().claims().get(claim.reference()).state())
                .isEqualTo(FbaClaim.State.SETTLED);
        assertThat(available()).isZero();
        assertThat(amazon.fulfillmentOrders()).as("one MCF order per line, however often synced").hasSize(1);
        assertThat(aupay.buy(AUPAY_ITEM, 1).accepted()).isFalse();
    }
}
