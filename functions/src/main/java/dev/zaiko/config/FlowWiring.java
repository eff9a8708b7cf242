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
    public final ObjectMapper mapper = new ObjectMapper();
    public final Clock clock = Clock.systemUTC();
    public final DynamoDbClient dynamo;
    public final SqsClient sqs;
    public final TableNames tables;
    public final QueueDirectory queues;
    private PusherTrigger pusherTrigger;
    private Composition composition;
    private Stores stores;
    private DeployedChannels deployedChannels;
    private software.amazon.awssdk.services.ssm.SsmClient ssm;

    public FlowWiring(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.dynamo = AwsClients.dynamo();
        this.sqs = AwsClients.sqs();
        this.tables = TableNames.fromEnvironment(environment);
        this.queues = new QueueDirectory(sqs, environment, "");
    }

    public static FlowWiring fromEnvironment() {
        return new FlowWiring(System.getenv());
    }

    public String require(String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    public synchronized PusherTrigger pusherTrigger() {
        if (pusherTrigger == null) {
            DeployedChannels channels = deployedChannels();
            pusherTrigger = new SdkPusherTrigger(AwsClients.lambda(), require(Names.PUSHER_FUNCTION_ENV),
                    Optional.ofNullable(environment.get(Names.PUSHER_FIXED_IP_FUNCTION_ENV)).filter(s -> !s.isBlank()),
                    id -> channels.descriptor(id).map(DeployedChannels.Descriptor::fixedIp).orElse(false));
        }
        return pusherTrigger;
    }

    /**
     * Every service of this deployment, built by the one composition root on its DynamoDB stores,
     * the SQS orders and push queues, and the Lambda pusher trigger.
     */
    public synchronized Composition composition() {
        if (composition == null) {
            // the orders queue and the pusher trigger are resolved at first use: the pusher has
            // neither an orders queue URL nor a pusher ARN in its environment, and init makes no calls
            composition = new Composition(stores(), events -> orderQueue().enqueue(events),
                    new SqsPushRequester(sqs, queues::pushQueueUrl), ids -> pusherTrigger().wake(ids), clock);
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
        return new OrderEventCodec(mapper);
    }

    public SqsOrderQueue orderQueue() {
        return new SqsOrderQueue(sqs, queues.ordersQueueUrl(), new OrderEventCodec(mapper));
    }

    public SqsPushQueue pushQueue(String channelId) {
        return new SqsPushQueue(sqs, queues.pushQueueUrl(channelId));
    }

    public synchronized software.amazon.awssdk.services.ssm.SsmClient ssm() {
        if (ssm == null) {
            ssm = AwsClients.ssm();
        }
        return ssm;
    }

    public ChannelSecrets secrets() {
        return new SsmChannelSecrets(ssm(), mapper);
    }

    /**
     * Every channel of the deployment, from its parameters under {@code /<ZAIKO_PREFIX>/channels}:
     * the handlers serve any channel, named by the schedule's input or the message.
     */
    public synchronized DeployedChannels deployedChannels() {
        if (deployedChannels == null) {
            deployedChannels = new DeployedChannels(require(Names.PREFIX_ENV), new SsmParameterSource(ssm()), secrets(),
                    id -> stores().openOrders(id), clock, mapper,
                    stores().rateBuckets());
        }
        return deployedChannels;
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
