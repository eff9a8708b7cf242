package dev.zaiko.local.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.zaiko.admin.AdminApi;
import dev.zaiko.admin.AdminHttpHandler;
import dev.zaiko.admin.ConsoleSettings;
import dev.zaiko.app.ops.Ops;
import dev.zaiko.local.LocalRuntime;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The seller's web console on the local gateway: the static page at {@code /} and the admin API at
 * {@code /admin/}, both on 127.0.0.1 without login (the gateway listens on the loopback address only).
 *
 * <p>No login, so two browser-borne attacks are closed here instead: another web site posting to
 * the API from the seller's browser (a write must come from the console's own origin, or from a
 * client that sends no {@code Origin}, like the CLI) and DNS rebinding (the {@code Host} must be
 * the loopback address or {@code localhost}).
 */
public final class LocalConsole {
    /** Where Maven puts the repository's {@code console/} folder on the classpath. */
    public static final String CLASSPATH_ROOT = "console";

    private final LocalRuntime runtime;
    private final AdminApi api;

    private LocalConsole(LocalRuntime runtime, AdminApi api) {
        this.runtime = runtime;
        this.api = api;
    }

    /** Builds the admin API over the runtime's ledger and channels and serves it with the page on the runtime's gateway. */
    public static LocalConsole mount(LocalRuntime runtime) {
        Ops ops = ops(runtime);
        AdminApi api = new AdminApi(ops, ConsoleSettings.LOCAL);
        // The first table page should not wait for the catalogue to load: load it now, off the caller's thread.
        Thread.ofVirtual().name("console-warm-up").start(() -> {
            try {
                ops.table().warmUp();
            } catch (RuntimeException e) {
                System.err.println("console warm-up failed (the first page will load it): " + e);
            }
        });
        LocalConsole console = new LocalConsole(runtime, api);
        runtime.serve(AdminApi.PREFIX + "/", console.guard(new AdminHttpHandler(api)));
        runtime.serve("/", console.guard(new StaticFiles(CLASSPATH_ROOT, LocalConsole.class.getClassLoader())));
        return console;
    }

    /** The services the CLI and the admin Lambda use, over this runtime's stores and channels. */
    public static Ops ops(LocalRuntime runtime) {
        return dev.zaiko.local.LocalAdmin.ops(runtime);
    }

    public AdminApi api() {
        return api;
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8787/}. */
    public URI url() {
        return runtime.gatewayUrl().resolve("/");
    }

    private HttpHandler guard(HttpHandler inner) {
        return exchange -> {
            String refusal = refusal(exchange);
            if (refusal != null) {
                try (exchange) {
                    byte[] body = ("{\"error\":{\"code\":\"FORBIDDEN\",\"params\":{},\"message\":\"" + refusal + "\"}}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                    exchange.sendResponseHeaders(403, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
                return;
            }
            inner.handle(exchange);
        };
    }

    /** Why this request is refused, or null. */
    private String refusal(HttpExchange exchange) throws IOException {
        int port = runtime.gatewayUrl().getPort();
        Set<String> hosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
            return "the console answers only to 127.0.0.1:" + port + " or localhost:" + port;
        }
        String method = exchange.getRequestMethod();
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (!method.equals("GET") && !method.equals("HEAD") && origin != null
                && !Set.of("http://127.0.0.1:" + port, "http://localhost:" + port).contains(origin.toLowerCase(Locale.ROOT))) {
            return "writes are accepted only from the console's own page";
        }
        return null;
    }
}
