package dev.zaiko.cli.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A minimal Lambda Runtime API (2018-06-01) on 127.0.0.1 and a free port, for ONE invocation:
 * the first {@code GET /runtime/invocation/next} gets {@code event} (that call marks the end of
 * init), the response or error marks the end of the first invoke; a second {@code next} is held
 * until {@link #close()}. Times are {@link System#nanoTime()}.
 */
final class RuntimeApiServer implements AutoCloseable {
    static final String REQUEST_ID = "00000000-0000-4000-8000-000000000001";

    /** What happened, in nanoTime. */
    record Outcome(long firstNextNanos, long doneNanos, String status, String body) {
    }

    private final HttpServer server;
    private final byte[] event;
    private final String functionArn;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private volatile long firstNext = -1;
    private volatile boolean delivered;

    RuntimeApiServer(String event, String functionArn) throws IOException {
        this.event = event.getBytes(StandardCharsets.UTF_8);
        this.functionArn = functionArn;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/2018-06-01/runtime/", this::handle);
        server.start();
    }

    /** {@code 127.0.0.1:<port>}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (path.endsWith("/invocation/next")) {
            if (delivered) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            delivered = true;
            firstNext = System.nanoTime();
            exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", REQUEST_ID);
            exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                    Long.toString(System.currentTimeMillis() + 900_000));
            exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
            exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            send(exchange, 200, event);
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (path.endsWith("/response")) {
            outcome.complete(new Outcome(firstNext, System.nanoTime(), "ok", text));
        } else if (path.endsWith("/error")) {
            outcome.complete(new Outcome(firstNext, System.nanoTime(), firstNext < 0 ? "init_error" : "error", text));
        }
        send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
