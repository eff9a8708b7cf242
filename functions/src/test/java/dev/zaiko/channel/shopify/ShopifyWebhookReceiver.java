package dev.zaiko.channel.shopify;

import com.sun.net.httpserver.HttpServer;
import dev.zaiko.domain.channel.WebhookVerifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Our webhook endpoint as the Shopify simulator sees it: a local HTTP server on a free port of
 * 127.0.0.1 that answers 200 and keeps every request as the verifier gets it (header names lower-cased,
 * the body's bytes untouched), in the order they came.
 */
final class ShopifyWebhookReceiver implements AutoCloseable {
    final BlockingQueue<WebhookVerifier.WebhookRequest> received = new LinkedBlockingQueue<>();
    private final HttpServer server;

    ShopifyWebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/webhooks/shopify", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            received.add(new WebhookVerifier.WebhookRequest(headers, exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** Where the simulator is to send its webhooks. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/shopify");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
