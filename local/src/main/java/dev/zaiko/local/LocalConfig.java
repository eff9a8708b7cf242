package dev.zaiko.local;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.schema.Queues;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The deploy config file ({@code infra/zaiko.example.json}) read for a local run. Same format and
 * the same field rules as the CDK app's parser ({@code dev.zaiko.infra.config.ZaikoConfigParser}):
 * unknown fields are errors, {@code $}-keys are comments, every problem is reported at once naming
 * its field. It is a separate small reader because depending on the infra module would make
 * {@code ./zaiko} compile the CDK app (and download aws-cdk-lib, ~130 MB) just to run locally;
 * {@code LocalConfigTest} reads the example file so the two cannot drift apart unnoticed.
 *
 * <p>Locally only the channels matter (and the default safety stock): credentials are the
 * simulators' own, and there is no region, alarm e-mail or egress IP.
 */
public record LocalConfig(List<ChannelSpec> channels, long safetyStock, String source) {
    // The deploy file's AWS-only fields (fba, reconcile schedule, NAT...) are accepted and not used locally;
    // the deploy parser (infra) validates them.
    private static final Set<String> ROOT_FIELDS =
            Set.of("region", "alertEmail", "safety", "channels", "natMode", "deletionProtection", "fba");
    private static final Set<String> SAFETY_FIELDS = Set.of("safetyStock");
    private static final Set<String> CHANNEL_FIELDS = Set.of("id", "type", "pollIntervalSeconds", "webhook",
            "secretName", "fixedIp", "options", "reconcileMinutes", "reconcileMode");
    static final int MIN_POLL_INTERVAL_SECONDS = 10;
    static final int MAX_POLL_INTERVAL_SECONDS = 3600;
    static final int DEFAULT_POLL_INTERVAL_SECONDS = 60;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public LocalConfig {
        channels = List.copyOf(channels);
    }

    /** A config file that cannot be used, with every problem found. */
    public static final class ConfigException extends RuntimeException {
        private final List<String> problems;

