package dev.zaiko.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.sim.SimRequest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The local runtime's read-only admin API on the gateway (127.0.0.1 only), for scripts and the
 * CLI: other processes read the ledger here, never through the store itself (the SQL store stays
 * in this process). Deliberately minimal; every answer is JSON:
 *
 * <ul>
 *   <li>{@code GET /local/health} → {@code {"ok":true}}</li>
 *   <li>{@code GET /local/channels} → each channel: id, type, webhook, health, healthMessage,
 *       lastPollAt, lastPollEvents, pushQueueDepth, pushDeadLetterDepth</li>
 *   <li>{@code GET /local/stock} → every SKU: sku, name, available, safetyStock</li>
 *   <li>{@code GET /local/stock?sku=S} → that SKU with version, JAN and its listings with their
 *       sellable quantity; 404 when unknown</li>
 * </ul>
 * And, local only, what each simulated mall displays (the mall's side, not the ledger's):
 * {@code GET /sim/{channelId}/shown} → {@code {"channelId":…,"type":…,"shown":{itemKey: quantity}}}.
 */
public final class LocalAdminApi {
    private final LocalRuntime runtime;
    private final LedgerView view;
    private final ObjectMapper json = new ObjectMapper();

    public LocalAdminApi(LocalRuntime runtime, LedgerView view) {
        this.runtime = runtime;
        this.view = view;
    }

    /** Registers {@code /admin/} and {@code /sim/} on the runtime's gateway. */
    public void serve() {
        runtime.serve("/local/", guarded(this::admin));
        HttpHandler readOnly = guarded(this::simulator);
        runtime.serve("/sim/", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/faults")) {
                faults(exchange);
            } else {
                readOnly.handle(exchange);
            }
        });
    }

    private interface Route {
        Answer answer(String path, Map<String, String> query);
    }

    private record Answer(int status, Object body) {
    }

    private HttpHandler guarded(Route route) {
        return exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    respond(exchange, new Answer(405, error("read-only API: GET only")));
                    return;
                }
                Answer answer;
                try {
                    answer = route.answer(exchange.getRequestURI().getPath(),
                            SimRequest.parseForm(exchange.getRequestURI().getRawQuery()));
                } catch (IllegalArgumentException e) {
                    answer = new Answer(400, error(e.getMessage()));
                } catch (RuntimeException e) {
                    answer = new Answer(500, error(e.toString()));
                }
                respond(exchange, answer);
            }
        };
    }

    private Answer admin(String path, Map<String, String> query) {
        return switch (path) {
            case "/local/health" -> new Answer(200, json.createObjectNode().put("ok", true));
            case "/local/channels" -> new Answer(200, channels());
            case "/local/stock" -> query.containsKey("sku") ? sku(query.get("sku")) : new Answer(200, allStock());
            default -> new Answer(404, error("no such local resource: " + path
                    + " (known: /local/health, /local/channels, /local/stock[?sku=]; the admin API is under /admin/)"));
        };
    }

    private ObjectNode channels() {
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("channels");
        for (LocalRuntime.Channel channel : new TreeMap<>(runtime.channels()).values()) {
            ChannelState state = runtime.states.get(channel.id());
            ObjectNode node = list.addObject();
            node.put("id", channel.id());
            node.put("type", channel.type());
            node.put("webhook", channel.webhook());
            node.put("pollIntervalSeconds", channel.pollInterval().toSeconds());
            node.put("health", state.health().name());
            node.put("healthMessage", state.healthMessage());
            node.put("lastPollAt", state.lastPollAt().map(Object::toString).orElse(null));
            node.put("lastPollEvents", state.lastPollEvents());
            node.put("pushQueueDepth", runtime.pushQueue(channel.id()).visibleCount());
            node.put("pushDeadLetterDepth", runtime.pushQueue(channel.id()).deadLetterCount());
        }
        return root;
    }

    private ObjectNode allStock() {
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("skus");
        List<String> skus = view.skus();
        Map<String, StockLevel> levels = skus.isEmpty() ? Map.of() : runtime.store.readStock(skus);
        for (String sku : skus) {
            StockLevel level = levels.get(sku);
            if (level == null) {
                continue;
            }
            ObjectNode node = list.addObject();
            node.put("sku", sku);
            node.put("name", level.name().orElse(null));
            node.put("available", level.available());
            node.put("safetyStock", level.safetyStock());
        }
        return root;
    }

    private Answer sku(String sku) {
        if (sku == null || sku.isBlank()) {
            throw new IllegalArgumentException("sku is empty");
        }
        StockLevel level = runtime.store.readStock(List.of(sku)).get(sku);
        if (level == null) {
            return new Answer(404, error("no SKU " + sku));
        }
        ObjectNode node = json.createObjectNode();
        node.put("sku", sku);
        node.put("name", level.name().orElse(null));
        node.put("jan", level.jan().orElse(null));
        node.put("available", level.available());
        node.put("safetyStock", level.safetyStock());
        node.put("version", level.version());
        ArrayNode listings = node.putArray("listings");
        for (ListingKey key : runtime.store.listingsContaining(sku)) {
            OptionalLong sellable = runtime.ledger.sellable(key);
            ObjectNode listing = listings.addObject();
            listing.put("channelId", key.channelId());
            listing.put("itemKey", key.itemKey());
            if (sellable.isPresent()) {
                listing.put("sellable", sellable.getAsLong());
            }
        }
        return new Answer(200, node);
    }

    private Answer simulator(String path, Map<String, String> query) {
        String[] parts = path.split("/");
        // "", "sim", channelId, "shown"
        if (parts.length != 4 || !"shown".equals(parts[3])) {
            return new Answer(404, error("expected /sim/{channelId}/shown"));
        }
        LocalRuntime.Channel channel = runtime.channels().get(parts[2]);
        if (channel == null) {
            return new Answer(404, error("no channel " + parts[2]));
        }
        ObjectNode node = json.createObjectNode();
        node.put("channelId", channel.id());
        node.put("type", channel.type());
        node.put("simulatorUrl", channel.simulator().baseUrl().toString());
        ObjectNode shown = node.putObject("shown");
        new TreeMap<>(channel.simulator().shownQuantities()).forEach(shown::put);
        return new Answer(200, node);
    }

    /**
     * {@code GET /sim/{channelId}/faults} shows the channel's simulator fault switches;
     * {@code POST} with a JSON body sets them (see docs/simulators.md). Local only: the gateway binds
     * 127.0.0.1.
     */
    private void faults(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            LocalRuntime.Channel channel = parts.length == 4 ? runtime.channels().get(parts[2]) : null;
            Answer answer;
            if (channel == null) {
                answer = new Answer(404, error("expected /sim/{channelId}/faults of a local channel"));
            } else if ("GET".equals(exchange.getRequestMethod())) {
                answer = new Answer(200, channel.simulator().describeFaults());
            } else if ("POST".equals(exchange.getRequestMethod())) {
                try {
                    answer = new Answer(200, channel.simulator().applyFaults(
                            json.readTree(exchange.getRequestBody().readAllBytes())));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    answer = new Answer(400, error("body is not JSON: " + e.getOriginalMessage()));
                } catch (IllegalArgumentException e) {
                    answer = new Answer(400, error(e.getMessage()));
                } catch (UnsupportedOperationException e) {
                    answer = new Answer(501, error(e.getMessage()));
                }
            } else {
                answer = new Answer(405, error("GET or POST"));
            }
            respond(exchange, answer);
        }
    }

    private ObjectNode error(String message) {
        return json.createObjectNode().put("error", message);
    }

    private void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = json.writeValueAsString(answer.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
