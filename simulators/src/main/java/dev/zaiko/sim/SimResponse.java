package dev.zaiko.sim;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a simulator route answers. */
public record SimResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    public SimResponse {
        headers = Map.copyOf(headers);
    }

    public static SimResponse json(int status, String json) {
        return new SimResponse(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    public static SimResponse xml(int status, String xml) {
        return new SimResponse(status, "application/xml; charset=utf-8", xml.getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    public static SimResponse empty(int status) {
        return new SimResponse(status, "text/plain", new byte[0], Map.of());
    }

    public SimResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SimResponse(status, contentType, body, copy);
    }
}
