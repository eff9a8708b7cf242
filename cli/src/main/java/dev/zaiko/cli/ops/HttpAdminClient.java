package dev.zaiko.cli.ops;

import dev.zaiko.admin.AdminRequest;
import dev.zaiko.admin.AdminResponse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** The admin API of a running {@code ./zaiko local up}, over HTTP on 127.0.0.1. */
public final class HttpAdminClient implements AdminClient {
    private final URI gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public HttpAdminClient(URI gateway) {
        this.gateway = gateway;
    }

    @Override
    public AdminResponse call(AdminRequest request) {
        String query = request.query().entrySet().stream()
                .map(e -> AdminRequest.encode(e.getKey()) + "=" + AdminRequest.encode(e.getValue()))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(gateway.toString().replaceAll("/+$", "") + request.rawPath()
                + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30))
                .header("X-Zaiko-User", request.user())
                .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new AdminResponse(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(AdminResponse.JSON), response.body());
        } catch (ConnectException e) {
            throw new IllegalStateException("no zaiko admin API at " + gateway + " (start one with `./zaiko local up`,"
                    + " or pass --gateway URL / ZAIKO_GATEWAY, or use --aws)");
        } catch (IOException e) {
            throw new IllegalStateException("calling " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public boolean reportsProgress() {
        return false;
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
