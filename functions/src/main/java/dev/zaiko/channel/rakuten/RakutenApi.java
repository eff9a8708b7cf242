package dev.zaiko.channel.rakuten;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.ChannelLimits;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The RMS calls this adapter makes, with ESA auth, one rate limiter per API and bounded retries on
 * 429. Every endpoint and limit lives here, in one place. The limiters are the channel's buckets in
 * the store when the settings carry one ({@code rms:bulk-upsert}, {@code rms:bulk-get}, {@code rms:order},
 * {@code rms:license}), so every function and container of the channel keeps one rate per API together.
 */
final class RakutenApi {
    static final String DEFAULT_BASE_URL = "https://api.rms.rakuten.co.jp";
    static final String SEARCH_ORDER = "/es/2.0/order/searchOrder/";
    static final String GET_ORDER = "/es/2.0/order/getOrder/";
    static final String BULK_UPSERT = "/es/2.0/inventories/bulk-upsert";
    static final String BULK_GET = "/es/2.0/inventories/bulk-get";
    static final String LICENSE_EXPIRY = "/es/1.0/license-management/license-key/expiry-date";

    /** getOrder version 7 is the first with SkuModelList (variantId). */
    static final int GET_ORDER_VERSION = 7;
    static final int MAX_GET_ORDER = 100;
    static final int MAX_UPSERT = 400;
    static final int MAX_BULK_GET = 1000;
    static final long MAX_QUANTITY = 99_999;

    /**
     * UNCONFIRMED in one place: a third-party client reports 415 for "application/json; charset=utf-8"
     * (with the space) and success without it; Rakuten's own samples send plain application/json.
     */
    static final String CONTENT_TYPE = "application/json;charset=utf-8";

    /** Documented: bulk-upsert 1 req/s, bulk-get 5 req/s. UNCONFIRMED: the Order API (no public figure; 1 req/s advised). */
    static final double UPSERT_PER_SECOND = 1;
    static final double BULK_GET_PER_SECOND = 5;
    static final double ORDER_PER_SECOND = 1;
    static final double LICENSE_PER_SECOND = 1;

    /** A 429 is retried at most this often, and only while the wait fits in the budget. */
    static final int MAX_ATTEMPTS = 3;
    static final Duration RETRY_BUDGET = Duration.ofSeconds(10);
    static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String authorization;
    private final MallHttp http;
    private final TokenBucket.Sleeper sleeper;
    final TokenBucket upsertBucket;
    final TokenBucket bulkGetBucket;
    final TokenBucket orderBucket;
    final TokenBucket licenseBucket;

    RakutenApi(String baseUrl, String serviceSecret, String licenseKey, MallHttp http, TokenBucket.Sleeper sleeper,
               ChannelLimits.Named buckets) {
        this.baseUrl = baseUrl;
        this.authorization = esaHeader(serviceSecret, licenseKey);
        this.http = http;
        this.sleeper = sleeper;
        this.upsertBucket = buckets.bucket("rms:bulk-upsert", UPSERT_PER_SECOND, 1);
        this.bulkGetBucket = buckets.bucket("rms:bulk-get", BULK_GET_PER_SECOND, 1);
        // searchOrder and getOrder share it: no public figure tells them apart (see ORDER_PER_SECOND)
        this.orderBucket = buckets.bucket("rms:order", ORDER_PER_SECOND, 1);
        this.licenseBucket = buckets.bucket("rms:license", LICENSE_PER_SECOND, 1);
    }

    /** {@code ESA base64(serviceSecret:licenseKey)}, as RMS WEB SERVICE documents it. */
    static String esaHeader(String serviceSecret, String licenseKey) {
        return "ESA " + Base64.getEncoder().encodeToString(
                (serviceSecret + ":" + licenseKey).getBytes(StandardCharsets.UTF_8));
    }

    /** POSTs JSON; returns the 2xx response, or throws classified. */
    HttpResponse<String> postJson(String path, Object body, TokenBucket bucket, String what) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + what + " request", e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(MallHttp.resolve(baseUrl, path))
                .header("Authorization", authorization)
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return exchange(request, bucket, what);
    }

    HttpResponse<String> get(String path, String query, TokenBucket bucket, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(MallHttp.resolve(baseUrl, path + "?" + query))
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET();
        return exchange(request, bucket, what);
    }

    static String queryParam(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Sends under the rate limit; a 429 pushes the bucket out by Rakuten's hint (or 1 s) and is
     * retried while attempts and the budget last. Non-2xx answers other than that are thrown
     * classified, except a 400 which callers of bulk calls read item by item: see
     * {@link #exchangeAllowingBadRequest}.
     */
    private HttpResponse<String> exchange(HttpRequest.Builder request, TokenBucket bucket, String what) {
        HttpResponse<String> response = exchangeAllowingBadRequest(request, bucket, what);
        if (response.statusCode() == 400) {
            throw RakutenErrors.classify(what, 400, response.body(), Optional.empty());
        }
        return response;
    }

    HttpResponse<String> postJsonAllowingBadRequest(String path, Object body, TokenBucket bucket, String what) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + what + " request", e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(MallHttp.resolve(baseUrl, path))
                .header("Authorization", authorization)
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return exchangeAllowingBadRequest(request, bucket, what);
    }

    private HttpResponse<String> exchangeAllowingBadRequest(HttpRequest.Builder request, TokenBucket bucket,
                                                            String what) {
        long deadline = sleeper.nanoTime() + RETRY_BUDGET.toNanos();
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - sleeper.nanoTime()));
            if (!bucket.acquire(left)) {
                throw new ChannelException(PushStatus.RETRY, "RATE_LIMIT_BUDGET",
                        what + ": no call slot within " + RETRY_BUDGET.toSeconds() + " s", Optional.of(DEFAULT_BACKOFF));
            }
            HttpResponse<String> response = http.send(request.copy(), what);
            int status = response.statusCode();
            if (status == 429) {
                // the shared retry policy: Retry-After honoured, else jittered backoff; the bucket waits
                Optional<Duration> wait = dev.zaiko.channel.support.RetryPolicy.of(MAX_ATTEMPTS, DEFAULT_BACKOFF,
                        RETRY_BUDGET, RETRY_BUDGET, sleeper).nextWait(attempt, MallHttp.retryAfter(response),
                        Duration.ofNanos(Math.max(0, deadline - sleeper.nanoTime())));
                Duration hint = wait.or(() -> MallHttp.retryAfter(response)).orElse(DEFAULT_BACKOFF);
                bucket.penalise(hint);
                if (wait.isPresent()) {
                    continue;
                }
                throw RakutenErrors.classify(what, status, response.body(), Optional.of(hint));
            }
            if (status >= 200 && status < 300 || status == 400) {
                return response;
            }
            throw RakutenErrors.classify(what, status, response.body(), MallHttp.retryAfter(response));
        }
    }

    static JsonNode readJson(HttpResponse<String> response, String what) {
        try {
            JsonNode node = JSON.readTree(response.body());
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(what + ": response is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": response is not JSON: " + e.getMessage(), e);
        }
    }
}
