package dev.zaiko.handler;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.contract.OrderEventCodec;
import dev.zaiko.app.LedgerService;
import dev.zaiko.config.QueueDirectory;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.Provisioner;
import dev.zaiko.embedded.SqsEventSourceRunner;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.schema.QueueDef;
import dev.zaiko.schema.Queues;
import dev.zaiko.testsupport.Await;
import dev.zaiko.support.LedgerFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger Lambda handler on real queues (ElasticMQ) and the embedded SQL store. */
@ExtendWith(AwsTestBed.class)
class LedgerHandlerIT {
    private final TestAws aws;
    private LedgerFixture f;
    private LedgerHandler handler;
    private String suffix;
    private final OrderEventCodec codec = new OrderEventCodec(new ObjectMapper());

    LedgerHandlerIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void setUp() {
        f = new LedgerFixture(aws);
        suffix = TestAws.freshSuffix();
        for (String channel : List.of("rakuten-main", "amazon-jp")) {
            aws.createQueue(Queues.push(channel), suffix);
        }
        QueueDirectory queues = new QueueDirectory(aws.sqs(), Map.of(), suffix);
        LedgerService ledger = new LedgerService(f.store,
                new dev.zaiko.adapter.sqs.SqsPushRequester(aws.sqs(), queues::pushQueueUrl), Clock.systemUTC());
        handler = new LedgerHandler(ledger, codec);
        ledger.define("TS-NAVY-M", 5, Optional.empty(), Optional.empty(), Optional.of("Tシャツ ネイビー M"),
                dev.zaiko.domain.ChangeSource.admin("test"));
        ledger.mapListing(new ListingKey("rakuten-main", "tshirt-001:navy-m"), List.of(new Component("TS-NAVY-M", 1)), false);
        ledger.mapListing(new ListingKey("amazon-jp", "TSHIRT-NAVY-M"), List.of(new Component("TS-NAVY-M", 1)), false);
        drain(Queues.push("rakuten-main"));
        drain(Queues.push("amazon-jp"));
    }

    @Test
    void aBatchAsLambdaDeliversItReportsOnlyTheMalformedMessageAndAppliesTheRedeliveryOnce() {
        SQSEvent event = EventLoader.loadSQSEvent("../events/sqs/orders-batch.json");

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("0c8f1f3e-0000-4000-8000-000000000003");
        assertThat(f.available("TS-NAVY-M")).isEqualTo(5 - 2 - 1);
        assertThat(f.line("rakuten-main", "388001-20261123-0000001", "1").orElseThrow().state())
                .isEqualTo(LineState.RESERVED);
        assertThat(drain(Queues.push("rakuten-main"))).extracting(Message::body)
                .containsOnly("rakuten-main#tshirt-001:navy-m");
        List<Message> amazonPushes = drain(Queues.push("amazon-jp"));
        assertThat(amazonPushes).extracting(Message::body).containsOnly("amazon-jp#TSHIRT-NAVY-M");
        assertThat(amazonPushes.get(0).messageAttributes().get("urgent").stringValue()).isEqualTo("false");
    }

    @Test
    void drivenByTheQueueLikeAnEventSourceMappingAPoisonMessageEndsInTheDlqAndTheRestProceed() {
        QueueDef fastRedrive = new QueueDef("orders", Queues.ORDERS.defaultName(), Queues.ORDERS.urlEnvVar(), 1, 2, 3600);
        Provisioner.QueueUrls orders = aws.createQueue(fastRedrive, suffix);
        aws.sqs().sendMessage(r -> r.queueUrl(orders.queueUrl()).messageBody("{\"version\":1,\"channelId\":\"bad\""));
        for (int i = 0; i < 5; i++) {
            String body = codec.toJson(LedgerFixture.reserve("amazon-jp", "503-" + i, "TSHIRT-NAVY-M", 1));
            aws.sqs().sendMessage(r -> r.queueUrl(orders.queueUrl()).messageBody(body));
        }

        try (SqsEventSourceRunner runner = new SqsEventSourceRunner(aws.sqs(), orders.queueUrl(),
                e -> handler.handleRequest(e, null), SqsEventSourceRunner.Settings.lambdaDefaults()).start()) {
            Await.until(Duration.ofSeconds(30), "the poison message in the DLQ",
                    () -> approximateCount(orders.dlqUrl()) == 1);
        }

        assertThat(f.available("TS-NAVY-M")).isZero();
        assertThat(f.store.linesNeedingAttention(LineState.OVERSOLD, 10)).isEmpty();
        List<Message> dead = aws.sqs().receiveMessage(r -> r.queueUrl(orders.dlqUrl()).maxNumberOfMessages(10)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertThat(dead).extracting(Message::body).containsExactly("{\"version\":1,\"channelId\":\"bad\"");
        assertThat(approximateCount(orders.queueUrl())).isZero();
        assertThat(drain(Queues.push("amazon-jp"))).anySatisfy(m ->
                assertThat(m.messageAttributes().get("urgent").stringValue()).isEqualTo("true"));
    }

    private int approximateCount(String queueUrl) {
        Map<QueueAttributeName, String> attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private List<Message> drain(QueueDef queue) {
        String url = aws.sqs().getQueueUrl(r -> r.queueName(queue.defaultName() + suffix)).queueUrl();
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = aws.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            batch.forEach(m -> aws.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle())));
        }
    }
}
