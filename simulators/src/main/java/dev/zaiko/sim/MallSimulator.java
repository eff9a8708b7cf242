package dev.zaiko.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Base of every mall simulator: an HTTP server on 127.0.0.1 (free port) that speaks one mall's API
 * subset, holds the displayed quantity of each item, takes purchases only while the displayed
 * quantity covers them (as the real mall does, so overselling across malls is observable), records
 * every call, and answers faults in the mall's own shape.
 *
 * <p>Subclasses register routes with {@link #route}, implement the fault answers and
 * {@link #buy}/{@link #cancel} (which create orders in the mall's own shapes and, for malls that
 * push, send the notification).
 */
public abstract class MallSimulator implements AutoCloseable {
    protected final ObjectMapper json = new ObjectMapper();
    protected final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Faults faults = new Faults();
    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Long> shown = new ConcurrentHashMap<>();
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    private record Route(String method, String pathPrefix, boolean api, Function<SimRequest, SimResponse> handler) {
    }

    protected MallSimulator(Clock clock) {
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a port for the " + mallName() + " simulator", e);
        }
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread thread = new Thread(r, mallName() + "-sim");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
    }

    /** Starts listening; call after the subclass registered its routes. */
    protected final void start() {
        server.start();
    }

    public abstract String mallName();

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public Faults faults() {
        return faults;
    }

    public List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    public void clearCalls() {
        calls.clear();
    }

    // ------------------------------------------------------------------ displayed stock

    /** Seeds an item with a displayed quantity (the listing exists on the mall). */
    public void putItem(String itemKey, long quantity) {
        shown.put(itemKey, quantity);
    }

    public OptionalLong shownQuantity(String itemKey) {
        Long value = shown.get(itemKey);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    public Map<String, Long> shownQuantities() {
        return Map.copyOf(shown);
    }

    /** Changes what the mall shows behind the system's back (a seller editing in the mall's admin). */
    public void driftShownQuantity(String itemKey, long quantity) {
        shown.computeIfPresent(itemKey, (k, v) -> quantity);
    }

    public boolean hasItem(String itemKey) {
        return shown.containsKey(itemKey);
    }

    /** For stock-write routes: set the displayed quantity (absolute). */
    protected void setShown(String itemKey, long quantity) {
        shown.put(itemKey, quantity);
    }

    /** Takes {@code quantity} from the displayed stock if it covers it, atomically. */
    protected boolean takeShown(String itemKey, long quantity) {
        boolean[] taken = {false};
        shown.computeIfPresent(itemKey, (k, v) -> {
            if (v >= quantity) {
                taken[0] = true;
                return v - quantity;
            }
            return v;
        });
        return taken[0];
    }

    protected void giveBackShown(String itemKey, long quantity) {
        shown.computeIfPresent(itemKey, (k, v) -> v + quantity);
    }

    // ------------------------------------------------------------------ shoppers

    /** A shopper buys: an order exists on the mall only if the displayed quantity covered it. */
    public abstract BuyResult buy(String itemKey, int quantity);

    /** The buyer or the mall cancels an order. */
    public abstract void cancel(String orderId);

    public record BuyResult(boolean accepted, String orderId) {
        public static BuyResult refused() {
            return new BuyResult(false, null);
        }
    }

    // ------------------------------------------------------------------ routes and faults

    /** Registers an API route; faults apply to it. Longest matching prefix wins. */
    protected final void route(String method, String pathPrefix, Function<SimRequest, SimResponse> handler) {
        routes.add(new Route(method, pathPrefix, true, handler));
    }

    /** Registers a route that faults do not touch (token endpoints still work in maintenance, etc.). */
    protected final void unfaultedRoute(String method, String pathPrefix, Function<SimRequest, SimResponse> handler) {
        routes.add(new Route(method, pathPrefix, false, handler));
    }

    protected abstract SimResponse authError(SimRequest request);

    protected abstract SimResponse rateLimited(SimRequest request, Duration retryAfter);

    protected abstract SimResponse maintenanceError(SimRequest request);

    protected SimResponse serverError(SimRequest request) {
        return SimResponse.json(500, "{\"error\":\"internal error (simulated)\"}");
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        SimRequest request;
        try (InputStream in = exchange.getRequestBody()) {
            request = new SimRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), in.readAllBytes());
        }
        SimResponse response;
        try {
            response = handle(request);
        } catch (RuntimeException e) {
            response = SimResponse.json(500, "{\"error\":\"simulator bug: " + e.toString().replace("\"", "'") + "\"}");
        }
        calls.add(new RecordedCall(request.method(), request.path(), request.rawQuery(), request.headers(),
                request.bodyText(), response.status(), clock.instant()));
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private SimResponse handle(SimRequest request) {
        Route best = null;
        for (Route route : routes) {
            if (route.method().equalsIgnoreCase(request.method()) && request.path().startsWith(route.pathPrefix())
                    && (best == null || route.pathPrefix().length() > best.pathPrefix().length())) {
                best = route;
            }
        }
        if (best == null) {
            return SimResponse.json(404, "{\"error\":\"no such route in the " + mallName() + " simulator: "
                    + request.method() + " " + request.path() + "\"}");
        }
        if (best.api()) {
            Duration latency = faults.latency();
            if (!latency.isZero()) {
                try {
                    Thread.sleep(latency.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (faults.maintenance()) {
                return maintenanceError(request);
            }
            if (faults.credentialsExpired()) {
                return authError(request);
            }
            if (faults.takeRateLimited()) {
                return rateLimited(request, faults.retryAfter());
            }
            if (faults.takeServerError()) {
                return serverError(request);
            }
        }
        return best.handler().apply(request);
    }

    protected List<RecordedCall> callsTo(String pathPrefix) {
        List<RecordedCall> matching = new ArrayList<>();
        for (RecordedCall call : calls) {
            if (call.path().startsWith(pathPrefix)) {
                matching.add(call);
            }
        }
        return matching;
    }

    // ------------------------------------------------------------------ fault switches (POST /sim/{channelId}/faults)

    private final java.util.concurrent.ScheduledExecutorService delayedOrders =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, mallName() + "-delayed-orders");
                thread.setDaemon(true);
                return thread;
            });
    private final List<String> faultLog = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Per-mall hook: the next order page carries one order this mall's adapter cannot normalise
     * ({@code unknownStatus}, {@code missingField} or {@code zeroQuantity}), placed now among the good
     * ones. Returns the order's id. Malls without the hook refuse the switch.
     */
    protected String addMalformedOrder(String reason) {
        throw new UnsupportedOperationException("the " + mallName() + " simulator has no malformedOrder switch");
    }

    /** Per-mall hook: the mall reports a changed quantity for one line (an edit, a partial cancel). */
    protected void editLine(String orderId, String itemKey, int quantity) {
        throw new UnsupportedOperationException("the " + mallName() + " simulator has no editLine switch");
    }

    /**
     * Applies the fault switches of a {@code POST /sim/{channelId}/faults} body (any of
     * {@code malformedOrder, editLine, mallSideSale, latencyMs, maintenance, status429, clear}) and
     * answers what is set now (as {@code GET} does).
     *
     * @throws IllegalArgumentException for a body it cannot read (the gateway answers 400)
     * @throws UnsupportedOperationException for a switch this mall does not simulate (501)
     */
    public synchronized com.fasterxml.jackson.databind.node.ObjectNode applyFaults(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("faults body must be a JSON object");
        }
        if (body.path("clear").asBoolean(false)) {
            faults.clear();
            faultLog.clear();
        }
        if (body.has("latencyMs")) {
            faults.latency(Duration.ofMillis(nonNegative(body.get("latencyMs"), "latencyMs")));
        }
        if (body.has("maintenance")) {
            if (!body.get("maintenance").isBoolean()) {
                throw new IllegalArgumentException("maintenance must be true or false");
            }
            faults.maintenance(body.get("maintenance").asBoolean());
        }
        if (body.has("status429")) {
            faults.rateLimitNext((int) nonNegative(body.get("status429"), "status429"), Duration.ofSeconds(1));
        }
        if (body.has("malformedOrder")) {
            String reason = body.path("malformedOrder").path("reason").asText("");
            if (!List.of("unknownStatus", "missingField", "zeroQuantity").contains(reason)) {
                throw new IllegalArgumentException("malformedOrder.reason must be unknownStatus, missingField or zeroQuantity");
            }
            String orderId = addMalformedOrder(reason);
            faultLog.add("malformedOrder " + reason + " as order " + orderId);
        }
        if (body.has("editLine")) {
            JsonNode edit = body.get("editLine");
            String orderId = edit.path("orderId").asText("");
            String itemKey = edit.path("itemKey").asText("");
            if (orderId.isBlank() || itemKey.isBlank()) {
                throw new IllegalArgumentException("editLine needs orderId and itemKey");
            }
            int quantity = (int) nonNegative(edit.get("quantity"), "editLine.quantity");
            editLine(orderId, itemKey, quantity);
            faultLog.add("editLine " + orderId + " " + itemKey + " -> " + quantity);
        }
        if (body.has("mallSideSale")) {
            JsonNode sale = body.get("mallSideSale");
            String itemKey = sale.path("itemKey").asText("");
            int units = (int) nonNegative(sale.get("units"), "mallSideSale.units");
            long delayMs = sale.has("orderDelayMs") ? nonNegative(sale.get("orderDelayMs"), "mallSideSale.orderDelayMs") : 0;
            mallSideSale(itemKey, units, Duration.ofMillis(delayMs));
            faultLog.add("mallSideSale " + itemKey + " x" + units + " order after " + delayMs + " ms");
        }
        return describeFaults();
    }

    /** What is set now: {@code GET /sim/{channelId}/faults}. */
    public com.fasterxml.jackson.databind.node.ObjectNode describeFaults() {
        com.fasterxml.jackson.databind.node.ObjectNode node = json.createObjectNode();
        node.put("mall", mallName());
        node.put("latencyMs", faults.latency().toMillis());
        node.put("maintenance", faults.maintenance());
        node.put("status429", faults.pendingRateLimited());
        node.put("credentialsExpired", faults.credentialsExpired());
        com.fasterxml.jackson.databind.node.ArrayNode applied = node.putArray("applied");
        faultLog.forEach(applied::add);
        return node;
    }

    /**
     * The mall sells {@code units} on its own: its shown stock drops at once, and the order becomes
     * fetchable {@code orderDelay} later (as a mall indexes its orders with a lag).
     */
    public void mallSideSale(String itemKey, int units, Duration orderDelay) {
        mallSideSale(itemKey, units, orderDelay, order -> { });
    }

    /** As {@link #mallSideSale(String, int, Duration)}, telling {@code onOrder} how the delayed order went. */
    public void mallSideSale(String itemKey, int units, Duration orderDelay,
                             java.util.function.Consumer<BuyResult> onOrder) {
        if (units < 1) {
            throw new IllegalArgumentException("mallSideSale.units must be at least 1");
        }
        if (!takeShown(itemKey, units)) {
            throw new IllegalArgumentException("mallSideSale: " + itemKey + " does not show " + units + " units");
        }
        Runnable placeOrder = () -> {
            synchronized (this) {
                // The units were taken from the display already: hand them back to the order itself.
                giveBackShown(itemKey, units);
                onOrder.accept(buy(itemKey, units));
            }
        };
        if (orderDelay.isZero()) {
            placeOrder.run();
        } else {
            delayedOrders.schedule(placeOrder, orderDelay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private static long nonNegative(JsonNode value, String field) {
        if (value == null || !value.canConvertToLong() || value.asLong() < 0) {
            throw new IllegalArgumentException(field + " must be a whole number >= 0");
        }
        return value.asLong();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        delayedOrders.shutdownNow();
    }
}
