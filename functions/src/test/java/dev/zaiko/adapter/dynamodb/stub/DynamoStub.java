package dev.zaiko.adapter.dynamodb.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DynamoDB endpoint on 127.0.0.1 (a free port) that records every request the real SDK client sends
 * (operation from {@code X-Amz-Target}, the JSON body) and answers with scripted DynamoDB JSON
 * (protocol {@code awsJson1_0}). Operations without a scripted reply get {@code {}}, DynamoDB's answer
 * to a write that returns nothing.
 *
 * <p>Wire format of the errors, from the DynamoDB API reference (Common Errors, TransactWriteItems,
 * CancellationReason): HTTP 400, body {@code {"__type": "com.amazonaws.dynamodb.v20120810#<Name>",
 * "Message": "..."}}; a {@code TransactionCanceledException} adds {@code CancellationReasons}, one entry
 * per item of the request in request order, each with {@code Code} ({@code None} for items that did
 * not fail), optional {@code Message} and, when the item asked for {@code ReturnValuesOnConditionCheckFailure
 * ALL_OLD}, the stored {@code Item}. The request tests prove the SDK parses exactly this into
 * {@code TransactionCanceledException.cancellationReasons()}.
 *
 * <p>The client has retries switched off so each adapter call is exactly the requests it sends.
 */
public final class DynamoStub implements AutoCloseable {
    public static final String TARGET_PREFIX = "DynamoDB_20120810.";
    static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the SDK sent it. */
    public record Call(String operation, JsonNode body) {
    }

    /** One scripted answer. */
    public record Reply(int status, String body) {
        public static Reply ok(String json) {
            return new Reply(200, json);
        }

        /** A DynamoDB client error such as {@code ConditionalCheckFailedException}. */
        public static Reply error(String type, String message) {
            ObjectNode body = JSON.createObjectNode();
            body.put("__type", ERROR_PREFIX + type);
            body.put("message", message);
            return new Reply(400, body.toString());
        }

        public static Reply conditionalCheckFailed() {
            return error("ConditionalCheckFailedException", "The conditional request failed");
        }

        /** {@code TransactionCanceledException} with one reason per request item, in request order. */
        public static Reply transactionCanceled(Reason... reasons) {
            ObjectNode body = JSON.createObjectNode();
            body.put("__type", ERROR_PREFIX + "TransactionCanceledException");
            List<String> codes = new ArrayList<>();
            ArrayNode list = body.putArray("CancellationReasons");
            for (Reason reason : reasons) {
                ObjectNode entry = list.addObject();
                if (reason.code() != null) {
                    entry.put("Code", reason.code());
                }
                if (reason.message() != null) {
                    entry.put("Message", reason.message());
                }
                if (reason.item() != null) {
                    entry.set("Item", json(reason.item()));
                }
                codes.add(String.valueOf(reason.code()));
            }
            body.put("Message", "Transaction cancelled, please refer cancellation reasons for specific reasons "
                    + codes);
            return new Reply(400, body.toString());
        }

        /** {@code TransactionCanceledException} without the reasons list (the adapter must not trust it). */
        public static Reply transactionCanceledWithoutReasons() {
            return error("TransactionCanceledException", "Transaction cancelled");
        }
    }

    /**
     * One entry of {@code CancellationReasons}.
     *
     * @param item DynamoDB-JSON of the stored item ({@code {"sku":{"S":"A"},...}}), or null
     */
    public record Reason(String code, String message, String item) {
        public static Reason none() {
            return new Reason("None", null, null);
        }

        /** The API reference: "If no error occurred for the associated item an error with a Null code". */
        public static Reason nullCode() {
            return new Reason(null, null, null);
        }

        public static Reason conditionalCheckFailed() {
            return new Reason("ConditionalCheckFailed", "The conditional request failed", null);
        }

        public static Reason conditionalCheckFailed(String itemJson) {
            return new Reason("ConditionalCheckFailed", "The conditional request failed", itemJson);
        }

        public static Reason code(String code) {
            return new Reason(code, code + " happened", null);
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Deque<Reply>> scripted = new HashMap<>();

    public DynamoStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the DynamoDB stub on 127.0.0.1", e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The real SDK client (url-connection, static credentials, a region, no retries) aimed at this stub. */
    public DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("stub", "stub")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** Queues answers for the next calls of {@code operation} (e.g. "TransactWriteItems"), in order. */
    public synchronized DynamoStub reply(String operation, Reply... replies) {
        scripted.computeIfAbsent(operation, k -> new ArrayDeque<>()).addAll(List.of(replies));
        return this;
    }

    public DynamoStub replyOk(String operation, String json) {
        return reply(operation, Reply.ok(json));
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<String> operations() {
        return calls.stream().map(Call::operation).toList();
    }

    /** The only call so far; fails when there were more or none. */
    public synchronized Call onlyCall() {
        if (calls.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + operations());
        }
        return calls.get(0);
    }

    public synchronized Call call(int index) {
        if (index >= calls.size()) {
            throw new AssertionError("expected a request #" + index + ", got " + operations());
        }
        return calls.get(index);
    }

    public synchronized void clear() {
        calls.clear();
        scripted.clear();
    }

    /** Scripted replies nobody asked for: a test that scripts a reply expects the adapter to need it. */
    public synchronized List<String> unusedReplies() {
        List<String> unused = new ArrayList<>();
        scripted.forEach((operation, replies) -> replies.forEach(r -> unused.add(operation)));
        return unused;
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] requestBytes;
            try (InputStream in = exchange.getRequestBody()) {
                requestBytes = in.readAllBytes();
            }
            Reply reply;
            if (target == null || !target.startsWith(TARGET_PREFIX)) {
                reply = Reply.error("UnknownOperationException", "no DynamoDB X-Amz-Target: " + target);
            } else {
                String operation = target.substring(TARGET_PREFIX.length());
                JsonNode body = JSON.readTree(new String(requestBytes, StandardCharsets.UTF_8));
                synchronized (this) {
                    calls.add(new Call(operation, body));
                    Deque<Reply> queue = scripted.get(operation);
                    reply = queue == null || queue.isEmpty() ? Reply.ok("{}") : queue.poll();
                }
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-RequestId", "stub-" + System.nanoTime());
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
