package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockSink;
import dev.zaiko.domain.channel.StockUpdate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Absolute MFN quantities to Amazon. Small batches: one Listings Items {@code patchListingsItem}
 * per SKU (5/s, burst 5) with a {@code merge} patch of {@code fulfillment_availability}, which
 * leaves the listing's lead time and restock date as they are. From
 * {@link AmazonApi#DEFAULT_FEED_THRESHOLD} updates on: one {@code JSON_LISTINGS_FEED}
 * (createFeedDocument, upload, createFeed), a handful of calls for thousands of SKUs.
 *
 * <p>Both are processed asynchronously by Amazon: ACCEPTED (PATCH) and a feed still in progress
 * after {@link AmazonApi#DEFAULT_FEED_WAIT} count as OK, as the listing will show the number;
 * INVALID and per-message ERROR issues are REJECTED with Amazon's codes.
 */
public final class AmazonStockSink implements StockSink {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient DOCUMENTS = HttpClient.newBuilder()
            .connectTimeout(MallHttp.CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();

    private final String sellerId;
    private final String marketplaceId;
    private final String productType;
    private final int feedThreshold;
    private final Duration feedWait;
    private final SpApiClient client;
    private final MallHttp http;
    private final SpApiClient.Operation patchListingsItem;
    private final SpApiClient.Operation createFeedDocument;
    private final SpApiClient.Operation createFeed;
    private final SpApiClient.Operation getFeed;
    private final SpApiClient.Operation getFeedDocument;

    AmazonStockSink(String sellerId, String marketplaceId, String productType, int feedThreshold, Duration feedWait,
                    SpApiClient client, MallHttp http) {
        if (feedThreshold < 1) {
            throw new IllegalArgumentException("feedThreshold must be at least 1");
        }
        this.sellerId = sellerId;
        this.marketplaceId = marketplaceId;
        this.productType = productType;
        this.feedThreshold = feedThreshold;
        this.feedWait = feedWait;
        this.client = client;
        this.http = http;
        this.patchListingsItem = client.operation("patchListingsItem", AmazonApi.PATCH_LISTINGS_RATE,
                AmazonApi.PATCH_LISTINGS_BURST);
        this.createFeedDocument = client.operation("createFeedDocument", AmazonApi.CREATE_FEED_RATE,
                AmazonApi.CREATE_FEED_BURST);
        this.createFeed = client.operation("createFeed", AmazonApi.CREATE_FEED_RATE, AmazonApi.CREATE_FEED_BURST);
        this.getFeed = client.operation("getFeed", AmazonApi.GET_FEED_RATE, AmazonApi.GET_FEED_BURST);
        this.getFeedDocument = client.operation("getFeedDocument", AmazonApi.GET_FEED_DOCUMENT_RATE,
                AmazonApi.GET_FEED_DOCUMENT_BURST);
    }

    @Override
    public int maxBatchSize() {
        return AmazonApi.MAX_FEED_MESSAGES;
    }

    public int feedThreshold() {
        return feedThreshold;
    }

    @Override
    public List<PushResult> write(List<StockUpdate> updates) {
        if (updates.size() > maxBatchSize()) {
            throw new IllegalArgumentException("at most " + maxBatchSize() + " updates per write, got " + updates.size());
        }
        if (updates.isEmpty()) {
            return List.of();
        }
        return updates.size() >= feedThreshold ? viaFeed(updates) : viaPatches(updates);
    }

    // ------------------------------------------------------------------ one PATCH per SKU

    private List<PushResult> viaPatches(List<StockUpdate> updates) {
        List<PushResult> results = new ArrayList<>(updates.size());
        SpApiException stop = null;
        for (StockUpdate update : updates) {
            if (stop != null) {
                // Throttled, down or unauthorised: the rest would fare the same, so no more calls.
                results.add(failed(update.itemKey(), stop));
                continue;
            }
            try {
                results.add(patch(update));
            } catch (SpApiException e) {
                results.add(failed(update.itemKey(), e));
                if (e.kind() == PushStatus.RETRY || e.kind() == PushStatus.AUTH) {
                    stop = e;
                }
            }
        }
        return results;
    }

    private PushResult patch(StockUpdate update) {
        ObjectNode body = JSON.createObjectNode();
        body.put("productType", productType);
        body.putArray("patches").add(AmazonListingsFeed.quantityPatch(update.quantity()));
        String path = AmazonApi.LISTINGS_ITEMS_PATH + encodePath(sellerId) + "/" + encodePath(update.itemKey())
                + "?marketplaceIds=" + encodeQuery(marketplaceId);
        HttpResponse<String> response = client.send(patchListingsItem, "PATCH", path, body.toString());
        JsonNode answer = parse(response.body(), "patchListingsItem");
        String status = answer.path("status").asText("");
        return switch (status) {
            case "ACCEPTED", "VALID" -> PushResult.ok(update.itemKey());
            case "INVALID" -> {
                List<JsonNode> errors = new ArrayList<>();
                answer.path("issues").forEach(issue -> {
                    if ("ERROR".equals(issue.path("severity").asText())) {
                        errors.add(issue);
                    }
                });
                if (errors.isEmpty()) {
                    answer.path("issues").forEach(errors::add);
                }
                yield PushResult.rejected(update.itemKey(),
                        errors.isEmpty() ? "INVALID" : errors.get(0).path("code").asText("INVALID"),
                        errors.isEmpty() ? "INVALID without issues" : AmazonListingsFeed.join(errors));
            }
            default -> PushResult.retry(update.itemKey(), "UNEXPECTED_STATUS",
                    "patchListingsItem answered status '" + status + "'", Optional.empty());
        };
    }

    // ------------------------------------------------------------------ JSON_LISTINGS_FEED

    private List<PushResult> viaFeed(List<StockUpdate> updates) {
        try {
            String document = AmazonListingsFeed.document(sellerId, productType, updates);
            JsonNode created = parse(client.send(createFeedDocument, "POST", AmazonApi.FEED_DOCUMENTS_PATH,
                    JSON.createObjectNode().put("contentType", AmazonApi.FEED_CONTENT_TYPE).toString()).body(),
                    "createFeedDocument");
            String documentId = required(created, "feedDocumentId", "createFeedDocument");
            upload(required(created, "url", "createFeedDocument"), document);
            ObjectNode spec = JSON.createObjectNode();
            spec.put("feedType", AmazonApi.JSON_LISTINGS_FEED);
            spec.putArray("marketplaceIds").add(marketplaceId);
            spec.put("inputFeedDocumentId", documentId);
            String feedId = required(parse(client.send(createFeed, "POST", AmazonApi.FEEDS_PATH, spec.toString()).body(),
                    "createFeed"), "feedId", "createFeed");
            return awaitFeed(feedId, updates);
        } catch (SpApiException e) {
            List<PushResult> results = new ArrayList<>(updates.size());
            updates.forEach(update -> results.add(failed(update.itemKey(), e)));
            return results;
        }
    }

    private List<PushResult> awaitFeed(String feedId, List<StockUpdate> updates) {
        long deadline = client.sleeper().nanoTime() + feedWait.toNanos();
        while (true) {
            Optional<List<PushResult>> done = feedResults(feedId, updates);
            if (done.isPresent()) {
                return done.get();
            }
            long left = deadline - client.sleeper().nanoTime();
            if (left < AmazonApi.FEED_POLL_INTERVAL.toNanos()) {
                List<PushResult> pending = new ArrayList<>(updates.size());
                updates.forEach(update -> pending.add(new PushResult(update.itemKey(), PushStatus.OK, "FEED_SUBMITTED",
                        "feed " + feedId + " accepted; its processing report was not ready yet", Optional.empty())));
                return pending;
            }
            try {
                client.sleeper().sleepNanos(AmazonApi.FEED_POLL_INTERVAL.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SpApiException(PushStatus.RETRY, 0, "INTERRUPTED", "waiting for feed " + feedId,
                        Optional.empty());
            }
        }
    }

    /**
     * The outcome of a feed sent by {@link #write} with the same updates in the same order; empty
     * while Amazon is still processing it. Public so a later check can confirm submitted feeds.
     */
    public Optional<List<PushResult>> feedResults(String feedId, List<StockUpdate> updates) {
        JsonNode feed = parse(client.get(getFeed, AmazonApi.FEEDS_PATH + "/" + encodePath(feedId)).body(), "getFeed");
        String status = required(feed, "processingStatus", "getFeed");
        switch (status) {
            case "IN_QUEUE", "IN_PROGRESS" -> {
                return Optional.empty();
            }
            case "DONE" -> {
                String resultId = required(feed, "resultFeedDocumentId", "getFeed");
                JsonNode document = parse(client.get(getFeedDocument,
                        AmazonApi.FEED_DOCUMENTS_PATH + "/" + encodePath(resultId)).body(), "getFeedDocument");
                byte[] report = download(required(document, "url", "getFeedDocument"));
                if ("GZIP".equalsIgnoreCase(document.path("compressionAlgorithm").asText(""))) {
                    report = gunzip(report);
                }
                return Optional.of(AmazonListingsFeed.results(
                        parse(new String(report, StandardCharsets.UTF_8), "feed processing report"), updates));
            }
            default -> {
                // FATAL: "some, none, or all of the operations ... may have completed"; CANCELLED:
                // never ran. Quantities are absolute, so sending them again is always safe.
                List<PushResult> results = new ArrayList<>(updates.size());
                updates.forEach(update -> results.add(PushResult.retry(update.itemKey(), "FEED_" + status,
                        "feed " + feedId + " ended " + status, Optional.empty())));
                return Optional.of(results);
            }
        }
    }

    private void upload(String url, String document) {
        // A pre-signed S3 URL: no access token, and the Content-Type must be the one declared.
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", AmazonApi.FEED_CONTENT_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString(document, StandardCharsets.UTF_8)), "feed document upload");
        if (response.statusCode() / 100 != 2) {
            throw new SpApiException(PushStatus.RETRY, response.statusCode(), "UPLOAD_FAILED",
                    "feed document upload answered HTTP " + response.statusCode(), Optional.empty());
        }
    }

    private static byte[] download(String url) {
        try {
            HttpResponse<byte[]> response = DOCUMENTS.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(MallHttp.REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new SpApiException(PushStatus.RETRY, response.statusCode(), "DOWNLOAD_FAILED",
                        "processing report download answered HTTP " + response.statusCode(), Optional.empty());
            }
            return response.body();
        } catch (IOException e) {
            throw new SpApiException(PushStatus.RETRY, 0, "NETWORK", "processing report download failed: "
                    + e.getMessage(), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpApiException(PushStatus.RETRY, 0, "INTERRUPTED", "processing report download",
                    Optional.empty());
        }
    }

    private static byte[] gunzip(byte[] compressed) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SpApiException(PushStatus.RETRY, 0, "MALFORMED", "processing report is not valid GZIP",
                    Optional.empty());
        }
    }

    private static PushResult failed(String itemKey, SpApiException e) {
        return new PushResult(itemKey, e.kind(), e.mallCode(), e.getMessage(), e.retryAfter());
    }

    private static JsonNode parse(String body, String what) {
        try {
            JsonNode node = JSON.readTree(body == null ? "" : body);
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new SpApiException(PushStatus.RETRY, 0, "MALFORMED", what + " answered non-JSON: " + e.getMessage(),
                    Optional.empty());
        }
    }

    private static String required(JsonNode node, String field, String what) {
        String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw new SpApiException(PushStatus.RETRY, 0, "MALFORMED", what + " answer has no '" + field + "'",
                    Optional.empty());
        }
        return value;
    }

    /** SKUs may hold spaces, slashes and non-ASCII; Amazon wants them percent-encoded in the path. */
    static String encodePath(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String encodeQuery(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
