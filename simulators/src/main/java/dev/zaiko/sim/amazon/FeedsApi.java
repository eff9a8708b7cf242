package dev.zaiko.sim.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import dev.zaiko.sim.amazon.SpApiState.*;

import static dev.zaiko.sim.amazon.AmazonSimulator.*;

/**
 * Feeds 2021-06-30: createFeedDocument, upload to a "pre-signed" URL, createFeed, getFeed and
 * getFeedDocument with a GZIP processing report; JSON_LISTINGS_FEED messages apply as listing patches.
 */
final class FeedsApi extends SpApiSection {
    FeedsApi(AmazonSimulator sim, SpApiState s) {
        super(sim, s);
    }

    SimResponse createFeedDocument(SimRequest request) {
        JsonNode body;
        try {
            body = json.readTree(request.bodyText());
        } catch (IOException e) {
            return invalidInput("The request body is not valid JSON.");
        }
        String contentType = body == null ? "" : body.path("contentType").asText("");
        if (contentType.isBlank()) {
            return invalidInput("contentType is required.");
        }
        String id = "amzn1.tortuga.4.fe.sim-" + UUID.randomUUID();
        s.documents.put(id, new Document(contentType, false, null));
        ObjectNode answer = json.createObjectNode();
        answer.put("feedDocumentId", id);
        answer.put("url", sim.baseUrl() + "/sim-s3/feed-documents/" + id);
        return SimResponse.json(201, answer.toString()).withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    SimResponse uploadDocument(SimRequest request) {
        String id = request.path().substring("/sim-s3/feed-documents/".length());
        Document document = s.documents.get(id);
        if (document == null) {
            return SimResponse.xml(404, "<Error><Code>NoSuchKey</Code></Error>");
        }
        // A pre-signed URL is signed for the declared Content-Type; any other one is refused.
        if (!document.contentType.equalsIgnoreCase(String.valueOf(request.header("Content-Type")))) {
            return SimResponse.xml(403, "<Error><Code>SignatureDoesNotMatch</Code></Error>");
        }
        document.content = request.body();
        return SimResponse.empty(200);
    }

    SimResponse downloadDocument(SimRequest request) {
        Document document = s.documents.get(request.path().substring("/sim-s3/feed-documents/".length()));
        if (document == null || document.content == null) {
            return SimResponse.xml(404, "<Error><Code>NoSuchKey</Code></Error>");
        }
        return new SimResponse(200, document.gzip ? "application/octet-stream" : document.contentType,
                document.content, Map.of());
    }

    SimResponse getFeedDocument(SimRequest request) {
        String id = request.path().substring("/feeds/2021-06-30/documents/".length());
        Document document = s.documents.get(id);
        if (document == null) {
            return error(404, "NotFound", "The feed document " + id + " does not exist.", "");
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("feedDocumentId", id);
        answer.put("url", sim.baseUrl() + "/sim-s3/feed-documents/" + id);
        if (document.gzip) {
            answer.put("compressionAlgorithm", "GZIP");
        }
        return ok(answer, "0.0222");
    }

    SimResponse createFeed(SimRequest request) {
        JsonNode body;
        try {
            body = json.readTree(request.bodyText());
        } catch (IOException e) {
            return invalidInput("The request body is not valid JSON.");
        }
        if (body == null || !"JSON_LISTINGS_FEED".equals(body.path("feedType").asText())) {
            return invalidInput("The simulator takes feedType JSON_LISTINGS_FEED only.");
        }
        boolean marketplaceOk = false;
        for (JsonNode id : body.path("marketplaceIds")) {
            marketplaceOk |= MARKETPLACE_ID.equals(id.asText());
        }
        String input = body.path("inputFeedDocumentId").asText("");
        Document document = s.documents.get(input);
        if (!marketplaceOk || document == null || document.content == null) {
            return invalidInput("marketplaceIds must include " + MARKETPLACE_ID
                    + " and inputFeedDocumentId must name an uploaded document.");
        }
        String feedId = String.valueOf(50_000_000_000L + s.feedCounter.incrementAndGet());
        Feed feed = new Feed(feedId, "JSON_LISTINGS_FEED", input, clock.instant(), s.feedPollsBeforeDone);
        s.feeds.put(feedId, feed);
        if (feed.pollsLeft == 0) {
            process(feed);
        }
        return SimResponse.json(202, json.createObjectNode().put("feedId", feedId).toString())
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    SimResponse getFeed(SimRequest request) {
        String id = request.path().substring("/feeds/2021-06-30/feeds/".length());
        Feed feed = s.feeds.get(id);
        if (feed == null) {
            return error(404, "NotFound", "The feed " + id + " does not exist.", "");
        }
        synchronized (feed) {
            if (feed.status.startsWith("IN_")) {
                if (feed.pollsLeft > 0) {
                    feed.pollsLeft--;
                    feed.status = "IN_PROGRESS";
                    feed.started = feed.started == null ? clock.instant() : feed.started;
                } else {
                    process(feed);
                }
            }
            ObjectNode answer = json.createObjectNode();
            answer.put("feedId", feed.feedId);
            answer.put("feedType", feed.feedType);
            answer.putArray("marketplaceIds").add(MARKETPLACE_ID);
            answer.put("createdTime", feed.created.toString());
            answer.put("processingStatus", feed.status);
            if (feed.started != null) {
                answer.put("processingStartTime", feed.started.toString());
            }
            if (feed.ended != null) {
                answer.put("processingEndTime", feed.ended.toString());
            }
            if (feed.resultDocumentId != null) {
                answer.put("resultFeedDocumentId", feed.resultDocumentId);
            }
            return ok(answer, "2.0");
        }
    }

    /** Runs a JSON_LISTINGS_FEED: each PATCH message like patchListingsItem, issues into a v2 processing report. */
    void process(Feed feed) {
        synchronized (feed) {
            if (!feed.status.startsWith("IN_")) {
                return;
            }
            feed.started = feed.started == null ? clock.instant() : feed.started;
            ObjectNode report = json.createObjectNode();
            ObjectNode header = report.putObject("header");
            header.put("sellerId", SELLER_ID);
            header.put("version", "2.0");
            header.put("feedId", feed.feedId);
            ArrayNode issues = report.putArray("issues");
            int processed = 0;
            int invalid = 0;
            JsonNode document;
            try {
                document = json.readTree(s.documents.get(feed.inputDocumentId).content);
            } catch (IOException e) {
                document = null;
            }
            if (document == null || !document.path("messages").isArray()
                    || !SELLER_ID.equals(document.path("header").path("sellerId").asText())
                    || !"2.0".equals(document.path("header").path("version").asText())) {
                issues.add(sim.listingsApi().issue("4000000", "The feed is not a valid JSON_LISTINGS_FEED v2.0 document for this seller."));
                feed.status = "FATAL";
            } else {
                for (JsonNode message : document.path("messages")) {
                    processed++;
                    List<ObjectNode> found = new ArrayList<>();
                    String sku = message.path("sku").asText("");
                    if (!"PATCH".equals(message.path("operationType").asText())
                            || !message.path("productType").isTextual() || !message.path("patches").isArray()) {
                        found.add(sim.listingsApi().issue("4000001", "The simulator takes PATCH messages with productType and patches."));
                    } else {
                        found.addAll(sim.listingsApi().applyPatches(sku, message.path("patches")));
                    }
                    for (ObjectNode issue : found) {
                        issue.put("messageId", message.path("messageId").asInt());
                        issue.put("sku", sku);
                        issues.add(issue);
                    }
                    invalid += found.isEmpty() ? 0 : 1;
                }
                feed.status = "DONE";
            }
            ObjectNode summary = report.putObject("summary");
            summary.put("errors", issues.size());
            summary.put("warnings", 0);
            summary.put("messagesProcessed", processed);
            summary.put("messagesAccepted", processed - invalid);
            summary.put("messagesInvalid", invalid);
            String reportId = "amzn1.tortuga.4.fe.sim-report-" + UUID.randomUUID();
            s.documents.put(reportId, new Document("application/json", true,
                    gzip(report.toString().getBytes(StandardCharsets.UTF_8))));
            feed.resultDocumentId = reportId;
            feed.ended = clock.instant();
        }
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
