package dev.zaiko.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.adapter.dynamodb.TableNames;
import dev.zaiko.contract.OrderEventCodec;
import dev.zaiko.adapter.lambda.SdkPusherTrigger;
import dev.zaiko.adapter.ssm.SsmChannelSecrets;
import dev.zaiko.adapter.ssm.SsmParameterSource;
import dev.zaiko.adapter.sqs.SqsOrderQueue;
import dev.zaiko.adapter.sqs.SqsPushQueue;
import dev.zaiko.adapter.sqs.SqsPushRequester;
import dev.zaiko.domain.port.ChannelSecrets;
import dev.zaiko.domain.port.PusherTrigger;
import dev.zaiko.schema.Names;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a Lambda container builds once from its environment. The CDK stack sets the
 * variables; the names are the contract between the two.
 */
public final class FlowWiring {
    public final Map<String, String> environment;
    /** Built at first use: Jackson's databind is a quarter of a handler's init and most need it only per event. */
    private volatile ObjectMapper mapper;
    public final Clock clock = Clock.systemUTC();
    public final DynamoDbClient dynamo;
    public final SqsClient sqs;
    public final TableNames tables;
    public final QueueDirectory queues;
    /** One HTTP client for every SDK client of this container, built at the first request. */
    private final SharedHttpClient http = SharedHttpClient.urlConnection();
    private PusherTrigger pusherTrigger;
    private software.amazon.awssdk.services.lambda.LambdaClient lambda;
    private dev.zaiko.adapter.lambda.SdkPollTrigger pollTrigger;
    private Composition composition;
    private Stores stores;
    private DeployedChannels deployedChannels;
    private software.amazon.awssdk.services.ssm.SsmClient ssm;

    public FlowWiring(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.dynamo = AwsClients.dynamo(http, environment.get(Names.REGION_ENV));
        this.sqs = AwsClients.sqs(http, environment.get(Names.REGION_ENV));
        this.tables = TableNames.fromEnvironment(environment);
        this.queues = new QueueDirectory(sqs, environment, "");
    }

    public static FlowWiring fromEnvironment() {
        return new FlowWiring(System.getenv());
    }

    /** The JSON mapper of this container (one, made at the first JSON read or write). */
    public ObjectMapper mapper() {
        ObjectMapper m = mapper;
        if (m == null) {
            synchronized (this) {
                m = mapper;
                if (m == null) {
                    m = new ObjectMapper();
                    mapper = m;
                }
            }
        }
        return m;
    }

    /** What was built so far (tests: init builds no HTTP client, mapper, SSM or Lambda client). */
    synchronized java.util.List<String> built() {
        java.util.List<String> built = new java.util.ArrayList<>();
        if (http.built()) {
            built.add("http");
        }
        if (mapper != null) {
            built.add("mapper");
        }
        if (ssm != null) {
            built.add("ssm");
        }
        if (lambda != null) {
            built.add("lambda");
        }
        return built;
    }

