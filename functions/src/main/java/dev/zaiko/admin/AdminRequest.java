package dev.zaiko.admin;

import dev.zaiko.app.ops.Progress;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One admin API call, independent of the HTTP server that received it.
 *
 * @param rawPath  the path as sent (percent-encoded: a SKU may hold '/', sent as %2F)
 * @param query    decoded query parameters (first value of each)
 * @param user     who asks, for the journal ({@code admin:<user>}); the server decides how it knows
 * @param progress where a long operation reports progress; in-process callers may pass a bar, HTTP servers none
 */
public record AdminRequest(String method, String rawPath, Map<String, String> query, byte[] body, String user,
                           Progress progress) {
    public AdminRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        query = Map.copyOf(query);
        body = body == null ? new byte[0] : body;
        user = user == null || user.isBlank() ? "admin" : user;
        progress = progress == null ? Progress.NONE : progress;
    }

    public static AdminRequest of(String method, String rawPath, String rawQuery, byte[] body) {
        return new AdminRequest(method, rawPath, parseQuery(rawQuery), body, "admin", Progress.NONE);
    }

    public AdminRequest withUser(String newUser) {
        return new AdminRequest(method, rawPath, query, body, newUser, progress);
    }

    public AdminRequest withProgress(Progress newProgress) {
        return new AdminRequest(method, rawPath, query, body, user, newProgress);
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isBlank());
    }

    public boolean flag(String name) {
        String value = query.get(name);
        return value != null && (value.isEmpty() || value.equalsIgnoreCase("true") || value.equals("1"));
    }

    public static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            query.putIfAbsent(name, value);
        }
        return query;
    }

    /** Percent-decoding; '+' is a space only in a query. */
    public static String decode(String text, boolean inQuery) {
        String prepared = inQuery ? text : text.replace("+", "%2B");
        return java.net.URLDecoder.decode(prepared, StandardCharsets.UTF_8);
    }

    /** Percent-encoding for one path segment or query value (a space as %20, '/' as %2F). */
    public static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
