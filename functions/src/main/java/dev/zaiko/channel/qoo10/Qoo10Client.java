package dev.zaiko.channel.qoo10;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.RetryPolicy;
import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;

import java.io.IOException;
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
 * One QAPI call: {@code POST <base>/GMKT.INC.Front.QAPIService/ebayjapan.qapi/<Service.Method>},
 * form-urlencoded, headers {@code QAPIVersion} and {@code GiosisCertificationKey}, JSON envelope
 * {@code {ResultCode, ResultMsg, ResultObject}}. Paced by a token bucket; a 429 is waited out by the
 * shared {@link RetryPolicy} (its Retry-After honoured); an expired SAK is re-issued once.
 */
final class Qoo10Client {
    static final String PATH = "/GMKT.INC.Front.QAPIService/ebayjapan.qapi/";
    static final String QAPI_VERSION = "1.0";
    /** Calls per logical request when Qoo10 answers 429; after that the caller gets RETRY. */
    static final int MAX_ATTEMPTS = 3;
    /** The longest we wait for our own bucket or a 429 hint before giving up with RETRY. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    record Envelope(int resultCode, String resultMsg, JsonNode resultObject) {
        PushStatus status() {
            return Qoo10Errors.classify(resultCode);
        }

        ChannelException failure(String method) {
            return new ChannelException(status() == PushStatus.OK ? PushStatus.REJECTED : status(),
                    String.valueOf(resultCode), "qoo10 " + method + ": " + resultMsg, Optional.empty());
        }
    }

    private final String baseUrl;
    private final MallHttp http;
    private final TokenBucket bucket;
    private final Qoo10Auth auth;
    private final RetryPolicy retry;
    private final ObjectMapper json = new ObjectMapper();

    Qoo10Client(String baseUrl, MallHttp http, TokenBucket bucket, Qoo10Auth auth, TokenBucket.Sleeper sleeper) {
        this.baseUrl = baseUrl;
        this.http = http;
        this.bucket = bucket;
        this.auth = auth;
        this.retry = RetryPolicy.of(MAX_ATTEMPTS, DEFAULT_RETRY_AFTER, MAX_WAIT, MAX_WAIT, sleeper);
    }

    ObjectMapper json() {
        return json;
    }

    /** Calls a method and insists on ResultCode 0. */
    JsonNode require(String method, Map<String, String> form) {
        Envelope envelope = call(method, form);
        if (envelope.resultCode() != Qoo10Errors.SUCCESS) {
            throw envelope.failure(method);
        }
        return envelope.resultObject();
    }

    /** Calls a method with the seller auth key; any ResultCode comes back except an expired SAK that could be renewed. */
    Envelope call(String method, Map<String, String> form) {
        boolean renewed = false;
        while (true) {
            String sellerKey = auth.sellerKey(this::issueSellerKey);
            Envelope envelope = exchange(method, form, sellerKey);
            if (Qoo10Errors.SAK_EXPIRED.contains(envelope.resultCode()) && !renewed && auth.forgetSellerKey()) {
                renewed = true;
                continue;
            }
            return envelope;
        }
    }

    private String issueSellerKey() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("user_id", auth.userId().orElseThrow());
        form.put("pwd", auth.password().orElseThrow());
        Envelope envelope = exchange("CertificationAPI.CreateCertificationKey", form, auth.apiKey());
        if (envelope.resultCode() != Qoo10Errors.SUCCESS) {
            // a refused login is a credentials problem whatever the code says
            PushStatus kind = envelope.status() == PushStatus.RETRY ? PushStatus.RETRY : PushStatus.AUTH;
            throw new ChannelException(kind, String.valueOf(envelope.resultCode()),
                    "qoo10 CertificationAPI.CreateCertificationKey: " + envelope.resultMsg(), Optional.empty());
        }
        String key = envelope.resultObject() == null ? "" : envelope.resultObject().asText("");
        if (key.isBlank()) {
            throw new ChannelException(PushStatus.AUTH, "0",
                    "qoo10 CertificationAPI.CreateCertificationKey answered no key (ResultObject empty)", Optional.empty());
        }
        return key;
    }

    private Envelope exchange(String method, Map<String, String> form, String certificationKey) {
        Map<String, String> body = new LinkedHashMap<>(form);
        body.put("returnType", "application/json");
        String encoded = body.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        long start = retry.sleeper().nanoTime();
        return retry.call(attempt -> {
            if (!bucket.acquire(retry.remaining(start))) {
                throw new ChannelException(PushStatus.RETRY, "RATE_LIMIT",
                        "qoo10 " + method + ": no call allowed within " + MAX_WAIT.toSeconds() + " s", Optional.empty());
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(MallHttp.resolve(baseUrl, PATH + method))
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                    .header("QAPIVersion", QAPI_VERSION)
                    .header("GiosisCertificationKey", certificationKey)
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(encoded, StandardCharsets.UTF_8));
            HttpResponse<String> response = http.send(request, "qoo10 " + method);
            int status = response.statusCode();
            if (status == 429) {
                Duration hint = MallHttp.retryAfter(response).orElse(DEFAULT_RETRY_AFTER);
                bucket.penalise(hint);
                return RetryPolicy.retry(new ChannelException(PushStatus.RETRY, "HTTP 429",
                        "qoo10 " + method + ": rate limited (" + snippet(response.body()) + ")", Optional.of(hint)));
            }
            if (status != 200) {
                // maintenance pages and gateway errors come as HTML: keep a snippet for the seller
                throw new ChannelException(Qoo10Errors.classifyHttp(status), "HTTP " + status,
                        "qoo10 " + method + ": HTTP " + status + " " + snippet(response.body()),
                        MallHttp.retryAfter(response));
            }
            return RetryPolicy.done(parse(method, response.body()));
        });
    }

    private Envelope parse(String method, String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (IOException e) {
            throw new ChannelException(PushStatus.RETRY, "UNREADABLE",
                    "qoo10 " + method + ": answer is not JSON: " + snippet(text), Optional.empty());
        }
        if (root == null || !root.isObject() || !root.has("ResultCode")) {
            throw new ChannelException(PushStatus.RETRY, "UNREADABLE",
                    "qoo10 " + method + ": answer has no ResultCode: " + snippet(text), Optional.empty());
        }
        int code;
        try {
            code = Integer.parseInt(root.get("ResultCode").asText().trim());
        } catch (NumberFormatException e) {
            throw new ChannelException(PushStatus.RETRY, "UNREADABLE",
                    "qoo10 " + method + ": ResultCode is not a number: " + snippet(text), Optional.empty());
        }
        return new Envelope(code, root.path("ResultMsg").asText(""), root.get("ResultObject"));
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
