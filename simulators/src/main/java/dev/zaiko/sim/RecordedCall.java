package dev.zaiko.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One HTTP call a simulator received, so tests can assert exactly what the mall was sent. */
public record RecordedCall(String method, String path, String query, Map<String, List<String>> headers, String body,
                           int status, Instant at) {
    public RecordedCall {
        headers = Map.copyOf(headers);
    }

    public String header(String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }
}
