package dev.zaiko.channel.shopify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.channel.support.MallHttp;
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
 * Posts one GraphQL operation to the Admin API and classifies the answer, keeping Shopify's own
 * code and message:
 * <ul>
 *   <li>401: token renewed once (client credentials only), then AUTH;</li>
 *   <li>403 (missing scope), 402 (shop frozen, unpaid), 423 (shop locked), ACCESS_DENIED: AUTH;</li>
 *   <li>429 or THROTTLED (HTTP 200 with {@code errors[].extensions.code}): wait as told (Retry-After,
 *       or the points missing / restoreRate) and send the same request again, within
 *       {@link ShopifyApi#MAX_ATTEMPTS} and {@link ShopifyApi#MAX_WAIT}; then RETRY;</li>
 *   <li>5xx, INTERNAL_SERVER_ERROR: RETRY; other errors (a query Shopify cannot run): REJECTED.</li>
 * </ul>
 */
final class ShopifyGraphql {
    private final URI endpoint;
    private final ShopifyAccess access;
    private final MallHttp http;
    private final ShopifyThrottle throttle;
    private final ObjectMapper json;

    ShopifyGraphql(URI endpoint, ShopifyAccess access, MallHttp http, ShopifyThrottle throttle, ObjectMapper json) {
        this.endpoint = endpoint;
        this.access = access;
        this.http = http;
        this.throttle = throttle;
        this.json = json;
    }

    ObjectMapper json() {
        return json;
    }

    /** Runs the operation; returns its {@code data} object. */
    JsonNode execute(String operationName, String document, ObjectNode variables, int estimatedCost) {
        String body;
        try {
            ObjectNode request = json.createObjectNode();
            request.put("query", document);
            request.put("operationName", operationName);
            request.set("variables", variables);
            body = json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String what = "Shopify " + operationName;
        long deadline = throttle.nanoTime() + ShopifyApi.MAX_WAIT.toNanos();
        boolean renewed = false;
        for (int attempt = 1; ; attempt++) {
            // a shared throttle takes the cost from the store only when it answers zero; ask again after each wait
            for (Duration wait = throttle.reserve(operationName, estimatedCost); !wait.isZero();
                 wait = throttle.reserve(operationName, estimatedCost)) {
                waitOrGiveUp(wait, deadline, what, "THROTTLED");
            }
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                    .header(ShopifyApi.TOKEN_HEADER, access.token())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)), what);
            int status = response.statusCode();
            if (status == 401) {
                if (access.canRenew() && !renewed) {
                    renewed = true;
                    access.invalidate();
                    continue;
                }
                throw new ChannelException(PushStatus.AUTH, "HTTP_401",
                        what + ": access token refused (401): " + errorText(response.body()), Optional.empty());
            }
            if (status == 403 || status == 402 || status == 423) {
                throw new ChannelException(PushStatus.AUTH, "HTTP_" + status,
                        what + ": " + status + " " + errorText(response.body()), Optional.empty());
            }
            if (status == 429) {
                Duration hint = MallHttp.retryAfter(response).orElse(Duration.ofSeconds(1));
                throttle.penalise(hint);
                giveUpIfSpent(attempt, hint, deadline, what, "HTTP_429");
                continue;
            }
            if (status >= 500) {
                throw new ChannelException(PushStatus.RETRY, "HTTP_" + status,
                        what + ": " + status + " " + errorText(response.body()), MallHttp.retryAfter(response));
            }
            if (status != 200) {
                throw new ChannelException(PushStatus.REJECTED, "HTTP_" + status,
                        what + ": " + status + " " + errorText(response.body()), Optional.empty());
            }
            JsonNode root = parse(response.body(), what);
            Optional<Duration> throttledFor = observeCost(operationName, root);
            List<JsonNode> errors = new ArrayList<>();
            root.path("errors").forEach(errors::add);
            if (errors.isEmpty()) {
                JsonNode data = root.path("data");
                if (!data.isObject()) {
                    throw new ChannelException(PushStatus.RETRY, "NO_DATA", what + ": answer has no data",
                            Optional.empty());
                }
                return data;
            }
            String code = errors.get(0).path("extensions").path("code").asText("");
            String messages = messages(errors);
            if (hasCode(errors, "THROTTLED")) {
                Duration wait = throttledFor.orElse(Duration.ofSeconds(1));
                giveUpIfSpent(attempt, wait, deadline, what, "THROTTLED");
                continue;
            }
            if (hasCode(errors, "ACCESS_DENIED")) {
                throw new ChannelException(PushStatus.AUTH, "ACCESS_DENIED", what + ": " + messages, Optional.empty());
            }
            if (hasCode(errors, "INTERNAL_SERVER_ERROR") || hasCode(errors, "SERVICE_UNAVAILABLE")) {
                throw new ChannelException(PushStatus.RETRY, code, what + ": " + messages, Optional.empty());
            }
            throw new ChannelException(PushStatus.REJECTED, code.isEmpty() ? "GRAPHQL_ERROR" : code,
                    what + ": " + messages, Optional.empty());
        }
    }

    /** Updates our mirror of the bucket; when throttled, says how long until the request fits. */
    private Optional<Duration> observeCost(String operationName, JsonNode root) {
        JsonNode cost = root.path("extensions").path("cost");
        if (cost.path("actualQueryCost").canConvertToInt()) {
            throttle.learn(operationName, cost.path("actualQueryCost").asInt());
        }
        JsonNode status = cost.path("throttleStatus");
        if (!status.isObject()) {
            return Optional.empty();
        }
        double available = status.path("currentlyAvailable").asDouble(0);
        double maximum = status.path("maximumAvailable").asDouble(0);
        double rate = status.path("restoreRate").asDouble(0);
        throttle.observe(available, maximum, rate);
        double requested = cost.path("requestedQueryCost").asDouble(0);
        if (rate <= 0) {
            return Optional.empty();
        }
        double missing = Math.max(1, requested - available);
        return Optional.of(Duration.ofMillis((long) Math.ceil(missing / rate * 1000)));
    }

    private void giveUpIfSpent(int attempt, Duration wait, long deadline, String what, String code) {
        // the shared retry policy decides (attempts, budget); Shopify's own wait is the hint
        if (dev.zaiko.channel.support.RetryPolicy.of(ShopifyApi.MAX_ATTEMPTS, wait, ShopifyApi.MAX_WAIT,
                ShopifyApi.MAX_WAIT, dev.zaiko.channel.support.TokenBucket.Sleeper.SYSTEM).nextWait(attempt, Optional.of(wait),
                Duration.ofDays(1)).isEmpty()) {
            throw new ChannelException(PushStatus.RETRY, code,
                    what + ": still throttled after " + attempt + " attempts", Optional.of(wait));
        }
        waitOrGiveUp(wait, deadline, what, code);
    }

    private void waitOrGiveUp(Duration wait, long deadline, String what, String code) {
        if (wait.isZero()) {
            return;
        }
        if (throttle.nanoTime() + wait.toNanos() > deadline) {
            throw new ChannelException(PushStatus.RETRY, code,
                    what + ": throttled; the next call fits in " + wait.toMillis() + " ms", Optional.of(wait));
        }
        try {
            throttle.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelException(PushStatus.RETRY, "INTERRUPTED", what + " was interrupted", Optional.of(wait));
        }
    }

    private JsonNode parse(String body, String what) {
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return root;
        } catch (Exception e) {
            throw new ChannelException(PushStatus.RETRY, "BAD_RESPONSE",
                    what + ": answer is not JSON: " + ShopifyAccess.abbreviate(body), Optional.empty());
        }
    }

    private static boolean hasCode(List<JsonNode> errors, String code) {
        return errors.stream().anyMatch(e -> code.equals(e.path("extensions").path("code").asText(""))
                || (code.equals("THROTTLED") && "Throttled".equals(e.path("message").asText(""))));
    }

    private static String messages(List<JsonNode> errors) {
        List<String> texts = new ArrayList<>();
        for (JsonNode error : errors) {
            texts.add(error.path("message").asText(error.toString()));
        }
        return String.join("; ", texts);
    }

    /** REST-style error bodies: {"errors":"..."} or {"errors":{...}}; else the raw text. */
    private String errorText(String body) {
        try {
            JsonNode root = json.readTree(body);
            JsonNode errors = root == null ? null : root.get("errors");
            if (errors != null) {
                return errors.isTextual() ? errors.asText() : ShopifyAccess.abbreviate(errors.toString());
            }
        } catch (Exception ignored) {
            // not JSON: fall through to the raw text
        }
        return ShopifyAccess.abbreviate(body);
    }
}
