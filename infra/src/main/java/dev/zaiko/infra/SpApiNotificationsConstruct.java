package dev.zaiko.infra;

import dev.zaiko.schema.QueueDef;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Amazon SP-API notifications (ORDER_CHANGE, FBA inventory changes) for EVERY amazon channel: one
 * queue (with DLQ) that Amazon's notification service may write to, consumed by one function with
 * partial batch responses. The consumer binds each notification to the amazon channel whose
 * {@code sellerId} and {@code applicationId} options match it, and drops (and counts) the rest.
 * Register the queue ARN (stack output) as the SP-API destination of every amazon account.
 */
public final class SpApiNotificationsConstruct extends Construct {
    public static final String HANDLER = "dev.zaiko.handler.NotificationQueueHandler::handleRequest";
    /** The AWS account SP-API's notification service sends from (SP-API "Notifications" guide). */
    public static final String AMAZON_NOTIFICATIONS_ACCOUNT = "437568002678";
    /** The queue's timings: visibility six times the consumer's 30 s timeout. */
    public static final QueueDef QUEUE = dev.zaiko.schema.Queues.SPAPI_NOTIFICATIONS;

    public record Props(List<String> amazonChannels, Code code, LedgerConstruct ledger, Deployment deployment,
                        ChannelFunctions channels) {
        public Props {
            amazonChannels = List.copyOf(amazonChannels);
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(deployment, "deployment");
            Objects.requireNonNull(channels, "channels");
        }
    }

    private final QueueWithDlq queue;
    private final ZaikoFunction function;

    public SpApiNotificationsConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        this.queue = new QueueWithDlq(this, "Notifications", new QueueWithDlq.Props(QUEUE));
        queue.queue().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowSellingPartnerApiNotifications")
                .principals(List.of(new ArnPrincipal("arn:aws:iam::" + AMAZON_NOTIFICATIONS_ACCOUNT + ":root")))
                .actions(List.of("sqs:SendMessage", "sqs:GetQueueAttributes"))
                .resources(List.of(queue.queue().getQueueArn()))
                .build());

        this.function = new ZaikoFunction(this, "Consumer", new ZaikoFunction.Props(
                HANDLER, "zaiko-sync SP-API notifications, every amazon channel", props.code(),
                Duration.seconds(30), Map.of(), Optional.empty(), 0));
        props.ledger().grantLedgerWrites(function);
        Deployment.grantChannelState(function, props.ledger(), props.amazonChannels());
        Deployment.routePushesTo(function, props.channels(), props.deployment());
        // lists the channels to match SellerId / ApplicationId; reads an amazon channel's credentials
        props.deployment().grantReadChannels(function, List.of(), true);
        function.alias().addEventSource(SqsEventSource.Builder.create(queue.queue())
                .batchSize(10)
                .maxBatchingWindow(Duration.seconds(0))
                .reportBatchItemFailures(true)
                .maxConcurrency(2)
                .build());
    }

    public QueueWithDlq queue() {
        return queue;
    }

    public ZaikoFunction function() {
        return function;
    }
}
