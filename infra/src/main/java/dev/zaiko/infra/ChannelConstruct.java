package dev.zaiko.infra;

import dev.zaiko.deployconfig.ChannelConfig;
import dev.zaiko.schema.QueueDef;
import dev.zaiko.schema.Queues;
import dev.zaiko.schema.Tables;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.TimeWindow;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One channel account: its credentials secret, its push queue (with DLQ), a poller run by an
 * EventBridge Scheduler schedule and a pusher.
 *
 * <p>The pusher has NO SQS event source on purpose: an event source mapping long-polls its queue
 * around the clock (about 650,000 ReceiveMessage calls a month, ~$0.26 per queue) even when
 * nothing is sold. Instead whoever enqueues a push (ledger, webhook, poller) invokes the pusher
 * asynchronously and the pusher drains its queue itself; the poller also checks the queue depth
 * every run and invokes the pusher when something was left behind.
 *
 * <p>No reserved concurrency by default: new AWS accounts have an account concurrency limit of
 * 10 and Lambda keeps 10 unreserved, so any reservation fails to deploy there. The pusher
 * serialises itself per channel with a lease in the channels table instead.
 */
public final class ChannelConstruct extends Construct {
    public static final String POLL_HANDLER = "dev.zaiko.handler.ChannelPollHandler::handleRequest";
    public static final String PUSH_HANDLER = "dev.zaiko.handler.PushHandler::handleRequest";
    public static final String PUSHER_FUNCTION_ENV_PREFIX = "PUSHER_FUNCTION_";

    public static final String CHANNEL_ID_ENV = "CHANNEL_ID";
    public static final String CHANNEL_TYPE_ENV = "CHANNEL_TYPE";
    public static final String CHANNEL_SECRET_ARN_ENV = "CHANNEL_SECRET_ARN";
    public static final String CHANNEL_OPTIONS_ENV = "CHANNEL_OPTIONS";
    public static final String POLL_INTERVAL_ENV = "POLL_INTERVAL_SECONDS";

    /**
     * @param network where the poller and pusher run: present only for {@code fixedIp} channels
     */
    public record Props(ChannelConfig channel, Code code, LedgerConstruct ledger,
                        Optional<ZaikoFunction.Network> network) {
        public Props {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(network, "network");
        }
    }

    private final ChannelConfig channel;
    private final Secret secret;
    private final QueueWithDlq pushQueue;
    private final ZaikoFunction poller;
    private final ZaikoFunction pusher;
    private final Role scheduleRole;
    private final Schedule schedule;

    public ChannelConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        this.channel = props.channel();
        LedgerConstruct ledger = props.ledger();

        // Created empty; the seller puts the credentials in (README). Retained on stack deletion:
        // it holds what the seller typed in.
        this.secret = Secret.Builder.create(this, "Secret")
                .secretName(channel.secretName())
                .description("zaiko-sync credentials for channel " + channel.id() + " ("
                        + channel.type().configName() + ")")
                .secretStringValue(SecretValue.unsafePlainText("{}"))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        QueueDef pushDef = Queues.push(channel.id());
        this.pushQueue = new QueueWithDlq(this, "Push", new QueueWithDlq.Props(pushDef));

        Map<String, String> channelEnv = new HashMap<>();
        channelEnv.put(CHANNEL_ID_ENV, channel.id());
        channelEnv.put(CHANNEL_TYPE_ENV, channel.type().configName());
        channelEnv.put(CHANNEL_SECRET_ARN_ENV, secret.getSecretArn());
        channelEnv.put(CHANNEL_OPTIONS_ENV, channel.optionsJson());
        channelEnv.put(pushDef.urlEnvVar(), pushQueue.queue().getQueueUrl());

