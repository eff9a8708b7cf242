package dev.zaiko.deployconfig;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the zaiko config (JSON). Every problem is reported at once, each naming
 * its field ({@code channels[2].type: unknown mall type "amazn" ...}), so a seller fixes the
 * file in one go. Unknown fields are errors (a misspelt {@code pollIntervalSecond} must not
 * silently mean "default"); keys starting with {@code $} are comments and ignored.
 *
 * <p>No CDK types here: {@code zaiko local up --config} reads the same file.
 */
public final class ZaikoConfigParser {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** Secrets Manager secret names: 1-512 of these characters. */

    private static final Set<String> ROOT_FIELDS =
            Set.of("region", "alertEmail", "safety", "channels", "natMode", "deletionProtection", "fba",
                    "monthlyBudgetUsd");
    private static final Set<String> SAFETY_FIELDS = Set.of("safetyStock");
    private static final Set<String> CHANNEL_FIELDS = Set.of("id", "type", "pollIntervalSeconds", "webhook",
            "secretName", "fixedIp", "options", "reconcileMinutes", "reconcileMode");
    private static final Set<String> FBA_FIELDS = Set.of("enabled", "mcf", "mcfAddress", "mcfAction",
            "mcfShippingSpeed", "settleMinutes", "maxHoldHours");
    private static final Set<String> MCF_ADDRESS_FIELDS = Set.of("name", "addressLine1", "addressLine2",
            "stateOrRegion", "postalCode", "countryCode", "phone");
    private static final Pattern COUNTRY_CODE = Pattern.compile("[A-Z]{2}");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ZaikoConfigParser() {
    }

