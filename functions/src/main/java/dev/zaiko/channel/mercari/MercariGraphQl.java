package dev.zaiko.channel.mercari;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Mercari Shops GraphQL call: auth headers, our rate limit, bounded retries on 429/5xx/maintenance
 * (honouring the mall's hint), and classification of every failure as RETRY / AUTH / REJECTED with
 * Mercari's own code and message kept.
 */
final class MercariGraphQl {
    /** What came back: {@code data} may be partial when {@code errors} name single items. */
    record Response(JsonNode data, List<Error> errors) {
    }

    /** One entry of GraphQL {@code errors[]}. */
    record Error(String message, String code, JsonNode path, JsonNode extensions) {
        /** The list index this error points at ({@code path: [field, "variants", 3]}), or -1. */
        int itemIndex() {
            if (path != null && path.isArray()) {
                for (JsonNode part : path) {
                    if (part.isInt()) {
                        return part.asInt();
                    }
                }
            }
            return -1;
        }

        PushStatus kind() {
            return classify(code);
        }
    }

    private final ObjectMapper json;
    private final MallHttp http;
    private final URI endpoint;
    private final MercariAuth auth;
    private final TokenBucket bucket;
    private final String channelId;

    MercariGraphQl(ObjectMapper json, MallHttp http, URI endpoint, MercariAuth auth, TokenBucket bucket,
                   String channelId) {
        this.json = json;
        this.http = http;
        this.endpoint = endpoint;
        this.auth = auth;
        this.bucket = bucket;
        this.channelId = channelId;
    }

    /**
     * Sends one operation; retries temporary failures a bounded number of times within
     * {@link MercariApi#RETRY_BUDGET}. Call-level failures (HTTP errors, errors with no data at all)
     * are thrown classified; item-level errors come back in {@link Response#errors()}.
     */
    Response call(String operationName, String query, ObjectNode variables) {
        long deadline = System.nanoTime() + MercariApi.RETRY_BUDGET.toNanos();
        ChannelException last = null;
        for (int attempt = 1; attempt <= MercariApi.MAX_ATTEMPTS; attempt++) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || !bucket.acquire(Duration.ofNanos(remaining))) {
                break;
            }
            try {
                return once(operationName, query, variables);
            } catch (ChannelException e) {
                if (e.kind() != PushStatus.RETRY) {
                    throw e;
                }
                last = e;
                Duration wait = e.retryAfter().orElse(MercariApi.DEFAULT_BACKOFF.multipliedBy(attempt));
                if (System.nanoTime() + wait.toNanos() > deadline) {
                    throw e;
                }
                // The mall told us when: no call of this channel leaves before then.
                bucket.penalise(wait);
            }
        }
        if (last != null) {
            throw last;
        }
        throw new ChannelException(PushStatus.RETRY, "LOCAL_RATE_LIMIT",
                "Mercari " + operationName + " for " + channelId + ": our own rate limit left no call within "
                        + MercariApi.RETRY_BUDGET.toSeconds() + "s", Optional.empty());
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
        auth.apply(request);
        String what = "Mercari " + operationName + " for " + channelId;
        HttpResponse<String> response = http.send(request, what);
        int status = response.statusCode();
        JsonNode root = parse(response.body());
        List<Error> errors = errors(root);
        if (status == 404 && (root == null || errors.isEmpty())) {
            // Mercari answers calls from unregistered IPs with a bare 404 before looking at the token.
            throw new ChannelException(PushStatus.AUTH, "HTTP_404",
                    what + ": Mercari answered a bare 404, which means this caller's IP address is not registered."
                            + " Register the channel's fixed egress IP (a Japanese static IP, no CIDR) in the"
                            + " Mercari Shops admin API settings, for production and sandbox separately.",
                    Optional.empty());
        }
        if (status == 401 || status == 403) {
            Error first = errors.isEmpty() ? null : errors.get(0);
            throw new ChannelException(PushStatus.AUTH, first == null ? "HTTP_" + status : first.code(),
                    what + ": " + (first == null ? "HTTP " + status : first.message())
                            + " (the personal access token was revoked or is wrong; issue a new one in the shop admin)",
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
    private static boolean isItemLevel(List<Error> errors) {
        return errors.stream().allMatch(e -> e.itemIndex() >= 0 || e.extensions().hasNonNull("skuCode"));
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
                errors.add(new Error(error.path("message").asText(""), extensions.path("code").asText(""),
                        error.get("path"), extensions.isObject() ? extensions : json.createObjectNode()));
            }
        }
        return errors;
    }

    static PushStatus classify(String code) {
        String upper = code == null ? "" : code.toUpperCase(java.util.Locale.ROOT);
        if (MercariApi.AUTH_CODES.contains(upper)) {
            return PushStatus.AUTH;
        }
        if (MercariApi.RETRY_CODES.contains(upper)) {
            return PushStatus.RETRY;
        }
        return PushStatus.REJECTED;
    }
}