        // Pusher: drains its push queue, reads the current ledger values, writes absolute
        // quantities. 120 s leaves it time to work through a rate-limited batch; messages it
        // holds when it stops reappear after the queue's 180 s visibility timeout.
        this.pusher = new ZaikoFunction(this, "Pusher", new ZaikoFunction.Props(
                PUSH_HANDLER, "zaiko-sync pusher for " + channel.id(), props.code(), Duration.seconds(120),
                channelEnv, props.network(), 2));
        pushQueue.queue().grantConsumeMessages(pusher.alias());
        ledger.table(Tables.STOCK).grantReadData(pusher.alias());
        pusher.addEnvironment(Tables.STOCK.nameEnvVar(), ledger.table(Tables.STOCK).getTableName());
        // Write on listings is only for the listing META item's push status (last pushed
        // quantity, result). IAM cannot narrow DynamoDB writes to one sort key value, so the
        // grant covers the table; the pusher never writes stock.
        ledger.table(Tables.LISTINGS).grantReadWriteData(pusher.alias());
        pusher.addEnvironment(Tables.LISTINGS.nameEnvVar(), ledger.table(Tables.LISTINGS).getTableName());
        ledger.grantChannelState(pusher);
        secret.grantRead(pusher.alias());
        pusher.addEnvironment(LedgerConstruct.DEFAULT_SAFETY_STOCK_ENV,
                Integer.toString(ledger.safety().safetyStock()));

        // Poller: one run per schedule tick. Intervals under a minute poll several times within
        // one run, so the run then lasts the whole minute (timeout 90 s); otherwise 60 s.
        Map<String, String> pollerEnv = new HashMap<>(channelEnv);
        pollerEnv.put(POLL_INTERVAL_ENV, Integer.toString(channel.pollIntervalSeconds()));
        this.poller = new ZaikoFunction(this, "Poller", new ZaikoFunction.Props(
                POLL_HANDLER, "zaiko-sync order poller for " + channel.id(), props.code(),
                Duration.seconds(channel.pollsWithinInvocation() ? 90 : 60), pollerEnv, props.network(),
                // a failed poll is not retried: the next tick polls an overlapping window
                0));
        ledger.grantSendOrders(poller);
        ledger.grantChannelState(poller);
        secret.grantRead(poller.alias());
        // fallback drain: the poller looks at its push queue's depth and wakes the pusher
        poller.alias().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:GetQueueAttributes"))
                .resources(List.of(pushQueue.queue().getQueueArn()))
                .build());
        pusher.alias().grantInvoke(poller.alias());
        poller.addEnvironment(pusherFunctionEnvVar(channel.id()), pusher.alias().getFunctionArn());

        this.scheduleRole = Role.Builder.create(this, "ScheduleRole")
                .description("EventBridge Scheduler: may invoke the " + channel.id() + " poller only")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                        .build()))
                .build();
        this.schedule = Schedule.Builder.create(this, "PollSchedule")
                .description("zaiko-sync: poll " + channel.id() + " every " + channel.pollIntervalSeconds() + " s")
                .schedule(ScheduleExpression.rate(Duration.minutes(channel.scheduleRateMinutes())))
                .timeWindow(TimeWindow.off())
                .target(new LambdaInvoke(poller.alias(), ScheduleTargetBaseProps.builder()
                        .role(scheduleRole)
                        .retryAttempts(0)
                        .maxEventAge(Duration.minutes(1))
                        .build()))
                .build();
    }

    /**
     * Lets {@code function} queue pushes for each channel and wake its pusher: send to the push
     * queue, invoke the pusher's alias, with {@code PUSH_QUEUE_URL_<CH>} and
     * {@code PUSHER_FUNCTION_<CH>} (the alias ARN) in its environment.
     */
    public static void routePushesTo(ZaikoFunction function, List<ChannelConstruct> channels) {
        for (ChannelConstruct c : channels) {
            c.pushQueue.queue().grantSendMessages(function.alias());
            c.pusher.alias().grantInvoke(function.alias());
            function.addEnvironment(c.pushQueue.definition().urlEnvVar(), c.pushQueue.queue().getQueueUrl());
            function.addEnvironment(pusherFunctionEnvVar(c.channel.id()), c.pusher.alias().getFunctionArn());
        }
    }

    public static String pusherFunctionEnvVar(String channelId) {
        return PUSHER_FUNCTION_ENV_PREFIX + ChannelConfig.envSuffix(channelId);
    }

    public ChannelConfig channel() {
        return channel;
    }

    public Secret secret() {
        return secret;
    }

    public QueueWithDlq pushQueue() {
        return pushQueue;
    }

    public ZaikoFunction poller() {
        return poller;
    }

    public ZaikoFunction pusher() {
        return pusher;
    }

    public Schedule schedule() {
        return schedule;
    }

    public Role scheduleRole() {
        return scheduleRole;
    }
}