    public static ZaikoConfig parse(Path file) {
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

    /** @param source where the text came from, for messages */
    public static ZaikoConfig parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")")));
        }
        List<String> problems = new ArrayList<>();
        ZaikoConfig config = read(root, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return config;
    }

    /**
     * Things that deploy but are probably not what the seller wants (printed as synth warnings):
     * a mall that needs a registered caller IP without {@code fixedIp}, sub-minute polling, a
     * {@code secretName} that nothing reads any more.
     */
    public static List<String> advisories(ZaikoConfig config) {
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < config.channels().size(); i++) {
            ChannelConfig c = config.channels().get(i);
            String at = "channels[" + i + "] (" + c.id() + ")";
            var mall = c.type().facts();
            if (!c.fixedIp() && mall.fixedIp()) {
                notes.add(at + ": " + mall.type() + " " + mall.fixedIpNote()
                        + "; set \"fixedIp\": true unless you know otherwise");
            }
            if (c.fixedIp() && mall.fixedIpRegionPrefix().filter(p -> !config.region().startsWith(p)).isPresent()) {
                notes.add(at + ": " + mall.fixedIpRegionNote() + "; region is " + config.region());
            }
            if (!c.secretName().isEmpty()) {
                notes.add(at + ": secretName is ignored: credentials are read from SSM Parameter Store"
                        + " (./zaiko secrets put --channel " + c.id() + "); remove the field");
            }
            if (c.pollsWithinInvocation()) {
                notes.add(at + ": pollIntervalSeconds " + c.pollIntervalSeconds() + " < 60 keeps the poller"
                        + " running for the whole minute (about $35/month of Lambda time per channel at 1024 MB)");
            }
        }
        return notes;
    }

    private static ZaikoConfig read(JsonNode root, List<String> problems) {
        if (root == null || !root.isObject()) {
            problems.add("(root): expected a JSON object");
            return null;
        }
        unknownFields(root, ROOT_FIELDS, "", problems);
        String region = requiredText(root, "region", "region", problems);
        if (region != null && !REGION.matcher(region).matches()) {
            problems.add("region: \"" + region + "\" is not an AWS region name (e.g. ap-northeast-1)");
        }
        String alertEmail = requiredText(root, "alertEmail", "alertEmail", problems);
        if (alertEmail != null && !EMAIL.matcher(alertEmail).matches()) {
            problems.add("alertEmail: \"" + alertEmail + "\" is not an e-mail address");
        }
        SafetyDefaults safety = readSafety(root.get("safety"), problems);
        NatMode natMode = NatMode.INSTANCE;
        JsonNode nat = root.get("natMode");
        if (nat != null && !nat.isNull()) {
            Optional<NatMode> mode = nat.isTextual() ? NatMode.fromConfigName(nat.asText()) : Optional.empty();
            if (mode.isEmpty()) {
                problems.add("natMode: " + nat + " is not one of \"instance\", \"gateway\"");
            } else {
                natMode = mode.get();
            }
        }
        boolean deletionProtection = optionalBoolean(root, "deletionProtection", "deletionProtection", true, problems);
        List<ChannelConfig> channels = readChannels(root.get("channels"), problems);
        FbaConfig fba = readFba(root.get("fba"), problems);
        if (fba.enabled() && !channels.isEmpty() && channels.stream().noneMatch(c -> c.type().equals(MallType.AMAZON))) {
            problems.add("fba.enabled: needs an amazon channel (FBA counts are read from an Amazon seller account)");
        }
        Optional<Integer> budget = root.hasNonNull("monthlyBudgetUsd")
                ? Optional.of(optionalInt(root, "monthlyBudgetUsd", "monthlyBudgetUsd", 1, 1, 100_000, "US dollars", problems))
                : Optional.empty();
        if (!problems.isEmpty()) {
            return null;
        }
        return new ZaikoConfig(region, alertEmail, safety, channels, natMode, deletionProtection, fba, budget);
    }

    private static FbaConfig readFba(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return FbaConfig.DISABLED;
        }
        if (!node.isObject()) {
            problems.add("fba: expected an object such as {\"enabled\": false}");
            return FbaConfig.DISABLED;
        }
        int before = problems.size();
        unknownFields(node, FBA_FIELDS, "fba.", problems);
        boolean enabled = optionalBoolean(node, "enabled", "fba.enabled", false, problems);
        boolean mcf = optionalBoolean(node, "mcf", "fba.mcf", false, problems);
        String action = optionalChoice(node, "mcfAction", "fba.mcfAction", FbaConfig.MCF_ACTIONS, "Hold", problems);
        String speed = optionalChoice(node, "mcfShippingSpeed", "fba.mcfShippingSpeed",
                FbaConfig.MCF_SHIPPING_SPEEDS, "Standard", problems);
        int settle = optionalInt(node, "settleMinutes", "fba.settleMinutes", FbaConfig.DEFAULT_SETTLE_MINUTES,
                1, FbaConfig.MAX_SETTLE_MINUTES, "minutes", problems);
        int maxHold = optionalInt(node, "maxHoldHours", "fba.maxHoldHours", FbaConfig.DEFAULT_MAX_HOLD_HOURS,
                1, FbaConfig.MAX_MAX_HOLD_HOURS, "hours", problems);
        Optional<FbaConfig.McfAddress> address = readMcfAddress(node.get("mcfAddress"), problems);
        JsonNode addressNode = node.get("mcfAddress");
        if (mcf && (addressNode == null || addressNode.isNull())) {
            problems.add("fba.mcfAddress: missing (required when fba.mcf is true: MCF orders need an address;"
                    + " see docs/fba.md)");
        }
        if (problems.size() != before) {
            return FbaConfig.DISABLED;
        }
        return new FbaConfig(enabled, mcf, address, action, speed, settle, maxHold);
    }

    private static Optional<FbaConfig.McfAddress> readMcfAddress(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String at = "fba.mcfAddress.";
        if (!node.isObject()) {
            problems.add("fba.mcfAddress: expected an object with name, addressLine1, postalCode, ...");
            return Optional.empty();
        }
        int before = problems.size();
        unknownFields(node, MCF_ADDRESS_FIELDS, at, problems);
        String name = limited(requiredText(node, "name", at + "name", problems), at + "name",
                FbaConfig.McfAddress.MAX_NAME, problems);
        String line1 = limited(requiredText(node, "addressLine1", at + "addressLine1", problems),
                at + "addressLine1", FbaConfig.McfAddress.MAX_ADDRESS_LINE, problems);
        Optional<String> line2 = optionalText(node, "addressLine2", at + "addressLine2",
                FbaConfig.McfAddress.MAX_ADDRESS_LINE, problems);
        Optional<String> region = optionalText(node, "stateOrRegion", at + "stateOrRegion",
                FbaConfig.McfAddress.MAX_ADDRESS_LINE, problems);
        String postalCode = limited(requiredText(node, "postalCode", at + "postalCode", problems),
                at + "postalCode", FbaConfig.McfAddress.MAX_POSTAL_CODE, problems);
        String country = optionalText(node, "countryCode", at + "countryCode", 2, problems).orElse("JP");
        if (!COUNTRY_CODE.matcher(country).matches()) {
            problems.add(at + "countryCode: \"" + country + "\" is not a two-letter country code (e.g. JP)");
        }
        Optional<String> phone = optionalText(node, "phone", at + "phone", 20, problems);
        if (problems.size() != before) {
            return Optional.empty();
        }
        return Optional.of(new FbaConfig.McfAddress(name, line1, line2, region, postalCode, country, phone));
    }

    private static String limited(String value, String path, int max, List<String> problems) {
        if (value != null && value.length() > max) {
            problems.add(path + ": longer than " + max + " characters");
        }
        return value;
    }

    private static Optional<String> optionalText(JsonNode object, String name, String path, int max,
                                                 List<String> problems) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            problems.add(path + ": expected a string, got " + value);
            return Optional.empty();
        }
        return Optional.of(limited(value.asText().strip(), path, max, problems));
    }

    private static String optionalChoice(JsonNode object, String name, String path, List<String> choices,
                                         String fallback, List<String> problems) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual() || !choices.contains(value.asText())) {
            problems.add(path + ": " + value + " is not one of "
                    + String.join(", ", choices.stream().map(c -> "\"" + c + "\"").toList()));
            return fallback;
        }
        return value.asText();
    }

    private static int optionalInt(JsonNode object, String name, String path, int fallback, int min, int max,
                                   String unit, List<String> problems) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problems.add(path + ": " + value + " is not a whole number of " + unit);
            return fallback;
        }
        int n = value.asInt();
        if (n < min) {
            problems.add(path + ": " + n + " is below the minimum of " + min + " " + unit);
        } else if (n > max) {
            problems.add(path + ": " + n + " is above the maximum of " + max + " " + unit);
        }
        return n;
    }

    private static SafetyDefaults readSafety(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return SafetyDefaults.NONE;
        }
        if (!node.isObject()) {
            problems.add("safety: expected an object such as {\"safetyStock\": 0}");
            return SafetyDefaults.NONE;
        }
        unknownFields(node, SAFETY_FIELDS, "safety.", problems);
        JsonNode stock = node.get("safetyStock");
        if (stock == null || stock.isNull()) {
            return SafetyDefaults.NONE;
        }
        if (!stock.isIntegralNumber() || !stock.canConvertToInt() || stock.asInt() < 0) {
            problems.add("safety.safetyStock: " + stock + " is not a whole number >= 0");
            return SafetyDefaults.NONE;
        }
        return new SafetyDefaults(stock.asInt());
    }

    private static List<ChannelConfig> readChannels(JsonNode node, List<String> problems) {
        List<ChannelConfig> channels = new ArrayList<>();
        if (node == null || node.isNull()) {
            problems.add("channels: missing (a list of channel accounts)");
            return channels;
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add("channels: expected a non-empty list of channel accounts");
            return channels;
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "channels[" + i + "].";
            JsonNode c = node.get(i);
            if (!c.isObject()) {
                problems.add("channels[" + i + "]: expected an object");
                continue;
            }
            int before = problems.size();
            unknownFields(c, CHANNEL_FIELDS, at, problems);

            String id = requiredText(c, "id", at + "id", problems);
            if (id != null) {
                if (!validChannelId(id)) {
                    problems.add(at + "id: \"" + id + "\" is not a valid channel id (lowercase letters, digits"
                            + " and '-', starting with a letter or digit, at most 40 characters)");
                } else if (ids.putIfAbsent(id, i) != null) {
                    problems.add(at + "id: duplicate channel id \"" + id + "\" (also channels[" + ids.get(id) + "])");
                }
            }

            MallType type = null;
            JsonNode typeNode = c.get("type");
            if (typeNode == null || typeNode.isNull()) {
                problems.add(at + "type: missing (one of " + MallType.configNames() + ")");
            } else {
                type = typeNode.isTextual() ? MallType.fromConfigName(typeNode.asText()).orElse(null) : null;
                if (type == null) {
                    problems.add(at + "type: unknown mall type " + typeNode + " (expected one of "
                            + MallType.configNames() + ")");
                }
            }

            int interval = type == null ? ChannelConfig.DEFAULT_POLL_INTERVAL_SECONDS
                    : MallPollLimits.defaultIntervalSeconds(type);
            JsonNode intervalNode = c.get("pollIntervalSeconds");
            if (intervalNode != null && !intervalNode.isNull()) {
                if (!intervalNode.isIntegralNumber() || !intervalNode.canConvertToInt()) {
                    problems.add(at + "pollIntervalSeconds: " + intervalNode + " is not a whole number of seconds");
                } else {
                    interval = intervalNode.asInt();
                    if (interval < ChannelConfig.MIN_POLL_INTERVAL_SECONDS) {
                        problems.add(at + "pollIntervalSeconds: " + interval + " is below the minimum of "
                                + ChannelConfig.MIN_POLL_INTERVAL_SECONDS + " seconds");
                    } else if (interval > ChannelConfig.MAX_POLL_INTERVAL_SECONDS) {
                        problems.add(at + "pollIntervalSeconds: " + interval + " is above the maximum of "
                                + ChannelConfig.MAX_POLL_INTERVAL_SECONDS + " seconds");
                    } else if (type != null) {
                        int given = interval;
                        MallType mall = type;
                        MallPollLimits.of(mall).filter(limit -> given < limit.minimumIntervalSeconds())
                                .ifPresent(limit -> problems.add(at + "pollIntervalSeconds: " + mall.configName()
                                        + " " + limit.reason() + "; minimum "
                                        + limit.minimumIntervalSeconds() + " s (got " + given + ")"));
                    }
                }
            }

            boolean webhook = optionalBoolean(c, "webhook", at + "webhook", false, problems);
            if (webhook && type != null && !type.orderWebhook()) {
                problems.add(at + "webhook: " + type.configName() + " has no order webhook that zaiko-sync can verify"
                        + (type.equals(MallType.AMAZON)
                        ? " (Amazon order notifications arrive through the SP-API notification queue,"
                        + " which is created for the amazon channels)"
                        : " (it is polled only; set webhook to false)"));
            }

            // Credentials moved to SSM Parameter Store (issue 17): the field is accepted so older
            // configs still deploy, and advisories() tells the seller it is ignored.
            JsonNode secretNode = c.get("secretName");
            String secretName = secretNode == null || secretNode.isNull() ? "" : secretNode.asText();

            boolean fixedIp = optionalBoolean(c, "fixedIp", at + "fixedIp", false, problems);
            Map<String, String> options = new java.util.TreeMap<>();
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
            String holdBack = options.get(ChannelConfig.HOLD_BACK_OPTION);
            if (holdBack == null) {
                if (type != null && ChannelConfig.learnsOrdersOnlyByPolling(type, webhook)) {
                    // Default on where a sale reaches us only at the next poll (README: low-stock hold-back).
                    options.put(ChannelConfig.HOLD_BACK_OPTION, Integer.toString(ChannelConfig.DEFAULT_HOLD_BACK_UNITS));
                }
            } else if (!holdBack.matches("\\d{1,4}") || Integer.parseInt(holdBack) > ChannelConfig.MAX_HOLD_BACK_UNITS) {
                problems.add(at + "options." + ChannelConfig.HOLD_BACK_OPTION + ": \"" + holdBack
                        + "\" is not a whole number of units from 0 to " + ChannelConfig.MAX_HOLD_BACK_UNITS);
            }
            int reconcileMinutes = optionalInt(c, "reconcileMinutes", at + "reconcileMinutes",
                    ChannelConfig.DEFAULT_RECONCILE_MINUTES, ChannelConfig.MIN_RECONCILE_MINUTES,
                    ChannelConfig.MAX_RECONCILE_MINUTES, "minutes", problems);
            ReconcileMode reconcileMode = ReconcileMode.REPAIR;
            JsonNode modeNode = c.get("reconcileMode");
            if (modeNode != null && !modeNode.isNull()) {
                Optional<ReconcileMode> mode = modeNode.isTextual()
                        ? ReconcileMode.fromConfigName(modeNode.asText()) : Optional.empty();
                if (mode.isEmpty()) {
                    problems.add(at + "reconcileMode: " + modeNode + " is not one of \"repair\", \"report\"");
                } else {
                    reconcileMode = mode.get();
                }
            }
            if (problems.size() == before) {
                channels.add(new ChannelConfig(id, type, interval, webhook, secretName, fixedIp, options,
                        reconcileMinutes, reconcileMode));
            }
        }
        return channels;
    }

    /** The rule lives in the schema module (ids become queue names and env var suffixes). */
    private static boolean validChannelId(String id) {
        try {
            Queues.requireChannelId(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
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

    private static String requiredText(JsonNode object, String name, String path, List<String> problems) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            problems.add(path + ": missing");
            return null;
        }
        if (!value.isTextual()) {
            problems.add(path + ": expected a string, got " + value);
            return null;
        }
        return value.asText().strip();
    }

    private static boolean optionalBoolean(JsonNode object, String name, String path, boolean fallback,
                                           List<String> problems) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            problems.add(path + ": expected true or false, got " + value);
            return fallback;
        }
        return value.asBoolean();
    }
}
