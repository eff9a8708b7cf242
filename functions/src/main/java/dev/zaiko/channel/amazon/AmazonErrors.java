package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.channel.PushStatus;

import java.time.Duration;
import java.util.Optional;

/**
 * SP-API error answers ({@code {"errors":[{"code","message","details"}]}}) classified for the
 * caller. 429 QuotaExceeded and 5xx are temporary (RETRY); 401/403 mean the token or the
 * authorisation is bad (AUTH, after one token refresh done by {@link SpApiClient}); other 4xx are
 * about this request only (REJECTED).
 */
final class AmazonErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AmazonErrors() {
    }

    /** The first error of an SP-API ErrorList; falls back to the HTTP status when the body is not one. */
    record AmazonError(String code, String message, String details) {
        String text() {
            return details.isBlank() || details.equals(message) ? message : message + " (" + details + ")";
        }
    }

    static AmazonError parse(int status, String body) {
        try {
            JsonNode root = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            JsonNode first = root.path("errors").path(0);
            if (first.isObject()) {
                return new AmazonError(first.path("code").asText("HTTP_" + status),
                        first.path("message").asText(""), first.path("details").asText(""));
            }
        } catch (java.io.IOException e) {
            // not JSON (an HTML error page from a proxy): the status alone classifies it
        }
        String snippet = body == null ? "" : body.substring(0, Math.min(body.length(), 200));
        return new AmazonError("HTTP_" + status, snippet, "");
    }

    static PushStatus classify(int status) {
        if (status == 401 || status == 403) {
            return PushStatus.AUTH;
        }
        if (status == 429 || status >= 500) {
            return PushStatus.RETRY;
        }
        return PushStatus.REJECTED;
    }

    static SpApiException exception(String operation, int status, String body, Optional<Duration> retryAfter) {
        AmazonError error = parse(status, body);
        return new SpApiException(classify(status), status, error.code(),
                operation + " answered HTTP " + status + " " + error.code() + ": " + error.text(), retryAfter);
    }
}
