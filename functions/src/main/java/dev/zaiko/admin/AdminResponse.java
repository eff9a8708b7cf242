package dev.zaiko.admin;

import java.nio.charset.StandardCharsets;

/** What the admin API answers: a status, a content type and a body (JSON, or CSV for exports). */
public record AdminResponse(int status, String contentType, byte[] body) {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String CSV = "text/csv; charset=utf-8";

    public static AdminResponse json(int status, String body) {
        return new AdminResponse(status, JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
