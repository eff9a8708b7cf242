package dev.zaiko.channel.yahoo;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Store API calls this adapter makes: a YConnect v2 access token kept fresh from the refresh
 * token, the public-key signature on every call, one rate limiter per URL, bounded retries on 429,
 * and one token refresh when a call says the token expired. Every endpoint and limit lives here.
 * The limiters are the channel's buckets in the store when the settings carry one (named
 * {@code yahoo:<path>}, and {@code yahoo:token} for YConnect), so Yahoo's "1 query per second per URL"
 * holds for all functions and containers of the channel together, not for each one.
 */
final class YahooApi {
    static final String DEFAULT_BASE_URL = "https://circus.shopping.yahooapis.jp/ShoppingWebService/V1";
    static final String DEFAULT_TOKEN_URL = "https://auth.login.yahoo.co.jp/yconnect/v2/token";
    static final String DEFAULT_AUTHORIZATION_URL = "https://auth.login.yahoo.co.jp/yconnect/v2/authorization";
    static final String ORDER_LIST = "/orderList";
    static final String ORDER_INFO = "/orderInfo";
    static final String SET_STOCK = "/setStock";
    static final String GET_STOCK = "/getStock";

    static final int MAX_STOCK_ITEMS = 1000;
    /** Yahoo: about 1 query per second per URL; above that the caller is blocked for a while. */
    static final double PER_URL_PER_SECOND = 1;
    /** Refresh a little before Yahoo's 1 h so a call never leaves with a token about to lapse. */
    static final Duration TOKEN_MARGIN = Duration.ofMinutes(2);
    static final int MAX_ATTEMPTS = 3;
    static final Duration RETRY_BUDGET = Duration.ofSeconds(10);
    static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String refreshToken;
    final String sellerId;
    private final YahooSignature signature;
    private final MallHttp http;
    private final TokenBucket.Sleeper sleeper;
    private final Clock clock;
    private final ChannelLimits.Named limits;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final TokenBucket tokenBucket;
    private String accessToken;
    private Instant accessTokenExpiresAt = Instant.MIN;

    YahooApi(String baseUrl, String tokenUrl, String clientId, String clientSecret, String refreshToken,
             String sellerId, YahooSignature signature, MallHttp http, TokenBucket.Sleeper sleeper, Clock clock,
             ChannelLimits.Named limits) {
        this.baseUrl = baseUrl;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.sellerId = sellerId;
        this.signature = signature;
        this.http = http;
        this.sleeper = sleeper;
        this.clock = clock;
        this.limits = limits;
        this.tokenBucket = limits.bucket("yahoo:token", PER_URL_PER_SECOND, 1);
    }

    TokenBucket bucket(String path) {
        return buckets.computeIfAbsent(path, p -> limits.bucket("yahoo:" + p, PER_URL_PER_SECOND, 1));
    }

    String postXml(String path, String xml, String what) {
        return exchange(path, what, "application/xml; charset=UTF-8", xml);
    }

    String postForm(String path, Map<String, String> form, String what) {
        return exchange(path, what, "application/x-www-form-urlencoded", formBody(form));
    }

    static String formBody(Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString();
    }

    private String exchange(String path, String what, String contentType, String body) {
        TokenBucket bucket = bucket(path);
        long deadline = sleeper.nanoTime() + RETRY_BUDGET.toNanos();
        boolean refreshedAfter401 = false;
        for (int attempt = 1; ; attempt++) {
            String token = validAccessToken();
            Duration left = Duration.ofNanos(Math.max(0, deadline - sleeper.nanoTime()));
            if (!bucket.acquire(left)) {
                throw new ChannelException(PushStatus.RETRY, "RATE_LIMIT_BUDGET",
                        what + ": no call slot within " + RETRY_BUDGET.toSeconds() + " s", Optional.of(DEFAULT_BACKOFF));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(MallHttp.resolve(baseUrl, path))
                    .header("Authorization", "Bearer " + token)
                    .header("X-sws-signature", signature.sign(clock.instant()))
                    .header("X-sws-signature-version", signature.keyVersion())
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            HttpResponse<String> response = http.send(request, what);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response.body();
            }
            Optional<String> challenge = response.headers().firstValue("WWW-Authenticate");
            ChannelException failure = YahooErrors.classify(what, status, response.body(), challenge,
                    MallHttp.retryAfter(response));
            if (status == 401 && "invalid_token".equals(failure.mallCode()) && !refreshedAfter401) {
                // The access token lapsed early (or was revoked): one refresh, then the same call again.
                refreshedAfter401 = true;
                synchronized (this) {
                    accessTokenExpiresAt = Instant.MIN;
                }
                continue;
            }
            if (status == 429) {
                // the shared retry policy: Retry-After honoured, else jittered backoff; the bucket waits
                Optional<Duration> wait = dev.zaiko.channel.support.RetryPolicy.of(MAX_ATTEMPTS, DEFAULT_BACKOFF,
                        RETRY_BUDGET, RETRY_BUDGET, sleeper).nextWait(attempt, failure.retryAfter(),
                        Duration.ofNanos(Math.max(0, deadline - sleeper.nanoTime())));
                bucket.penalise(wait.or(failure::retryAfter).orElse(DEFAULT_BACKOFF));
                if (wait.isPresent()) {
                    continue;
                }
            }
            throw failure;
        }
    }

    /** The current access token, refreshed through YConnect when it is missing or about to expire. */
    synchronized String validAccessToken() {
        if (accessToken != null && clock.instant().plus(TOKEN_MARGIN).isBefore(accessTokenExpiresAt)) {
            return accessToken;
        }
        if (!tokenBucket.acquire(RETRY_BUDGET)) {
            throw new ChannelException(PushStatus.RETRY, "RATE_LIMIT_BUDGET", "Yahoo token refresh: no call slot",
                    Optional.of(DEFAULT_BACKOFF));
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        HttpRequest.Builder request = HttpRequest.newBuilder(java.net.URI.create(tokenUrl))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8)))
                .header("X-sws-signature", signature.sign(clock.instant()))
                .header("X-sws-signature-version", signature.keyVersion())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form), StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(request, "Yahoo token refresh");
        JsonNode reply;
        try {
            reply = JSON.readTree(response.body());
        } catch (IOException e) {
            reply = null;
        }
        int status = response.statusCode();
        if (status != 200 || reply == null || !reply.hasNonNull("access_token")) {
            String error = reply == null ? "HTTP_" + status : reply.path("error").asText("HTTP_" + status);
            String description = reply == null ? "" : reply.path("error_description").asText("");
            PushStatus kind = status >= 500 || status == 429 ? PushStatus.RETRY : PushStatus.AUTH;
            String hint = "invalid_grant".equals(error)
                    ? " (the refresh token expired or was revoked: the seller must consent again in a browser)" : "";
            throw new ChannelException(kind, error, "Yahoo token refresh: HTTP " + status + " " + error + " "
                    + description + hint, kind == PushStatus.RETRY ? MallHttp.retryAfter(response) : Optional.empty());
        }
        accessToken = reply.get("access_token").asText();
        long lifetime = reply.path("expires_in").asLong(3600);
        accessTokenExpiresAt = clock.instant().plusSeconds(lifetime);
        return accessToken;
    }
}
