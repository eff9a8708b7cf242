package dev.zaiko.adapter.lambda;

import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server standing in for the Lambda endpoint (a free port on 127.0.0.1) and an SDK
 * {@link LambdaClient} pointed at it: every invoke the SDK sends is kept as it arrived, and answered
 * with {@link #status} (202, Lambda's "accepted" for an Event invocation, unless a test sets another).
 */
final class LambdaStandIn implements AutoCloseable {
    /** One request as the server saw it: the raw path names the function, the header the invocation type. */
    record Seen(String method, String path, String invocationType, String body) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final LambdaClient lambda;
    volatile int status = 202;
    private final HttpServer server;

    LambdaStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        lambda = LambdaClient.builder().region(Region.AP_NORTHEAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @Override
    public void close() {
        lambda.close();
        server.stop(0);
    }
}
