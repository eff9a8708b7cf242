package dev.zaiko.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Mounts the admin API on a JDK {@code HttpServer} ({@code server.createContext("/admin/", new
 * AdminHttpHandler(api))}): the local gateway of {@code ./zaiko local up} and tests. The server must
 * listen on 127.0.0.1 only: the admin API has no authentication of its own.
 */
public final class AdminHttpHandler implements HttpHandler {
    /** An import of 100,000 rows is a few MB; anything far larger is a mistake, not a shop. */
    public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final AdminApi api;

    public AdminHttpHandler(AdminApi api) {
        this.api = api;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            AdminResponse response = body.length > MAX_BODY_BYTES
                    ? AdminResponse.json(413, "{\"error\":{\"code\":\"BODY_TOO_LARGE\",\"params\":{\"max\":\""
                    + MAX_BODY_BYTES + "\"},\"message\":\"request body larger than " + MAX_BODY_BYTES + " bytes\"}}")
                    : api.handle(AdminRequest.of(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), body)
                    .withUser(exchange.getRequestHeaders().getFirst("X-Zaiko-User")));
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }
}
