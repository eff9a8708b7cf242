package dev.zaiko.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A bare HTTP client for a simulator's own tests: what a caller that knows nothing of zaiko would send. */
public final class SimHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Answer(int status, JsonNode body) {
    }

    private SimHttp() {
    }

    /** POSTs {@code {"operationName", "query", "variables"}} with the given headers. */
    public static Answer graphql(URI endpoint, Map<String, String> headers, String operationName, String query,
                                 String variablesJson) {
        try {
            String body = JSON.writeValueAsString(Map.of("operationName", operationName, "query", query,
                    "variables", JSON.readTree(variablesJson)));
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
