package dev.zaiko.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A loopback HTTP endpoint (free port) standing in for our webhook API; keeps what it received. */
public final class WebhookReceiver implements AutoCloseable {
    public record Delivery(String path, Map<String, String> headers, byte[] body) {
    }

    private final HttpServer server;
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            deliveries.add(new Delivery(exchange.getRequestURI().getPath(), headers, body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public Delivery next() throws InterruptedException {
        Delivery delivery = deliveries.poll(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        if (delivery == null) {
            throw new AssertionError("no webhook delivery arrived within 10 s");
        }
        return delivery;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
