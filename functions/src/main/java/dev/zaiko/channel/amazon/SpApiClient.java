package dev.zaiko.channel.amazon;

import dev.zaiko.channel.support.ChannelLimits;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.domain.channel.PushStatus;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * One SP-API call done right: waits for the operation's own token bucket (SP-API limits each
 * operation separately, per selling partner and app; the bucket lives in the store when the settings
 * carry one, named {@code sp-api:<operation>}, so poller, pusher, reconciler and every container of
 * the channel draw from one usage plan), sends the LWA access token, refreshes it once when Amazon answers 401/403
 * (an expired or revoked token) before classifying the call AUTH, and on 429 QuotaExceeded backs
 * off by the hint, retrying only a bounded number of times within {@link AmazonApi#MAX_WAIT}.
 */
final class SpApiClient {
    private final MallHttp http;
    private final LwaAuth auth;
    private final String baseUrl;
    private final TokenBucket.Sleeper sleeper;
    private final ChannelLimits.Named buckets;

    /** An SP-API operation and its documented usage plan, enforced on our side. */
    static final class Operation {
        private final String name;
        private final double rate;
        private final TokenBucket bucket;

        Operation(String name, double rate, int burst, ChannelLimits.Named buckets) {
            this.name = name;
            this.rate = rate;
            this.bucket = buckets.bucket(BUCKET_PREFIX + name, rate, burst);
        }

        /** Whether this operation's usage plan is kept in the store (shared by every container). */
        boolean isShared() {
            return bucket.isShared();
        }

        String name() {
            return name;
        }

        /** Time until the documented rate gives one more call: the hint when Amazon sends none. */
        Duration oneTokenTime() {
            return Duration.ofMillis((long) Math.ceil(1000 / rate));
        }
    }

    /** A bucket's name in the store: the SP-API operation name, which is what Amazon limits by. */
    static final String BUCKET_PREFIX = "sp-api:";

    SpApiClient(MallHttp http, LwaAuth auth, String baseUrl, TokenBucket.Sleeper sleeper,
                ChannelLimits.Named buckets) {
        this.http = http;
        this.auth = auth;
        this.baseUrl = baseUrl;
        this.sleeper = sleeper;
        this.buckets = buckets;
    }

    Operation operation(String name, double rate, int burst) {
        return new Operation(name, rate, burst, buckets);
    }

    TokenBucket.Sleeper sleeper() {
        return sleeper;
    }

    HttpResponse<String> get(Operation operation, String pathAndQuery) {
        return call(operation, "GET", pathAndQuery, null);
    }

    HttpResponse<String> send(Operation operation, String method, String pathAndQuery, String jsonBody) {
        return call(operation, method, pathAndQuery, jsonBody);
    }

    private HttpResponse<String> call(Operation operation, String method, String pathAndQuery, String jsonBody) {
        URI uri = MallHttp.resolve(baseUrl, pathAndQuery);
        boolean refreshed = false;
        int throttled = 0;
        while (true) {
            if (!operation.bucket.acquire(AmazonApi.MAX_WAIT)) {
                throw new SpApiException(PushStatus.RETRY, 0, "LOCAL_RATE_LIMIT",
                        operation.name + ": our side of the usage plan has no call left now",
                        Optional.of(operation.oneTokenTime()));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .header(AmazonApi.ACCESS_TOKEN_HEADER, auth.accessToken())
                    .header("Accept", "application/json");
            if (jsonBody == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
            }
            HttpResponse<String> response = http.send(request, operation.name);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            if ((status == 401 || status == 403) && !refreshed) {
                // An access token can be revoked or expire early; one fresh token decides whether
                // it was the token or the seller's authorisation.
                auth.invalidate();
                refreshed = true;
                continue;
            }
            if (status == 429) {
                Duration hint = hint(operation, response);
                operation.bucket.penalise(hint);
                // the shared retry policy decides; the operation's bucket (pushed out above) does the waiting
                if (dev.zaiko.channel.support.RetryPolicy.of(AmazonApi.MAX_THROTTLE_RETRIES + 1, hint,
                        AmazonApi.MAX_WAIT, AmazonApi.MAX_WAIT, sleeper)
                        .nextWait(++throttled, Optional.of(hint), AmazonApi.MAX_WAIT).isPresent()) {
                    continue;
                }
                throw AmazonErrors.exception(operation.name, status, response.body(), Optional.of(hint));
            }
            Optional<Duration> retryAfter = status >= 500
                    ? MallHttp.retryAfter(response).or(() -> Optional.of(Duration.ofSeconds(1)))
                    : Optional.empty();
            throw AmazonErrors.exception(operation.name, status, response.body(), retryAfter);
        }
    }

    /**
     * SP-API 429s carry no Retry-After; the rate header (when sent) or the documented rate says
     * when the bucket has a token again.
     */
    static Duration hint(Operation operation, HttpResponse<?> response) {
        Optional<Duration> retryAfter = MallHttp.retryAfter(response);
        if (retryAfter.isPresent()) {
            return retryAfter.get();
        }
        Optional<String> rateHeader = response.headers().firstValue(AmazonApi.RATE_LIMIT_HEADER);
        if (rateHeader.isPresent()) {
            try {
                double rate = Double.parseDouble(rateHeader.get().trim());
                if (rate > 0) {
                    return Duration.ofMillis((long) Math.ceil(1000 / rate));
                }
            } catch (NumberFormatException e) {
                // fall back to the documented rate
            }
        }
        return operation.oneTokenTime();
    }
}
