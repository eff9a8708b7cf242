package dev.zaiko.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.util.function.BiFunction;

/** The request and error shapes the GraphQL mall simulators (Mercari Shops, makeshop) share. */
public final class GraphQlAnswers {
    private GraphQlAnswers() {
    }

    /**
     * Hands a GraphQL POST's {@code operationName} ("" when absent) and {@code variables} to
     * {@code operations}; a body that is not JSON gets 400 BAD_REQUEST.
     */
    public static SimResponse dispatch(ObjectMapper json, SimRequest request,
                                       BiFunction<String, JsonNode, SimResponse> operations) {
        JsonNode body;
        try {
            body = json.readTree(request.body());
        } catch (IOException e) {
            return error(json, 400, "BAD_REQUEST", "body is not JSON");
        }
        return operations.apply(body.path("operationName").asText(""), body.path("variables"));
    }

    /**
     * Like {@link #dispatch(ObjectMapper, SimRequest, BiFunction)}, after checking the request's
     * {@code query} document and {@code variables} against {@code schema}: a field, argument or input
     * field the schema lacks gets 400 {@code GRAPHQL_VALIDATION_FAILED} naming it, before any state is read.
     */
    public static SimResponse dispatch(ObjectMapper json, SimRequest request, GraphQlSchema schema,
                                       BiFunction<String, JsonNode, SimResponse> operations) {
        JsonNode body;
        try {
            body = json.readTree(request.body());
        } catch (IOException e) {
            return error(json, 400, "BAD_REQUEST", "body is not JSON");
        }
        if (body == null || !body.isObject()) {
            return error(json, 400, "BAD_REQUEST", "body is not a JSON object");
        }
        String operationName = body.path("operationName").asText("");
        var problems = schema.problems(json, body.path("query").asText(null), operationName, body.path("variables"));
        if (problems.isPresent()) {
            return error(json, 400, "GRAPHQL_VALIDATION_FAILED", problems.get());
        }
        return operations.apply(operationName, body.path("variables"));
    }

    /** {@code {"errors":[{"message":…,"extensions":{"code":…}}]}} with the given HTTP status. */
    public static SimResponse error(ObjectMapper json, int status, String code, String message) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putArray("errors").addObject();
        error.put("message", message);
        error.putObject("extensions").put("code", code);
        return SimResponse.json(status, root.toString());
    }

    /** A 429 {@link #error} with {@code Retry-After} in seconds (fractions allowed, as the adapters read it). */
    public static SimResponse rateLimited(ObjectMapper json, String code, String message, Duration retryAfter) {
        return error(json, 429, code, message)
                .withHeader("Retry-After", Double.toString(retryAfter.toMillis() / 1000.0));
    }
}