    public String require(String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    /**
     * Wakes pushers through the SDK's Lambda client. The client (and the pusher ARN check) is made
     * at the first wake-up, not at init: a poll that found no order never needs it.
     */
    public PusherTrigger pusherTrigger() {
        return ids -> sdkPusherTrigger().wake(ids);
    }

    private synchronized PusherTrigger sdkPusherTrigger() {
        if (pusherTrigger == null) {
            pusherTrigger = new SdkPusherTrigger(lambda(), require(Names.PUSHER_FUNCTION_ENV),
                    optional(Names.PUSHER_FIXED_IP_FUNCTION_ENV), needsFixedIp());
        }
        return pusherTrigger;
    }

    /** The one Lambda client of this container (pusher wake-ups and polls asked for), made at first use. */
    private synchronized software.amazon.awssdk.services.lambda.LambdaClient lambda() {
        if (lambda == null) {
            lambda = AwsClients.lambda(http, environment.get(Names.REGION_ENV));
        }
        return lambda;
    }

    private Optional<String> optional(String name) {
        return Optional.ofNullable(environment.get(name)).filter(s -> !s.isBlank());
    }

    /**
     * Whether a channel is served by the functions in the VPC (its config says {@code fixedIp}):
     * the one rule every trigger of a channel-serving function routes by.
     */
    private java.util.function.Predicate<String> needsFixedIp() {
        DeployedChannels channels = deployedChannels();
        return id -> channels.descriptor(id).map(DeployedChannels.Descriptor::fixedIp).orElse(false);
    }

    /**
     * Polls a channel now (a mall shows less than the ledger, invariant 8): an asynchronous invoke
     * of its poller ({@value Names#POLLER_FUNCTION_ENV} / {@value Names#POLLER_FIXED_IP_FUNCTION_ENV}),
     * at most one per channel per {@link dev.zaiko.adapter.lambda.SdkPollTrigger#DEFAULT_WINDOW}
     * across containers. Never fails its caller: a poll that could not be started is logged and the
     * channel's schedule polls it within a minute. The client is made at the first request, not at init.
     */
    public dev.zaiko.domain.port.PollTrigger pollTrigger() {
        return neverFailing(this::sdkPollTrigger);
    }

    /** Asks {@code trigger} (made at the first ask) and logs what happened; never throws to the pusher or reconciler. */
    static dev.zaiko.domain.port.PollTrigger neverFailing(
            java.util.function.Supplier<dev.zaiko.adapter.lambda.SdkPollTrigger> trigger) {
        return channelId -> {
            try {
                if (trigger.get().request(channelId) == dev.zaiko.adapter.lambda.SdkPollTrigger.Outcome.INVOKED) {
                    JsonLog.info("poll_now_started", "channel", channelId);
                }
            } catch (RuntimeException e) {
                // the channel's schedule polls it within a minute; the push waits for the orders either way
                JsonLog.warn("poll_now_failed", "channel", channelId, "error", String.valueOf(e.getMessage()));
            }
        };
    }

    private synchronized dev.zaiko.adapter.lambda.SdkPollTrigger sdkPollTrigger() {
        if (pollTrigger == null) {
            pollTrigger = new dev.zaiko.adapter.lambda.SdkPollTrigger(lambda(), optional(Names.POLLER_FUNCTION_ENV),
                    optional(Names.POLLER_FIXED_IP_FUNCTION_ENV), needsFixedIp(), stores().channelStates(), clock,
                    dev.zaiko.adapter.lambda.SdkPollTrigger.DEFAULT_WINDOW);
        }
        return pollTrigger;
    }

    /**
     * The console's 再取得 on AWS: the reconciler invoked in the background (REPORT mode), when this
     * function has its ARN ({@value Names#RECONCILER_FUNCTION_ENV}); empty otherwise (the console then
     * says refreshing is unavailable). The Lambda client is made at the first 再取得, never during init.
     */
    public Optional<dev.zaiko.app.ops.ShownRefresh.Trigger> reconcileTrigger(java.util.function.Predicate<String> fixedIp) {
        // the container's one Lambda client (and so its one HTTP client), shared with the pusher trigger
        return reconcileTrigger(environment, fixedIp, this::lambda);
    }

    /**
     * {@link #reconcileTrigger(java.util.function.Predicate)} from an environment alone, with a Lambda
     * client of its own made at the first 再取得 (for callers without a wiring; no client is made here).
     */
    public static Optional<dev.zaiko.app.ops.ShownRefresh.Trigger> reconcileTrigger(Map<String, String> environment,
                                                                                 java.util.function.Predicate<String> fixedIp) {
        return reconcileTrigger(environment, fixedIp,
                () -> AwsClients.lambda(SharedHttpClient.urlConnection(), environment.get(Names.REGION_ENV)));
    }

    private static Optional<dev.zaiko.app.ops.ShownRefresh.Trigger> reconcileTrigger(
            Map<String, String> environment, java.util.function.Predicate<String> fixedIp,
            java.util.function.Supplier<software.amazon.awssdk.services.lambda.LambdaClient> lambda) {
        Optional<String> reconciler = Optional.ofNullable(environment.get(Names.RECONCILER_FUNCTION_ENV))
                .filter(s -> !s.isBlank());
        Optional<String> inVpc = Optional.ofNullable(environment.get(Names.RECONCILER_FIXED_IP_FUNCTION_ENV))
                .filter(s -> !s.isBlank());
        return reconciler.map(arn -> new dev.zaiko.app.ops.ShownRefresh.Trigger() {
            private dev.zaiko.adapter.lambda.SdkReconcileTrigger sdk;

            @Override
            public synchronized void start(String channelId) {
                if (sdk == null) {
                    sdk = new dev.zaiko.adapter.lambda.SdkReconcileTrigger(lambda.get(), arn, inVpc, fixedIp);
                }
                sdk.start(channelId);
            }
        });
    }

    /**
     * Every service of this deployment, built by the one composition root on its DynamoDB stores,
     * the SQS orders and push queues, the Lambda pusher trigger and the Lambda poll trigger.
     */
    public synchronized Composition composition() {
        if (composition == null) {
            // the orders queue and the pusher trigger are resolved at first use: the pusher has
            // neither an orders queue URL nor a pusher ARN in its environment, and init makes no calls
            composition = new Composition(stores(), events -> orderQueue().enqueue(events),
                    new SqsPushRequester(sqs, queues::pushQueueUrl), ids -> pusherTrigger().wake(ids),
                    pollTrigger(), clock);
        }
        return composition;
    }

    /** Every store port on this deployment's DynamoDB tables. */
    public synchronized Stores stores() {
        if (stores == null) {
            stores = new DynamoDbStores(dynamo, tables, clock);
        }
        return stores;
    }

    /** Push requests waiting in a channel's queue (approximate), for the seller's tools. */
    public int pushQueueDepth(String channelId) {
        return pushQueue(channelId).visibleCount();
    }

    /** Push requests in a channel's dead-letter queue (approximate). */
    public int pushDeadLetterDepth(String channelId) {
        return pushQueue(channelId).deadLetterCount();
    }

    /** The order-event codec the orders queue speaks (the contract in events/). */
    public OrderEventCodec orderEventCodec() {
        return new OrderEventCodec(this::mapper);
    }

    public SqsOrderQueue orderQueue() {
        return new SqsOrderQueue(sqs, queues.ordersQueueUrl(), orderEventCodec());
    }

    public SqsPushQueue pushQueue(String channelId) {
        return new SqsPushQueue(sqs, queues.pushQueueUrl(channelId));
    }

    public synchronized software.amazon.awssdk.services.ssm.SsmClient ssm() {
        if (ssm == null) {
            ssm = AwsClients.ssm(http, environment.get(Names.REGION_ENV));
        }
        return ssm;
    }

    /** Channel credentials from SSM; the SSM client is built at the first read, not at init. */
    public ChannelSecrets secrets() {
        return ref -> new SsmChannelSecrets(ssm(), mapper()).read(ref);
    }

    /**
     * Every channel of the deployment, from its parameters under {@code /<ZAIKO_PREFIX>/channels}:
     * the handlers serve any channel, named by the schedule's input or the message.
     */
    public synchronized DeployedChannels deployedChannels() {
        if (deployedChannels == null) {
            deployedChannels = new DeployedChannels(require(Names.PREFIX_ENV), lazyParameters(), secrets(),
                    id -> stores().openOrders(id), clock, this::mapper,
                    stores().rateBuckets());
        }
        return deployedChannels;
    }

    /** The channels' parameters in SSM, through a client built at the first read (not at init). */
    private DeployedChannels.ParameterSource lazyParameters() {
        return new DeployedChannels.ParameterSource() {
            @Override
            public Optional<String> get(String name) {
                return new SsmParameterSource(ssm()).get(name);
            }

            @Override
            public Map<String, String> byPath(String path) {
                return new SsmParameterSource(ssm()).byPath(path);
            }
        };
    }

    /**
     * Routes SP-API notifications to the amazon channel whose SellerId/ApplicationId options they
     * carry (the deployment's channels are re-read as their parameters' cache allows).
     */
    public dev.zaiko.domain.channel.NotificationRouter notificationRouter() {
        DeployedChannels deployed = deployedChannels();
        dev.zaiko.channel.amazon.SpApiNotificationRouter router = new dev.zaiko.channel.amazon.SpApiNotificationRouter();
        return body -> {
            var known = deployed.all().stream().filter(d -> d.type().equals("amazon"))
                    .map(d -> new dev.zaiko.channel.amazon.SpApiNotificationRouter.AmazonChannel(d.id(), d.options()))
                    .toList();
            var route = router.route(body, known);
            return route instanceof dev.zaiko.channel.amazon.SpApiNotificationRouter.Route.Matched matched
                    ? new dev.zaiko.domain.channel.NotificationRouter.Route.Matched(matched.channelId())
                    : new dev.zaiko.domain.channel.NotificationRouter.Route.Dropped(
                    ((dev.zaiko.channel.amazon.SpApiNotificationRouter.Route.Dropped) route).reason());
        };
    }
}
