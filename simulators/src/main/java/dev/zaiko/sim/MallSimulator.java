package dev.zaiko.sim;

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

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
