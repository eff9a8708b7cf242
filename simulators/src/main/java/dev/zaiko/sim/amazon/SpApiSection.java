package dev.zaiko.sim.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.sim.SimResponse;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** One SP-API section of the simulator: its routes' handlers, SP-API's answer shapes, the shared state. */
abstract class SpApiSection {
    final AmazonSimulator sim;
    final SpApiState s;
    final Clock clock;
    final com.fasterxml.jackson.databind.ObjectMapper json;

    SpApiSection(AmazonSimulator sim, SpApiState s) {
        this.sim = sim;
        this.s = s;
        this.clock = sim.clock();
        this.json = sim.json();
    }

    static String errorList(String code, String message, String details) {
        return "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'")
                + "\",\"details\":\"" + details.replace("\"", "'") + "\"}]}";
    }

    static SimResponse error(int status, String code, String message, String details) {
        return SimResponse.json(status, errorList(code, message, details))
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    static SimResponse invalidInput(String details) {
        return error(400, "InvalidInput", "Invalid Input", details);
    }

    static String signature(Map<String, String> query, Set<String> excluded) {
        StringBuilder s = new StringBuilder();
        query.entrySet().stream().filter(e -> !excluded.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> s.append(e.getKey()).append('=').append(e.getValue()).append('&'));
        return s.toString();
    }

    static SimResponse ok(JsonNode body, String rate) {
        return SimResponse.json(200, body.toString())
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withHeader("x-amzn-RateLimit-Limit", rate);
    }
}
