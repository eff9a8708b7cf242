package dev.zaiko.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.zaiko.admin.AdminApi;
import dev.zaiko.admin.AdminRequest;
import dev.zaiko.admin.AdminResponse;
import dev.zaiko.admin.ConsoleSettings;
import dev.zaiko.admin.RuntimeChannelDirectory;
import dev.zaiko.app.ops.Ops;
import dev.zaiko.config.ChannelRuntime;
import dev.zaiko.config.FlowWiring;
import dev.zaiko.config.JsonLog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ANY /admin/{proxy+}} on the HTTP API: the same {@link AdminApi} the local gateway and the
 * CLI serve, behind the stack's Cognito JWT authorizer (API Gateway refuses a request without a
 * valid token before this runs). The journal names the signed-in user from the token's claims.
 *
 * <p>Environment: what the ledger has, the name prefix and account (channels are read from their
 * parameters, push queues addressed by name), the pusher ARNs, and optionally {@value #FIXED_EGRESS_IP}.
 */
public final class AdminApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    public static final String FIXED_EGRESS_IP = "FIXED_EGRESS_IP";
    /** The HTTP API accepts up to 10 MB, a synchronous Lambda payload 6 MB: a CSV larger than this is refused here. */
    public static final int MAX_BODY_BYTES = 5 * 1024 * 1024;

    /** Built at the first request: the fixed-IP channels come from SSM, which init (and a SnapStart snapshot) must not call. */
    private final java.util.function.Supplier<AdminApi> api;
    private AdminApi built;

    public AdminApiHandler() {
        FlowWiring wiring = FlowWiring.fromEnvironment();
        dev.zaiko.config.DeployedChannels deployed = wiring.deployedChannels();
        // every channel of the deployment, from its parameters: nothing per channel in the environment
        java.util.function.Supplier<Map<String, ChannelRuntime>> channels = () -> {
            Map<String, ChannelRuntime> all = new java.util.LinkedHashMap<>();
            deployed.all().forEach(d -> all.put(d.id(), deployed.runtime(d.id())));
            return all;
        };
        RuntimeChannelDirectory directory = new RuntimeChannelDirectory(channels, wiring::pushQueueDepth,
                wiring::pushDeadLetterDepth);
        Optional<dev.zaiko.app.ops.ShownRefresh.Trigger> refresh = wiring.reconcileTrigger(
                id -> deployed.descriptor(id).map(dev.zaiko.config.DeployedChannels.Descriptor::fixedIp).orElse(false));
        Ops ops = refresh.isPresent()
                ? wiring.composition().ops(directory, wiring.stores().reconcileReports(), refresh.get())
                : wiring.composition().ops(directory, wiring.stores().reconcileReports(), Optional.empty());
        this.api = () -> new AdminApi(ops, settings(wiring.environment, deployed.all().stream()
                .filter(dev.zaiko.config.DeployedChannels.Descriptor::fixedIp)
                .map(dev.zaiko.config.DeployedChannels.Descriptor::id).toList()));
        dev.zaiko.config.SnapStartHooks.register(wiring);
    }

    public AdminApiHandler(AdminApi api) {
        this.api = () -> api;
    }

    private synchronized AdminApi api() {
        if (built == null) {
            built = api.get();
        }
        return built;
    }

    static ConsoleSettings settings(Map<String, String> environment, List<String> fixedIpChannels) {
        Optional<String> ip = Optional.ofNullable(environment.get(FIXED_EGRESS_IP)).filter(s -> !s.isBlank());
        return new ConsoleSettings(ip, fixedIpChannels, "aws");
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
        byte[] body;
        if (event.getBody() == null) {
            body = new byte[0];
        } else if (event.getIsBase64Encoded()) {
            try {
                body = Base64.getDecoder().decode(event.getBody());
            } catch (IllegalArgumentException e) {
                return respond(AdminResponse.json(400,
                        "{\"error\":{\"code\":\"BAD_REQUEST\",\"params\":{},\"message\":\"body is not valid base64\"}}"));
            }
        } else {
            body = event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        if (body.length > MAX_BODY_BYTES) {
            return respond(AdminResponse.json(413, "{\"error\":{\"code\":\"BODY_TOO_LARGE\",\"params\":{\"max\":\"" + MAX_BODY_BYTES
                    + "\"},\"message\":\"request body larger than " + MAX_BODY_BYTES
                    + " bytes\"}}"));
        }
        String user = user(event);
        AdminResponse response = api().handle(AdminRequest.of(method, event.getRawPath() == null ? "" : event.getRawPath(),
                event.getRawQueryString(), body).withUser(user));
        JsonLog.info("admin_request", "method", method, "path", event.getRawPath(), "status", response.status(),
                "user", user);
        return respond(response);
    }

    /** The signed-in user's e-mail (else the Cognito user name, else the subject) from the JWT claims. */
    static String user(APIGatewayV2HTTPEvent event) {
        Map<String, String> claims = Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getAuthorizer)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer::getJwt)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT::getClaims)
                .orElse(Map.of());
        for (String claim : List.of("email", "cognito:username", "username", "sub")) {
            String value = claims.get(claim);
            if (value != null && !value.isBlank()) {
                return value.length() > 128 ? value.substring(0, 128) : value;
            }
        }
        return "admin";
    }

    private static APIGatewayV2HTTPResponse respond(AdminResponse response) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", response.contentType());
        headers.put("Cache-Control", "no-store");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(response.status()).withHeaders(headers)
                .withBody(response.bodyText()).withIsBase64Encoded(false).build();
    }
}
