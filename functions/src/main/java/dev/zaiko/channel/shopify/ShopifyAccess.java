package dev.zaiko.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.PushStatus;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The Admin API access token. Two kinds of app exist: a legacy custom app (created in the store
 * admin before 2026) has a long-lived token, used as is; a Dev Dashboard app exchanges its client
 * id and secret for a token of about 24 h (client-credentials grant), which we renew
 * {@link ShopifyApi#TOKEN_REFRESH_MARGIN} before it expires and once more when Shopify answers 401.
 */
final class ShopifyAccess {
    private final Optional<String> fixedToken;
    private final String clientId;
    private final String clientSecret;
    private final URI tokenEndpoint;
    private final MallHttp http;
    private final Clock clock;
    private final ObjectMapper json;
    private String token;
    private Instant expiresAt;

    private ShopifyAccess(Optional<String> fixedToken, String clientId, String clientSecret, URI tokenEndpoint,
                          MallHttp http, Clock clock, ObjectMapper json) {
        this.fixedToken = fixedToken;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokenEndpoint = tokenEndpoint;
        this.http = http;
        this.clock = clock;
        this.json = json;
    }

    static ShopifyAccess fixed(String accessToken) {
        return new ShopifyAccess(Optional.of(accessToken), null, null, null, null, null, null);
    }

    static ShopifyAccess clientCredentials(String clientId, String clientSecret, URI tokenEndpoint, MallHttp http,
                                           Clock clock, ObjectMapper json) {
        return new ShopifyAccess(Optional.empty(), clientId, clientSecret, tokenEndpoint, http, clock, json);
    }

    boolean canRenew() {
        return fixedToken.isEmpty();
    }

    synchronized String token() {
        if (fixedToken.isPresent()) {
            return fixedToken.get();
        }
        if (token == null || !clock.instant().plus(ShopifyApi.TOKEN_REFRESH_MARGIN).isBefore(expiresAt)) {
            requestToken();
        }
        return token;
    }

    /** Shopify refused the token (401): the next {@link #token()} asks for a new one. */
    synchronized void invalidate() {
        token = null;
    }

    CredentialStatus status() {
        if (fixedToken.isPresent()) {
            return new CredentialStatus("accessToken", Optional.empty(),
                    "custom-app Admin API token; does not expire, but is revoked if the app is uninstalled",
                    new CredentialStatus.Japanese("アクセストークン（accessToken）",
                            "カスタムアプリの Admin API トークン。期限はありませんが、アプリを削除すると無効になります。"));
        }
        return new CredentialStatus("clientSecret", Optional.empty(),
                "Dev Dashboard app client id/secret; the ~24 h access token is renewed automatically. "
                        + "If Shopify refuses the secret, rotate it in the Dev Dashboard (Apps > Settings) "
                        + "and update the channel's secret",
                new CredentialStatus.Japanese("クライアントシークレット（clientSecret）",
                        "Dev Dashboard のアプリのクライアントID/シークレット。約24時間のアクセストークンは自動で更新します。"
                                + "Shopify がシークレットを拒否したときは Dev Dashboard（Apps > Settings）で再発行し、"
                                + "チャネルのシークレットを更新してください。"));
    }

    private void requestToken() {
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(tokenEndpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)), "Shopify access token request");
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new ChannelException(PushStatus.RETRY, "HTTP_" + status,
                    "Shopify token endpoint answered " + status, MallHttp.retryAfter(response));
        }
        if (status != 200) {
            // 400/401/403: wrong or revoked client secret, or the app is not installed on the store.
            throw new ChannelException(PushStatus.AUTH, "HTTP_" + status,
                    "Shopify refused the client credentials (" + status + "): " + abbreviate(response.body()),
                    Optional.empty());
        }
        try {
            JsonNode body = json.readTree(response.body());
            String accessToken = body.path("access_token").asText("");
            if (accessToken.isBlank()) {
                throw new IllegalArgumentException("no access_token");
            }
            long expiresIn = body.path("expires_in").asLong(Duration.ofHours(24).toSeconds());
            token = accessToken;
            expiresAt = clock.instant().plusSeconds(expiresIn);
        } catch (Exception e) {
            throw new ChannelException(PushStatus.RETRY, "BAD_TOKEN_RESPONSE",
                    "Shopify token endpoint answered without an access_token: " + abbreviate(response.body()),
                    Optional.empty());
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