        public ConfigException(String source, List<String> problems) {
            super(source + ": " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * The built-in default: one demo account on each of the eight malls, as in
     * {@code infra/zaiko.example.json} (same ids, types, poll intervals and webhooks).
     */
    public static LocalConfig builtIn() {
        return new LocalConfig(List.of(
                new ChannelSpec("amazon-jp", "amazon", Duration.ofSeconds(180), false,
                        Map.of("marketplaceId", "A1VC38T7YXB528")),
                new ChannelSpec("rakuten-main", "rakuten", Duration.ofSeconds(60), false),
                new ChannelSpec("yahoo-main", "yahoo", Duration.ofSeconds(60), false),
                new ChannelSpec("shopify-main", "shopify", Duration.ofSeconds(60), true,
                        Map.of("locationId", LocalMalls.DEFAULT_SHOPIFY_LOCATION)),
                new ChannelSpec("mercari-shops", "mercari", Duration.ofSeconds(60), true),
                new ChannelSpec("qoo10-main", "qoo10", Duration.ofSeconds(60), false, localRate()),
                new ChannelSpec("aupay-main", "aupay", Duration.ofSeconds(60), false, localRate()),
                new ChannelSpec("makeshop-main", "makeshop", Duration.ofSeconds(60), true)), 0, "(built-in)");
    }

    /**
     * Qoo10 and au PAY publish no rate limit, so their adapters default to a cautious 1 call/s
     * (and Qoo10 reads each item before writing it). Simulators have no limit; 10/s keeps a local
     * catalogue push from taking a minute.
     */
    private static Map<String, String> localRate() {
        return Map.of("requestsPerSecond", "10");
    }

    /** Every channel's poll interval replaced (the demo compresses a day of polling into a minute). */
    public LocalConfig withPollInterval(String type, Duration interval) {
        return new LocalConfig(channels.stream()
                .map(c -> c.type().equals(type) ? c.withPollInterval(interval) : c).toList(), safetyStock, source);
    }

    public static LocalConfig read(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of("file not found"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config " + file, e);
        }
        return parse(json, file.toString());
    }

    public static LocalConfig parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")")));
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new ConfigException(source, List.of("(root): expected a JSON object"));
        }
        unknownFields(root, ROOT_FIELDS, "", problems);
        long safetyStock = 0;
        JsonNode safety = root.get("safety");
        if (safety != null && !safety.isNull()) {
            if (!safety.isObject()) {
                problems.add("safety: expected an object such as {\"safetyStock\": 0}");
            } else {
                unknownFields(safety, SAFETY_FIELDS, "safety.", problems);
                JsonNode stock = safety.get("safetyStock");
                if (stock != null && !stock.isNull()) {
                    if (!stock.isIntegralNumber() || !stock.canConvertToInt() || stock.asInt() < 0) {
                        problems.add("safety.safetyStock: " + stock + " is not a whole number >= 0");
                    } else {
                        safetyStock = stock.asInt();
                    }
                }
            }
        }
        List<ChannelSpec> channels = readChannels(root.get("channels"), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return new LocalConfig(channels, safetyStock, source);
    }

    private static List<ChannelSpec> readChannels(JsonNode node, List<String> problems) {
        List<ChannelSpec> channels = new ArrayList<>();
        if (node == null || node.isNull()) {
            problems.add("channels: missing (a list of channel accounts)");
            return channels;
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add("channels: expected a non-empty list of channel accounts");
            return channels;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "channels[" + i + "].";
            JsonNode c = node.get(i);
            if (!c.isObject()) {
                problems.add("channels[" + i + "]: expected an object");
                continue;
            }
            int before = problems.size();
            unknownFields(c, CHANNEL_FIELDS, at, problems);
            String id = text(c, "id", at, problems);
            if (id != null) {
                try {
                    Queues.requireChannelId(id);
                    if (!ids.add(id)) {
                        problems.add(at + "id: duplicate channel id \"" + id + "\"");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(at + "id: \"" + id + "\" is not a valid channel id (lowercase letters, digits"
                            + " and '-', starting with a letter or digit, at most 40 characters)");
                }
            }
            String type = text(c, "type", at, problems);
            if (type != null && !LocalMalls.TYPES.contains(type)) {
                problems.add(at + "type: unknown mall type \"" + type + "\" (expected one of "
                        + String.join(", ", LocalMalls.TYPES) + ")");
            }
            int interval = DEFAULT_POLL_INTERVAL_SECONDS;
            JsonNode intervalNode = c.get("pollIntervalSeconds");
            if (intervalNode != null && !intervalNode.isNull()) {
                if (!intervalNode.isIntegralNumber() || !intervalNode.canConvertToInt()) {
                    problems.add(at + "pollIntervalSeconds: " + intervalNode + " is not a whole number of seconds");
                } else if (intervalNode.asInt() < MIN_POLL_INTERVAL_SECONDS
                        || intervalNode.asInt() > MAX_POLL_INTERVAL_SECONDS) {
                    problems.add(at + "pollIntervalSeconds: " + intervalNode.asInt() + " is outside "
                            + MIN_POLL_INTERVAL_SECONDS + ".." + MAX_POLL_INTERVAL_SECONDS + " seconds");
                } else {
                    interval = intervalNode.asInt();
                }
            }
            boolean webhook = bool(c, "webhook", at, problems);
            bool(c, "fixedIp", at, problems);
            JsonNode secretName = c.get("secretName");
            if (secretName == null || !secretName.isTextual() || secretName.asText().isBlank()) {
                problems.add(at + "secretName: missing (the Secrets Manager name; unused locally but required"
                        + " so the same file deploys)");
            }
            Map<String, String> options = new TreeMap<>();
            JsonNode optionsNode = c.get("options");
            if (optionsNode != null && !optionsNode.isNull()) {
                if (!optionsNode.isObject()) {
                    problems.add(at + "options: expected an object of strings, got " + optionsNode);
                } else {
                    optionsNode.fields().forEachRemaining(e -> {
                        if (!e.getValue().isTextual()) {
                            problems.add(at + "options." + e.getKey() + ": expected a string, got " + e.getValue());
                        } else {
                            options.put(e.getKey(), e.getValue().asText());
                        }
                    });
                }
            }
            if (problems.size() == before) {
                channels.add(new ChannelSpec(id, type, Duration.ofSeconds(interval), webhook, options));
            }
        }
        return channels;
    }

    private static String text(JsonNode object, String name, String at, List<String> problems) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            problems.add(at + name + ": missing");
            return null;
        }
        if (!value.isTextual()) {
            problems.add(at + name + ": expected a string, got " + value);
            return null;
        }
        return value.asText().strip();
    }

    private static boolean bool(JsonNode object, String name, String at, List<String> problems) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            problems.add(at + name + ": expected true or false, got " + value);
            return false;
        }
        return value.asBoolean();
    }

    private static void unknownFields(JsonNode object, Set<String> known, String prefix, List<String> problems) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name) && !name.startsWith("$")) {
                problems.add(prefix + name + ": unknown field (expected one of "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }
}
