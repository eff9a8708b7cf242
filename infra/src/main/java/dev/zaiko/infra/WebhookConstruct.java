package dev.zaiko.infra;

import dev.zaiko.deployconfig.ChannelConfig;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import dev.zaiko.deployconfig.MallType;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Order webhooks: an HTTP API with {@code POST /webhooks/{channelId}} (and
 * {@code /webhooks/{channelId}/{token}} for malls that sign nothing), in front of ONE webhook
 * function for every webhook channel. The function only verifies a delivery with the channel's
 * credentials and hands the orders to the orders queue: it holds no ledger write permission
 * (it faces the internet), reads only the webhook channels' parameters and writes only their
 * items of the channels table (delivery de-duplication).
 *
 * <p>Throttles per route (stage route settings): the webhook routes get {@value #WEBHOOK_RATE} r/s
 * (burst {@value #WEBHOOK_BURST}), the admin route its own {@value #ADMIN_RATE} r/s (burst
 * {@value #ADMIN_BURST}): a flood on {@code /webhooks/*} is refused there and never locks the
 * seller out of the console.
 */
public final class WebhookConstruct extends Construct {
    public static final String HANDLER = "dev.zaiko.handler.WebhookHandler::handleRequest";
    public static final String ROUTE_PATH = "/webhooks/{channelId}";
    /** For malls that sign nothing (Mercari Shops): the channel's secret is the URL's last segment. */
    public static final String TOKEN_ROUTE_PATH = "/webhooks/{channelId}/{token}";
    public static final int WEBHOOK_BURST = 20;
    public static final int WEBHOOK_RATE = 10;
    public static final int ADMIN_BURST = 20;
    public static final int ADMIN_RATE = 10;
    /** cdk context key of a channel's webhook path token, written by {@code zaiko secrets put}. */
    public static final String TOKEN_CONTEXT_PREFIX = "zaiko:webhookToken:";

    public record Props(Code code, LedgerConstruct ledger, Deployment deployment, List<ChannelConfig> channels,
                        Optional<ZaikoFunction.Network> network) {
        public Props {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(deployment, "deployment");
            channels = List.copyOf(channels);
            Objects.requireNonNull(network, "network");
        }
    }

    private final ZaikoFunction function;
    private final HttpApi api;
    private final HttpStage stage;
    private final List<ChannelConfig> webhookChannels;
    private final Map<String, String> routeThrottles = new java.util.LinkedHashMap<>();

    public WebhookConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        this.webhookChannels = props.channels().stream().filter(ChannelConfig::webhook).toList();
        if (webhookChannels.isEmpty()) {
            throw new IllegalArgumentException("no channel has webhook: true");
        }
        List<String> ids = webhookChannels.stream().map(ChannelConfig::id).toList();
        // API Gateway waits at most 30 s for an integration.
        this.function = new ZaikoFunction(this, "Webhook", new ZaikoFunction.Props(
                HANDLER, "zaiko-sync order webhooks: verify and hand over", props.code(), Duration.seconds(29),
                Map.of(), props.network(), 0));
        props.ledger().grantSendOrders(function);
        Deployment.grantChannelState(function, props.ledger(), ids);
        props.deployment().grantReadChannels(function, ids, false);
        props.deployment().addEnvironment(function);

        this.api = HttpApi.Builder.create(this, "Api")
                .description("zaiko-sync order webhooks and admin API")
                .createDefaultStage(false)
                .build();
        this.stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().burstLimit(WEBHOOK_BURST).rateLimit(WEBHOOK_RATE).build())
                .build();
        HttpLambdaIntegration integration = new HttpLambdaIntegration("WebhookIntegration", function.alias());
        for (String path : List.of(ROUTE_PATH, TOKEN_ROUTE_PATH)) {
            List<HttpRoute> routes = api.addRoutes(AddRoutesOptions.builder()
                    .path(path)
                    .methods(List.of(HttpMethod.POST))
                    .integration(integration)
                    .build());
            routes.forEach(stage.getNode()::addDependency);
            throttle("POST " + path, WEBHOOK_BURST, WEBHOOK_RATE);
        }
    }

    /** A route's own throttle (the stage's RouteSettings); the stage must be created after the route. */
    public void throttle(String routeKey, int burst, int rate) {
        routeThrottles.put(routeKey, burst + "/" + rate);
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        routeThrottles.forEach((key, value) -> settings.put(key, Map.of(
                "ThrottlingBurstLimit", Integer.parseInt(value.split("/")[0]),
                "ThrottlingRateLimit", Integer.parseInt(value.split("/")[1]))));
        ((CfnStage) stage.getNode().getDefaultChild()).addPropertyOverride("RouteSettings", settings);
    }

    /** {@code https://<api-id>.execute-api.<region>.amazonaws.com/webhooks/} */
    public String baseUrl() {
        return api.getApiEndpoint() + "/webhooks/";
    }

    /**
     * The URL to register with the mall. Mercari Shops signs nothing: its URL ends with the
     * channel's path token, which {@code zaiko secrets put --channel ID} generated, stored with the
     * credentials and wrote into the cdk context ({@value #TOKEN_CONTEXT_PREFIX}{@code <id>}).
     */
    public String urlOf(ChannelConfig channel) {
        if (channel.type().equals(MallType.MERCARI)) {
            Object token = getNode().tryGetContext(TOKEN_CONTEXT_PREFIX + channel.id());
            return baseUrl() + channel.id() + "/" + (token == null
                    ? "<run: ./zaiko secrets put --channel " + channel.id() + ", then deploy again>" : token);
        }
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

    public HttpStage stage() {
        return stage;
    }
}
