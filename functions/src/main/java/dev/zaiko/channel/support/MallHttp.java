package dev.zaiko.channel.support;

import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The JDK HTTP client with the timeouts every mall call gets; no extra HTTP library in the Lambda
 * jar. Network failures and timeouts become RETRY, so adapters only classify the mall's answers.
 */
public final class MallHttp {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private static final HttpClient SHARED = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final HttpClient client;

    public MallHttp() {
        this(SHARED);
    }

    public MallHttp(HttpClient client) {
        this.client = client;
    }

    public HttpResponse<String> send(HttpRequest.Builder request, String what) {
        try {
            return client.send(request.timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new ChannelException(PushStatus.RETRY, "TIMEOUT", what + " timed out", Optional.empty());
        } catch (IOException e) {
            throw new ChannelException(PushStatus.RETRY, "NETWORK", what + " failed: " + e.getMessage(),
                    Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelException(PushStatus.RETRY, "INTERRUPTED", what + " was interrupted", Optional.empty());
        }
    }

    /** Parses a Retry-After header given in seconds; empty when absent or unreadable. */
    public static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    public static URI resolve(String base, String pathAndQuery) {
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(trimmed + pathAndQuery);
    }
}
