package dev.zaiko.channel.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One call to a mall's GraphQL API (Mercari Shops, makeshop): auth headers set again on every attempt,
 * our rate limit, the shared {@link RetryPolicy} on 429/5xx/maintenance (honouring the mall's hint), and
 * classification of every failure as RETRY / AUTH / REJECTED with the mall's own code and message
 * kept. What differs between malls is in its {@link GraphQlDialect}.
 */
public final class GraphQlCaller {
    /** What came back: {@code data} may be partial when {@code errors} name single items. */
    public record Response(JsonNode data, List<Error> errors) {
    }

    /** One entry of GraphQL {@code errors[]}; {@code kind} is its code read by the mall's dialect. */
    public record Error(String message, String code, JsonNode path, JsonNode extensions, PushStatus kind) {
        /** The list index this error points at ({@code path: [field, "variants", 3]}), or -1. */
        public int itemIndex() {
            if (path != null && path.isArray()) {
                for (JsonNode part : path) {
                    if (part.isInt()) {
                        return part.asInt();
                    }
                }
            }
            return -1;
        }
    }

    private final GraphQlDialect dialect;
    private final ObjectMapper json;
    private final MallHttp http;
    private final URI endpoint;
    private final Consumer<HttpRequest.Builder> authHeaders;
    private final TokenBucket bucket;
    private final String channelId;
    private final RetryPolicy retry;

    /**
     * @param authHeaders puts the credentials on a request; called per attempt (makeshop's x-timestamp ages)
     * @param sleeper     how retries wait (a virtual clock in tests)
     */
    public GraphQlCaller(GraphQlDialect dialect, ObjectMapper json, MallHttp http, URI endpoint,
                         Consumer<HttpRequest.Builder> authHeaders, TokenBucket bucket, String channelId,
                         TokenBucket.Sleeper sleeper) {
        this.dialect = dialect;
        this.json = json;
        this.http = http;
        this.endpoint = endpoint;
        this.authHeaders = authHeaders;
        this.bucket = bucket;
        this.channelId = channelId;
        this.retry = RetryPolicy.of(dialect.maxAttempts(), dialect.defaultBackoff(), dialect.retryBudget(),
                dialect.retryBudget(), sleeper);
    }

    /**
     * Sends one operation; temporary failures are retried by the {@link RetryPolicy} (at most
     * {@link GraphQlDialect#maxAttempts()} attempts within {@link GraphQlDialect#retryBudget()}, the mall's
     * Retry-After honoured, else jittered backoff from {@link GraphQlDialect#defaultBackoff()}). Call-level
     * failures (HTTP errors, errors with no data at all) are thrown classified; item-level errors come
     * back in {@link Response#errors()}.
     */
    public Response call(String operationName, String query, ObjectNode variables) {
        long start = retry.sleeper().nanoTime();
        return retry.call(attempt -> {
            if (!bucket.acquire(retry.remaining(start))) {
                throw new ChannelException(PushStatus.RETRY, "LOCAL_RATE_LIMIT",
                        dialect.mallName() + " " + operationName + " for " + channelId
                                + ": our own rate limit left no call within " + dialect.retryBudget().toSeconds() + "s",
                        Optional.empty());
            }
            try {
                return RetryPolicy.done(once(operationName, query, variables));
            } catch (ChannelException e) {
                if (e.kind() != PushStatus.RETRY) {
                    throw e;
                }
                // The mall told us when: no call of this channel leaves before then.
                e.retryAfter().ifPresent(bucket::penalise);
                return RetryPolicy.retry(e);
            }
        });
    }

    private Response once(String operationName, String query, ObjectNode variables) {
        ObjectNode body = json.createObjectNode();
        body.put("operationName", operationName);
        body.put("query", query);
        body.set("variables", variables);
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a GraphQL request", e);
        }
        authHeaders.accept(request);
        String what = dialect.mallName() + " " + operationName + " for " + channelId;
        HttpResponse<String> response = http.send(request, what);
        int status = response.statusCode();
        JsonNode root = parse(response.body());
        List<Error> errors = errors(root);
        Optional<ChannelException> special = dialect.specialAnswer().failure(status, errors, what);
        if (special.isPresent()) {
            throw special.get();
        }
        if (status == 401 || status == 403) {
            Error first = errors.isEmpty() ? null : errors.get(0);
            throw new ChannelException(PushStatus.AUTH, first == null ? "HTTP_" + status : first.code(),
                    what + ": " + (first == null ? "HTTP " + status : first.message()) + dialect.authHint(),
                    Optional.empty());
        }
        if (status == 429 || status >= 500) {
            Error first = errors.isEmpty() ? null : errors.get(0);
            String code = first != null && !first.code().isEmpty() ? first.code() : "HTTP_" + status;
            String message = first != null ? first.message() : "HTTP " + status;
            throw new ChannelException(PushStatus.RETRY, code, what + ": " + message, MallHttp.retryAfter(response));
        }
        if (root == null || !root.isObject()) {
            throw new ChannelException(status >= 400 ? PushStatus.REJECTED : PushStatus.RETRY, "HTTP_" + status,
                    what + ": answer is not GraphQL JSON (HTTP " + status + ")", Optional.empty());
        }
        JsonNode data = root.get("data");
        boolean noData = data == null || data.isNull() || allNull(data);
        if (!errors.isEmpty() && noData && !isItemLevel(errors)) {
            Error first = errors.get(0);
            throw new ChannelException(first.kind(), first.code(), what + ": " + first.message(),
                    MallHttp.retryAfter(response));
        }
        if (status >= 400) {
            throw new ChannelException(PushStatus.REJECTED, "HTTP_" + status, what + ": HTTP " + status,
                    Optional.empty());
        }
        return new Response(data == null ? json.nullNode() : data, errors);
    }

    /** Errors that point into a list (an item) leave the call itself successful. */
    private boolean isItemLevel(List<Error> errors) {
        return errors.stream().allMatch(e -> e.itemIndex() >= 0
                || e.extensions().hasNonNull(dialect.itemKeyExtension()));
    }

    private static boolean allNull(JsonNode data) {
        if (!data.isObject()) {
            return false;
        }
        for (JsonNode value : data) {
            if (!value.isNull()) {
                return false;
            }
        }
        return true;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private List<Error> errors(JsonNode root) {
        List<Error> errors = new ArrayList<>();
        if (root != null && root.path("errors").isArray()) {
            for (JsonNode error : root.get("errors")) {
                JsonNode extensions = error.path("extensions");
                String code = extensions.path("code").asText("");
                errors.add(new Error(error.path("message").asText(""), code, error.get("path"),
                        extensions.isObject() ? extensions : json.createObjectNode(), dialect.classify(code)));
            }
        }
        return errors;
    }
}
