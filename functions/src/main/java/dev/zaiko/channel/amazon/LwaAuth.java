package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.domain.channel.PushStatus;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Login with Amazon: trades the seller's refresh token for an access token (1 h), cached until
 * {@link AmazonApi#TOKEN_REFRESH_MARGIN} before it expires. Refresh tokens do not expire, so a
 * refusal here ({@code invalid_grant}: revoked; {@code invalid_client}: client secret not rotated
 * in time) is AUTH and needs the seller.
 */
final class LwaAuth {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MallHttp http;
    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String refreshToken;
    private final Clock clock;
    private String accessToken;
    private Instant usableUntil = Instant.MIN;

    LwaAuth(MallHttp http, String lwaBaseUrl, String clientId, String clientSecret, String refreshToken, Clock clock) {
        this.http = http;
        this.tokenUrl = MallHttp.resolve(lwaBaseUrl, AmazonApi.LWA_TOKEN_PATH).toString();
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.clock = clock;
    }

    synchronized String accessToken() {
        if (accessToken == null || !clock.instant().isBefore(usableUntil)) {
            refresh();
        }
        return accessToken;
    }

    /** The API refused the token: forget it so the next {@link #accessToken()} fetches a new one. */
    synchronized void invalidate() {
        accessToken = null;
        usableUntil = Instant.MIN;
    }

    private void refresh() {
        String form = "grant_type=refresh_token"
                + "&refresh_token=" + encode(refreshToken)
                + "&client_id=" + encode(clientId)
                + "&client_secret=" + encode(clientSecret);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(java.net.URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)), "LWA token refresh");
        int status = response.statusCode();
        JsonNode body;
        try {
            body = JSON.readTree(response.body() == null || response.body().isBlank() ? "{}" : response.body());
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        if (status == 200) {
            String token = body.path("access_token").asText("");
            if (token.isBlank()) {
                throw new SpApiException(PushStatus.RETRY, status, "LWA_MALFORMED",
                        "LWA token answer has no access_token", Optional.empty());
            }
            long expiresIn = body.path("expires_in").asLong(3600);
            accessToken = token;
            usableUntil = clock.instant().plusSeconds(expiresIn).minus(AmazonApi.TOKEN_REFRESH_MARGIN);
            return;
        }
        String code = body.path("error").asText("HTTP_" + status);
        String message = "LWA token refresh answered HTTP " + status + " " + code + ": "
                + body.path("error_description").asText("");
        // 400/401: invalid_grant (refresh token revoked), invalid_client (secret wrong or expired):
        // no retry will fix them. 429 and 5xx are LWA being busy.
        PushStatus kind = status == 429 || status >= 500 ? PushStatus.RETRY : PushStatus.AUTH;
        throw new SpApiException(kind, status, code, message,
                kind == PushStatus.RETRY ? MallHttp.retryAfter(response).or(() -> Optional.of(Duration.ofSeconds(1)))
                        : Optional.empty());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
