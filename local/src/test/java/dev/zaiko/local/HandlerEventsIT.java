package dev.zaiko.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.app.ChannelPoller;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.handler.ChannelPollHandler;
import dev.zaiko.handler.NotificationQueueHandler;
import dev.zaiko.handler.PushHandler;
import dev.zaiko.sim.amazon.AmazonSimulator;
import dev.zaiko.sim.shopify.ShopifySimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Every handler fed the example event in {@code events/} that documents what it receives. */
@ExtendWith(AwsTestBed.class)
class HandlerEventsIT {
    static final String SKU = "TS-NAVY-M";
    static final String SHOPIFY_ITEM = "808950810@655441491";

    private final TestAws aws;
    private LocalRuntime runtime;
    private ShopifySimulator shopify;
    private AmazonSimulator amazon;

    HandlerEventsIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        runtime = new LocalRuntime(aws, TestAws.freshSuffix());
        shopify = new ShopifySimulator().clientCredentials("client-1", "secret-1");
        amazon = new AmazonSimulator(Clock.systemUTC());
        runtime.addChannel("shopify-main", "shopify", shopify, Map.of("clientId", "client-1",
                        "clientSecret", "secret-1", "webhookSecret", "zaiko-test-webhook-secret"),
                Map.of("locationId", "gid://shopify/Location/655441491"), Duration.ofMinutes(1), true);
        runtime.addChannel("amazon-jp", "amazon", amazon, Map.of("refreshToken", AmazonSimulator.REFRESH_TOKEN,
                        "clientId", AmazonSimulator.CLIENT_ID, "clientSecret", AmazonSimulator.CLIENT_SECRET,
                        "sellerId", AmazonSimulator.SELLER_ID),
                Map.of("lwaUrl", amazon.baseUrl().toString()), Duration.ofMinutes(3), false);
        shopify.putItem(SHOPIFY_ITEM, 0);
        amazon.putItem("TSHIRT-NAVY-M", 0);
        runtime.ledger.define(SKU, 5, Optional.empty(), Optional.empty(), Optional.empty(), ChangeSource.admin("t"));
        runtime.ledger.mapListing(new ListingKey("shopify-main", SHOPIFY_ITEM), List.of(new Component(SKU, 1)), false);
        runtime.ledger.mapListing(new ListingKey("amazon-jp", "TSHIRT-NAVY-M"), List.of(new Component(SKU, 1)), false);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private long available() {
        return runtime.store.readStock(List.of(SKU)).get(SKU).available();
    }

    @Test
    void theShopifyWebhookEventIsVerifiedAppliedAndItsRedeliveryIgnored() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("../events/apigw/shopify-orders-create.json");

        assertThat(runtime.webhookHandler().handleRequest(event, null).getStatusCode()).isEqualTo(200);
        assertThat(runtime.webhookHandler().handleRequest(event, null).getStatusCode()).isEqualTo(200);

        assertThat(available()).isEqualTo(4);
        assertThat(runtime.line("shopify-main", "5200000001", "13600000001")).isPresent();
    }

    @Test
    void theSpApiOrderChangeFromSqsIsApplied() {
        SQSEvent event = EventLoader.loadSQSEvent("../events/sqs/spapi-order-change.json");
        NotificationQueueHandler handler = new NotificationQueueHandler(runtime.channel("amazon-jp").runtime(),
                runtime.ledger);

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(available()).isEqualTo(3);
    }

    @Test
    void theWakePayloadDrainsThePushQueueToTheMall() throws Exception {
        Map<String, Object> wake = new ObjectMapper().readValue(Files.readString(Path.of("../events/push/wake.json")),
                Map.class);
        // Held: wake-ups from the setup's mappings and this request would queue drains on the
        // channel's worker that could run after the handler's message is queued (CI saw one take it).
        // drainNow runs after whatever is already queued on that single worker, so it ends quiet.
        runtime.pushers().holdWakeUps(true);
        runtime.ledger.requestPushes(List.of(SKU));
        assertThat(runtime.pushers().drainNow(List.of("shopify-main"), Duration.ofSeconds(20))).isTrue();
        assertThat(shopify.shownQuantity(SHOPIFY_ITEM)).hasValue(5);
        assertThat(runtime.pushQueue("shopify-main").visibleCount()).isZero();
        shopify.driftShownQuantity(SHOPIFY_ITEM, 9);
        // Queued WITHOUT waking the in-process pusher: only the handler under test can write it back.
        new dev.zaiko.adapter.sqs.SqsPushRequester(runtime.aws().sqs(),
                channel -> runtime.pushQueue(channel).queueUrl())
                .request(List.of(new dev.zaiko.domain.PushRequest(new dev.zaiko.domain.ListingKey("shopify-main",
                        SHOPIFY_ITEM), false)));
        PushHandler handler = new PushHandler(runtime.channel("shopify-main").runtime(), runtime.pushes,
                runtime.pushQueue("shopify-main"));

        Map<String, Object> result = handler.handleRequest(wake, null);

        assertThat(result).containsEntry("channelId", "shopify-main").containsEntry("skipped", false)
                .containsEntry("messages", 1).containsEntry("mallCalls", 1);
        assertThat(shopify.shownQuantity(SHOPIFY_ITEM)).hasValue(5);
        assertThat(runtime.pushQueue("shopify-main").visibleCount()).isZero();
    }

    @Test
    void aScheduledTickPollsEveryFifteenSecondsWithinOneRun() throws Exception {
        Map<String, Object> tick = new ObjectMapper().readValue(
                Files.readString(Path.of("../events/scheduler/poll-tick.json")), Map.class);
        List<Instant> pauses = new ArrayList<>();
        ChannelPoller poller = new ChannelPoller(runtime.polls, runtime.pushers(), Clock.systemUTC(), pauses::add);
        ChannelPollHandler handler = new ChannelPollHandler(runtime.channel("shopify-main").runtime(), poller,
                runtime.pushQueue("shopify-main"), Duration.ofSeconds(15));

        Map<String, Object> summary = handler.handleRequest(tick, null);

        assertThat(summary).containsEntry("polls", 4);
        assertThat(pauses).hasSize(3);
        assertThat(Duration.between(pauses.get(0), pauses.get(2))).isEqualTo(Duration.ofSeconds(30));
        assertThat(runtime.states.get("shopify-main").lastPollAt()).isPresent();
    }

    @Test
    void aPollNowInputFromThePusherPollsOnceInsteadOfAWholeRun() throws Exception {
        Map<String, Object> pollNow = new ObjectMapper().readValue(
                Files.readString(Path.of("../events/scheduler/poll-now.json")), Map.class);
        List<Instant> pauses = new ArrayList<>();
        ChannelPoller poller = new ChannelPoller(runtime.polls, runtime.pushers(), Clock.systemUTC(), pauses::add);
        ChannelPollHandler handler = new ChannelPollHandler(runtime.channel("shopify-main").runtime(), poller,
                runtime.pushQueue("shopify-main"), Duration.ofSeconds(15));

        Map<String, Object> summary = handler.handleRequest(pollNow, null);

        // the same channel as a 15 s scheduled tick, which polls four times: asked for now, once
        assertThat(summary).containsEntry("channelId", "shopify-main").containsEntry("polls", 1)
                .containsEntry("reason", "pollNow");
        assertThat(pauses).isEmpty();
        assertThat(runtime.states.get("shopify-main").lastPollAt()).isPresent();
    }
}
