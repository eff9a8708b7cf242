package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.StockUpdate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code JSON_LISTINGS_FEED} document (listings-feed-schema-v2) for a batch of quantities,
 * and its processing report (listings-feed-processing-report-schema-v2) read back into one
 * result per update. Message ids are positions in the batch (1-based), so a report maps back
 * without any state.
 */
public final class AmazonListingsFeed {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AmazonListingsFeed() {
    }

    /** The same merge patch the PATCH path sends, so lead time and restock date stay untouched either way. */
    static ObjectNode quantityPatch(long quantity) {
        ObjectNode patch = JSON.createObjectNode();
        patch.put("op", AmazonApi.PATCH_OP);
        patch.put("path", AmazonApi.FULFILLMENT_AVAILABILITY_PATH);
        ObjectNode value = patch.putArray("value").addObject();
        value.put("fulfillment_channel_code", AmazonApi.MFN_CHANNEL_CODE);
        value.put("quantity", quantity);
        return patch;
    }

    public static String document(String sellerId, String productType, List<StockUpdate> updates) {
        if (updates.isEmpty() || updates.size() > AmazonApi.MAX_FEED_MESSAGES) {
            throw new IllegalArgumentException("a listings feed takes 1.." + AmazonApi.MAX_FEED_MESSAGES
                    + " messages, got " + updates.size());
        }
        ObjectNode root = JSON.createObjectNode();
        ObjectNode header = root.putObject("header");
        header.put("sellerId", sellerId);
        header.put("version", "2.0");
        ArrayNode messages = root.putArray("messages");
        for (int i = 0; i < updates.size(); i++) {
            StockUpdate update = updates.get(i);
            ObjectNode message = messages.addObject();
            message.put("messageId", i + 1);
            message.put("sku", update.itemKey());
            message.put("operationType", "PATCH");
            message.put("productType", productType);
            message.putArray("patches").add(quantityPatch(update.quantity()));
        }
        return root.toString();
    }

    /**
     * One result per update from a processing report: a message with an ERROR issue is REJECTED
     * (Amazon's code and messages kept); an error not tied to a message (a malformed feed) rejects
     * every message, since nothing says which of them went through; the rest are OK.
     */
    public static List<PushResult> results(JsonNode report, List<StockUpdate> updates) {
        Map<Integer, List<JsonNode>> errorsByMessage = new LinkedHashMap<>();
        List<JsonNode> feedErrors = new ArrayList<>();
        JsonNode issues = report.path("issues");
        if (!issues.isArray()) {
            throw new IllegalArgumentException("processing report has no 'issues' array");
        }
        for (JsonNode issue : issues) {
            if (!"ERROR".equals(issue.path("severity").asText())) {
                continue;
            }
            if (issue.path("messageId").canConvertToInt()) {
                errorsByMessage.computeIfAbsent(issue.path("messageId").asInt(), k -> new ArrayList<>()).add(issue);
            } else {
                feedErrors.add(issue);
            }
        }
        List<PushResult> results = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            String sku = updates.get(i).itemKey();
            List<JsonNode> errors = errorsByMessage.getOrDefault(i + 1, feedErrors);
            results.add(errors.isEmpty() ? PushResult.ok(sku)
                    : PushResult.rejected(sku, errors.get(0).path("code").asText(""), join(errors)));
        }
        return results;
    }

    static String join(List<JsonNode> issues) {
        StringBuilder text = new StringBuilder();
        for (JsonNode issue : issues) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(issue.path("code").asText("")).append(' ').append(issue.path("message").asText(""));
        }
        return text.toString();
    }
}
