package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A small structural check of a listings feed against listings-feed-schema-v2.json, read from the
 * schema itself: required keys, consts, enums, integer ranges, array sizes, known property names
 * and the {@code oneOf} branch of the message's operationType (its required and forbidden keys).
 * Not a full JSON Schema validator; enough to catch a misread field name or a missing key.
 */
final class FeedSchemaCheck {
    private FeedSchemaCheck() {
    }

    static List<String> violations(JsonNode schema, JsonNode feed) {
        List<String> problems = new ArrayList<>();
        requireKeys(schema, feed, "", problems);
        knownKeys(schema, feed, "", problems);
        JsonNode headerSchema = schema.path("properties").path("header");
        JsonNode header = feed.path("header");
        requireKeys(headerSchema, header, "header.", problems);
        knownKeys(headerSchema, header, "header.", problems);
        JsonNode version = headerSchema.path("properties").path("version").path("const");
        if (!version.isMissingNode() && !version.equals(header.path("version"))) {
            problems.add("header.version must be " + version);
        }
        JsonNode messagesSchema = schema.path("properties").path("messages");
        JsonNode messages = feed.path("messages");
        if (!messages.isArray()) {
            problems.add("messages must be an array");
            return problems;
        }
        if (messages.size() < messagesSchema.path("minItems").asInt(0)
                || messages.size() > messagesSchema.path("maxItems").asInt(Integer.MAX_VALUE)) {
            problems.add("messages has " + messages.size() + " items, outside the schema's bounds");
        }
        JsonNode itemSchema = messagesSchema.path("items");
        for (int i = 0; i < messages.size(); i++) {
            message(itemSchema, messages.get(i), "messages[" + i + "].", problems);
        }
        return problems;
    }

    private static void message(JsonNode schema, JsonNode message, String at, List<String> problems) {
        requireKeys(schema, message, at, problems);
        knownKeys(schema, message, at, problems);
        JsonNode properties = schema.path("properties");
        JsonNode messageId = message.path("messageId");
        if (!messageId.isIntegralNumber() || messageId.asLong() < properties.path("messageId").path("minimum").asLong()
                || messageId.asLong() > properties.path("messageId").path("maximum").asLong()) {
            problems.add(at + "messageId must be an integer in the schema's range");
        }
        if (!message.path("sku").isTextual() || message.path("sku").asText().length()
                < properties.path("sku").path("minLength").asInt()) {
            problems.add(at + "sku must be a non-empty string");
        }
        enumValue(properties.path("operationType"), message.path("operationType"), at + "operationType", problems);
        // the oneOf branch whose operationType const matches
        JsonNode branch = null;
        for (JsonNode candidate : schema.path("oneOf")) {
            if (candidate.path("properties").path("operationType").path("const").equals(message.path("operationType"))) {
                branch = candidate;
            }
        }
        if (branch == null) {
            problems.add(at + "no oneOf branch for operationType " + message.path("operationType"));
            return;
        }
        requireKeys(branch, message, at, problems);
        Iterator<String> names = branch.path("properties").fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (branch.path("properties").path(name).isBoolean() && !branch.path("properties").path(name).asBoolean()
                    && message.has(name)) {
                problems.add(at + name + " is not allowed for " + message.path("operationType").asText());
            }
        }
        if (message.has("productType") && message.path("productType").asText().length()
                < properties.path("productType").path("minLength").asInt()) {
            problems.add(at + "productType must be a non-empty string");
        }
        if (message.has("patches")) {
            JsonNode patchesSchema = properties.path("patches");
            JsonNode patches = message.path("patches");
            if (!patches.isArray() || patches.size() < patchesSchema.path("minItems").asInt()) {
                problems.add(at + "patches must be a non-empty array");
                return;
            }
            for (int p = 0; p < patches.size(); p++) {
                String patchAt = at + "patches[" + p + "].";
                JsonNode patch = patches.get(p);
                JsonNode patchSchema = patchesSchema.path("items");
                requireKeys(patchSchema, patch, patchAt, problems);
                knownKeys(patchSchema, patch, patchAt, problems);
                enumValue(patchSchema.path("properties").path("op"), patch.path("op"), patchAt + "op", problems);
                if (patch.has("value")) {
                    if (!patch.path("value").isArray()) {
                        problems.add(patchAt + "value must be an array");
                    } else {
                        patch.path("value").forEach(v -> {
                            if (!v.isObject()) {
                                problems.add(patchAt + "value items must be objects");
                            }
                        });
                    }
                }
            }
        }
    }

    private static void requireKeys(JsonNode schema, JsonNode node, String at, List<String> problems) {
        for (JsonNode key : schema.path("required")) {
            if (!node.has(key.asText())) {
                problems.add(at + key.asText() + " is required");
            }
        }
    }

    private static void knownKeys(JsonNode schema, JsonNode node, String at, List<String> problems) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!schema.path("properties").has(name)) {
                problems.add(at + name + " is not a property the schema knows");
            }
        }
    }

    private static void enumValue(JsonNode schema, JsonNode value, String at, List<String> problems) {
        for (JsonNode allowed : schema.path("enum")) {
            if (allowed.equals(value)) {
                return;
            }
        }
        problems.add(at + " " + value + " is not one of " + schema.path("enum"));
    }
}
