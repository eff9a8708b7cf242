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
 * Amazon SP-API notifications (ORDER_CHANGE, FBA inventory changes) for one amazon channel: a
 * queue (with DLQ) that Amazon's notification service may write to, consumed by the
 * notification function with partial batch responses. Register the queue ARN (stack output) as
 * an SP-API destination.
 */
public final class SpApiNotificationsConstruct extends Construct {
    public static final String HANDLER = "dev.zaiko.handler.NotificationQueueHandler::handleRequest";
    /** The AWS account SP-API's notification service sends from (SP-API "Notifications" guide). */
    public static final String AMAZON_NOTIFICATIONS_ACCOUNT = "437568002678";

    /** The notification queue's timings: visibility six times the consumer's 30 s timeout. */
    public static QueueDef queueDefinition(String channelId) {
        return new QueueDef("spapi-" + channelId, "zaiko-spapi-" + channelId,
                "SPAPI_QUEUE_URL_" + dev.zaiko.deployconfig.ChannelConfig.envSuffix(channelId),
                180, 5, 4 * 24 * 3600);
    }

    public record Props(ChannelConstruct amazonChannel, Code code, LedgerConstruct ledger,
                        List<ChannelConstruct> channels) {
        public Props {
            Objects.requireNonNull(amazonChannel, "amazonChannel");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(ledger, "ledger");
            channels = List.copyOf(channels);
        }
    }

    private final ChannelConstruct amazonChannel;
    private final QueueWithDlq queue;
    private final ZaikoFunction function;

    public SpApiNotificationsConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        ChannelConstruct amazon = props.amazonChannel();
        this.amazonChannel = amazon;
        this.queue = new QueueWithDlq(this, "Notifications",
                new QueueWithDlq.Props(queueDefinition(amazon.channel().id())));
        queue.queue().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowSellingPartnerApiNotifications")
                .principals(List.of(new ArnPrincipal("arn:aws:iam::" + AMAZON_NOTIFICATIONS_ACCOUNT + ":root")))
                .actions(List.of("sqs:SendMessage", "sqs:GetQueueAttributes"))
                .resources(List.of(queue.queue().getQueueArn()))
                .build());

        this.function = new ZaikoFunction(this, "Consumer", new ZaikoFunction.Props(
                HANDLER, "zaiko-sync SP-API notifications for " + amazon.channel().id(), props.code(),
                Duration.seconds(30),
                Map.of(ChannelConstruct.CHANNEL_ID_ENV, amazon.channel().id(),
                        ChannelConstruct.CHANNEL_TYPE_ENV, amazon.channel().type().configName(),
                        ChannelConstruct.CHANNEL_SECRET_ARN_ENV, amazon.secret().getSecretArn(),
                        ChannelConstruct.CHANNEL_OPTIONS_ENV, amazon.channel().optionsJson()),
                Optional.empty(), 0));
        props.ledger().grantLedgerWrites(function);
        props.ledger().grantChannelState(function);
        ChannelConstruct.routePushesTo(function, props.channels());
        // it may fetch order details for a notification with the channel's credentials
        amazon.secret().grantRead(function.alias());
        function.alias().addEventSource(SqsEventSource.Builder.create(queue.queue())
                .batchSize(10)
                .maxBatchingWindow(Duration.seconds(0))
                .reportBatchItemFailures(true)
                .build());
    }

    public ChannelConstruct amazonChannel() {
        return amazonChannel;
    }

    public QueueWithDlq queue() {
        return queue;
    }

    public ZaikoFunction function() {
        return function;
    }
}
