package dev.zaiko.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.zaiko.app.WebhookService;
import dev.zaiko.config.ChannelRuntime;
import dev.zaiko.config.FlowWiring;
import dev.zaiko.config.JsonLog;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.WebhookVerifier;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code POST /webhooks/{channelId}} on the HTTP API. */
public final class WebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final java.util.function.Function<String, Optional<ChannelRuntime>> channels;
    private final WebhookService webhooks;

    /**
     * Lambda: any channel of the deployment whose config says {@code webhook}; verifies and hands
     * the orders to the orders queue (this function holds no ledger write permission).
     */
    public WebhookHandler() {
        FlowWiring wiring = FlowWiring.fromEnvironment();
        dev.zaiko.config.DeployedChannels deployed = wiring.deployedChannels();
        this.channels = id -> deployed.descriptor(id).filter(dev.zaiko.config.DeployedChannels.Descriptor::webhook)
                .map(d -> deployed.runtime(d.id()));
        this.webhooks = wiring.composition().webhookHandOver();
        dev.zaiko.config.SnapStartHooks.register(wiring);
    }

    public WebhookHandler(Map<String, ChannelRuntime> channels, WebhookService webhooks) {
        Map<String, ChannelRuntime> copy = Map.copyOf(channels);
        this.channels = id -> Optional.ofNullable(copy.get(id));
        this.webhooks = webhooks;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String channelId = event.getPathParameters() == null ? "" : event.getPathParameters().getOrDefault("channelId", "");
        byte[] body;
        if (event.getBody() == null) {
            body = new byte[0];
        } else if (event.getIsBase64Encoded()) {
            try {
                body = Base64.getDecoder().decode(event.getBody());
            } catch (IllegalArgumentException e) {
                return respond(400, "body is not valid base64");
            }
        } else {
            body = event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        String pathToken = event.getPathParameters() == null ? null : event.getPathParameters().get("token");
        if (pathToken != null && !pathToken.isBlank()) {
            // POST /webhooks/{channelId}/{token}: malls without signatures (Mercari Shops) carry the
            // channel's secret in the URL we registered; the verifier compares it in constant time.
            headers.put(WebhookVerifier.PATH_TOKEN_HEADER, pathToken);
        }
        Optional<ChannelAdapter> adapter = channels.apply(channelId).map(ChannelRuntime::adapter);
        WebhookService.Outcome outcome = webhooks.receive(channelId, adapter,
                new WebhookVerifier.WebhookRequest(headers, body));
        if (outcome instanceof WebhookService.Outcome.Applied applied) {
            AppliedOrdersLog.log(applied.results());
        }
        JsonLog.info("webhook_received", "channel", channelId, "status", outcome.httpStatus(),
                "outcome", outcome.getClass().getSimpleName());
        return switch (outcome) {
            case WebhookService.Outcome.Rejected rejected -> respond(rejected.httpStatus(), rejected.reason());
            default -> respond(200, "ok");
        };
    }

    private static APIGatewayV2HTTPResponse respond(int status, String message) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "'") + "\"}")
                .build();
    }
}
