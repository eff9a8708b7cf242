package dev.zaiko.sim.amazon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

import dev.zaiko.sim.amazon.SpApiState.*;

import static dev.zaiko.sim.amazon.AmazonSimulator.*;

/**
 * Login with Amazon ({@code POST /auth/o2/token}, refresh-token grant) and the access-token check
 * every SP-API route goes through (403 MissingAuthenticationToken / Unauthorized, expired).
 */
final class LwaAuthApi extends SpApiSection {
    LwaAuthApi(AmazonSimulator sim, SpApiState s) {
        super(sim, s);
    }

    SimResponse lwaToken(SimRequest request) {
        Map<String, String> form = request.form();
        if (!"refresh_token".equals(form.get("grant_type"))) {
            return SimResponse.json(400, "{\"error\":\"unsupported_grant_type\","
                    + "\"error_description\":\"The authorization grant type is not supported by the authorization server\"}");
        }
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            return SimResponse.json(401, "{\"error\":\"invalid_client\","
                    + "\"error_description\":\"Client authentication failed\"}");
        }
        if (s.refreshTokenRevoked || !REFRESH_TOKEN.equals(form.get("refresh_token"))) {
            return SimResponse.json(400, "{\"error\":\"invalid_grant\","
                    + "\"error_description\":\"The request has an invalid grant parameter : refresh_token\"}");
        }
        String token = "Atza|simulator-" + s.tokenCounter.incrementAndGet();
        s.accessTokens.put(token, clock.instant().plusSeconds(3600));
        ObjectNode body = json.createObjectNode();
        body.put("access_token", token);
        body.put("refresh_token", REFRESH_TOKEN);
        body.put("token_type", "bearer");
        body.put("expires_in", 3600);
        return SimResponse.json(200, body.toString());
    }

    Function<SimRequest, SimResponse> authorised(Function<SimRequest, SimResponse> handler) {
        return request -> {
            String token = request.header("x-amz-access-token");
            if (token == null || token.isBlank()) {
                return error(403, "MissingAuthenticationToken", "Access to requested resource is denied.",
                        "The request does not carry an x-amz-access-token header.");
            }
            Instant until = s.accessTokens.get(token);
            if (until == null) {
                return sim.authErrorFor(request);
            }
            if (!clock.instant().isBefore(until)) {
                return error(403, "Unauthorized", "Access to requested resource is denied.",
                        "The access token you provided has expired.");
            }
            return handler.apply(request);
        };
    }
}
