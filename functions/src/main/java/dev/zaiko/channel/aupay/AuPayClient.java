package dev.zaiko.channel.aupay;

import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.RetryPolicy;
import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;
import org.w3c.dom.Element;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One Wowma Shop API call: {@code <base>/wmshopapi/<proc>} with {@code Authorization: Bearer <key>}
 * and the shop id; XML answers {@code <response><result><status>0</status>...}. Paced by a token
 * bucket; a 429 is waited out (its hint honoured) a bounded number of times.
 *
 * <p>au PAY accepts calls only from the connecting IP registered with the key (接続元IPアドレス):
 * from anywhere else every call fails, which shows here as AUTH (401/403) or REJECTED.
 */
final class AuPayClient {
    static final String PATH = "/wmshopapi/";
    static final int MAX_ATTEMPTS = 3;
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    /** A readable answer: the {@code <response>} element and its result status and error. */
    record Answer(Element response, String status, String errorCode, String errorMessage, int httpStatus) {
        boolean ok() {
            return "0".equals(status) && httpStatus == 200;
        }

        Answer withHttpStatus(int status) {
            return new Answer(response, this.status, errorCode, errorMessage, status);
        }

        ChannelException failure(String proc) {
            return new ChannelException(AuPayErrors.classifyCode(errorCode), errorCode,
                    "aupay " + proc + ": " + errorMessage, Optional.empty());
        }
    }

    private final String baseUrl;
    private final MallHttp http;
    private final TokenBucket bucket;
    private final AuPayAuth auth;
    private final RetryPolicy retry;

    AuPayClient(String baseUrl, MallHttp http, TokenBucket bucket, AuPayAuth auth, TokenBucket.Sleeper sleeper) {
        this.baseUrl = baseUrl;
        this.http = http;
        this.bucket = bucket;
        this.auth = auth;
        this.retry = RetryPolicy.of(MAX_ATTEMPTS, DEFAULT_RETRY_AFTER, MAX_WAIT, MAX_WAIT, sleeper);
    }

    String shopId() {
        return auth.shopId();
    }

    /** GET with the shop id first; any result status comes back. */
    Answer get(String proc, Map<String, String> params) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("shopId", auth.shopId());
        query.putAll(params);
        String encoded = query.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return exchange(proc, () -> HttpRequest.newBuilder(MallHttp.resolve(baseUrl, PATH + proc + "?" + encoded))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .GET());
    }

    /** GET that insists on result status 0. */
    Answer require(String proc, Map<String, String> params) {
        Answer answer = get(proc, params);
        if (!answer.ok()) {
            throw answer.failure(proc);
        }
        return answer;
    }

    /** POST of an XML body (the shop id is inside it). */
    Answer post(String proc, String xml) {
        return exchange(proc, () -> HttpRequest.newBuilder(MallHttp.resolve(baseUrl, PATH + proc))
                .header("Content-Type", "application/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)));
    }

    private Answer exchange(String proc, java.util.function.Supplier<HttpRequest.Builder> request) {
        long start = retry.sleeper().nanoTime();
        return retry.call(attempt -> {
            if (!bucket.acquire(retry.remaining(start))) {
                throw new ChannelException(PushStatus.RETRY, "RATE_LIMIT",
                        "aupay " + proc + ": no call allowed within " + MAX_WAIT.toSeconds() + " s", Optional.empty());
            }
            HttpResponse<String> response = http.send(request.get()
                    .header("Authorization", auth.bearer())
                    .header("Accept", "application/xml"), "aupay " + proc);
            int status = response.statusCode();
            Optional<Answer> answer = read(response.body());
            if (status == 429) {
                Duration hint = MallHttp.retryAfter(response).orElse(DEFAULT_RETRY_AFTER);
                bucket.penalise(hint);
                return RetryPolicy.retry(new ChannelException(PushStatus.RETRY, answer.map(Answer::errorCode)
                        .filter(c -> !c.isEmpty()).orElse("HTTP 429"), "aupay " + proc + ": rate limited",
                        Optional.of(hint)));
            }
            if (status != 200 && answer.isPresent()
                    && !AuPayXml.children(answer.get().response(), "updateResult").isEmpty()) {
                // a refused call that still lists its per-item results: the caller reads them item by item
                return RetryPolicy.done(answer.get().withHttpStatus(status));
            }
            if (status != 200) {
                // keep au PAY's own code and message when the error page is its XML
                String code = answer.map(Answer::errorCode).filter(c -> !c.isEmpty()).orElse("HTTP " + status);
                String message = answer.map(Answer::errorMessage).filter(m -> !m.isEmpty())
                        .orElse(snippet(response.body()));
                throw new ChannelException(AuPayErrors.classifyHttp(status), code,
                        "aupay " + proc + ": HTTP " + status + " " + message, MallHttp.retryAfter(response));
            }
            return RetryPolicy.done(answer.orElseThrow(() -> new ChannelException(PushStatus.RETRY, "UNREADABLE",
                    "aupay " + proc + ": answer is not the expected XML: " + snippet(response.body()), Optional.empty())));
        });
    }

    private static Optional<Answer> read(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        return AuPayXml.parse(body).map(d -> d.getDocumentElement())
                .filter(root -> "response".equals(root.getTagName()))
                .map(root -> new Answer(root, AuPayXml.path(root, "result", "status"),
                        AuPayXml.path(root, "result", "error", "code"),
                        AuPayXml.path(root, "result", "error", "message"), 200));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    static String snippet(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
