package dev.zaiko.infra;

import dev.zaiko.deployconfig.ChannelConfig;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Order webhooks: an HTTP API (cheaper and simpler than a REST API) with the one route
 * {@code POST /webhooks/{channelId}}, throttled on its default stage, in front of the webhook
 * function. The function verifies the delivery with the channel's secret, applies the order
 * through the ledger at once (so a sale lowers the other channels' stock without waiting for a
 * poll) and falls back to the orders queue when that fails.
 *
 * <p>Environment: what the ledger has, plus {@code ORDERS_QUEUE_URL}, {@code CHANNELS_TABLE_NAME}
 * (delivery de-duplication), {@value #WEBHOOK_CHANNELS_ENV} (the comma-separated webhook channel
 * ids) and per webhook channel {@code CHANNEL_TYPE_<CH>} and {@code CHANNEL_SECRET_ARN_<CH>}.
 */
public final class WebhookConstruct extends Construct {
    public static final String HANDLER = "dev.zaiko.handler.WebhookHandler::handleRequest";
    public static final String ROUTE_PATH = "/webhooks/{channelId}";
    /** For malls that sign nothing (Mercari Shops): the channel's secret is the URL's last segment. */
    public static final String TOKEN_ROUTE_PATH = "/webhooks/{channelId}/{token}";
    public static final String WEBHOOK_CHANNELS_ENV = "WEBHOOK_CHANNELS";
    public static final int THROTTLE_BURST = 50;
    public static final int THROTTLE_RATE = 20;

    /**
     * @param channels every channel construct (pushes may go to any channel); only those whose
     *                 config says {@code webhook} are accepted by the route
     * @param network  present when a webhook channel needs the fixed IP (the function may call
     *                 the mall back for order details)
     */
    public record Props(Code code, LedgerConstruct ledger, List<ChannelConstruct> channels,
                        Optional<ZaikoFunction.Network> network) {
        public Props {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(ledger, "ledger");
            channels = List.copyOf(channels);
            Objects.requireNonNull(network, "network");
        }
    }

    private final ZaikoFunction function;
    private final HttpApi api;
    private final List<ChannelConfig> webhookChannels;

    public WebhookConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        List<ChannelConstruct> hooked = props.channels().stream().filter(c -> c.channel().webhook()).toList();
        if (hooked.isEmpty()) {
            throw new IllegalArgumentException("no channel has webhook: true");
        }
        this.webhookChannels = hooked.stream().map(ChannelConstruct::channel).toList();
        // API Gateway waits at most 30 s for an integration.
        this.function = new ZaikoFunction(this, "Webhook", new ZaikoFunction.Props(
                HANDLER, "zaiko-sync order webhooks", props.code(), Duration.seconds(29),
                Map.of(WEBHOOK_CHANNELS_ENV,
                        webhookChannels.stream().map(ChannelConfig::id).collect(Collectors.joining(","))),
                props.network(), 0));
        props.ledger().grantLedgerWrites(function);
        props.ledger().grantSendOrders(function);
        props.ledger().grantChannelState(function);
        ChannelConstruct.routePushesTo(function, props.channels());
        for (ChannelConstruct c : hooked) {
            c.secret().grantRead(function.alias());
            String suffix = c.channel().envSuffix();
            function.addEnvironment(ChannelConstruct.CHANNEL_TYPE_ENV + "_" + suffix, c.channel().type().configName());
            function.addEnvironment(ChannelConstruct.CHANNEL_SECRET_ARN_ENV + "_" + suffix, c.secret().getSecretArn());
            function.addEnvironment(ChannelConstruct.CHANNEL_OPTIONS_ENV + "_" + suffix, c.channel().optionsJson());
        }

        this.api = HttpApi.Builder.create(this, "Api")
                .description("zaiko-sync order webhooks")
                .createDefaultStage(false)
                .build();
        HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().burstLimit(THROTTLE_BURST).rateLimit(THROTTLE_RATE).build())
                .build();
        HttpLambdaIntegration integration = new HttpLambdaIntegration("WebhookIntegration", function.alias());
        for (String path : List.of(ROUTE_PATH, TOKEN_ROUTE_PATH)) {
            api.addRoutes(AddRoutesOptions.builder()
                    .path(path)
                    .methods(List.of(HttpMethod.POST))
                    .integration(integration)
                    .build());
        }
    }

    /** {@code https://<api-id>.execute-api.<region>.amazonaws.com/webhooks/} */
    public String baseUrl() {
        return api.getApiEndpoint() + "/webhooks/";
    }

    public String urlOf(ChannelConfig channel) {
        return baseUrl() + channel.id();
    }

    public List<ChannelConfig> webhookChannels() {
        return webhookChannels;
    }

    public ZaikoFunction function() {
        return function;
    }

    public HttpApi api() {
        return api;
    }
}
