package dev.zaiko.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.deployconfig.ZaikoConfig;
import dev.zaiko.deployconfig.ZaikoConfigParser;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Synthesises stacks for tests with a placeholder directory in place of the Lambda jar. */
final class TestStacks {
    static final ObjectMapper JSON = new ObjectMapper();

    private TestStacks() {
    }

    static Path repoRoot() {
        return ZaikoApp.repoRoot(Path.of("").toAbsolutePath());
    }

    static ZaikoConfig exampleConfig() {
        return ZaikoConfigParser.parse(repoRoot().resolve("infra/zaiko.example.json"));
    }

    /** A directory standing in for the shaded jar (tests run before `package`). */
    static Path placeholderJar() {
        try {
            Path dir = Files.createTempDirectory("zaiko-lambda-placeholder");
            Files.writeString(dir.resolve("README.txt"), "placeholder for zaiko-functions-lambda.jar");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ZaikoStack stack(ZaikoConfig config) {
        App app = new App();
        return new ZaikoStack(app, "ZaikoSyncTest",
                StackProps.builder().env(Environment.builder().account("123456789012").region(config.region()).build())
                        .build(),
                new ZaikoStack.Props(config, placeholderJar()));
    }

    static JsonNode json(Template template) {
        return JSON.valueToTree(template.toJSON());
    }

    /** Logical ids of functions with this handler (and CHANNEL_ID, if given). */
    static List<String> functionsWith(JsonNode template, String handler, String channelId) {
        return resources(template, "AWS::Lambda::Function").stream()
                .filter(e -> e.getValue().at("/Properties/Handler").asText().equals(handler))
                .filter(e -> channelId == null
                        || channelId.equals(e.getValue().at("/Properties/Environment/Variables/CHANNEL_ID").asText()))
                .map(Map.Entry::getKey)
                .toList();
    }

    static JsonNode environment(JsonNode template, String functionId) {
        return template.get("Resources").get(functionId).at("/Properties/Environment/Variables");
    }

    /** The statements of every policy attached to the function's role. */
    static List<JsonNode> statementsOfFunction(JsonNode template, String functionId) {
        String role = template.get("Resources").get(functionId).at("/Properties/Role/Fn::GetAtt/0").asText();
        List<JsonNode> out = new ArrayList<>();
        for (var policy : resources(template, "AWS::IAM::Policy")) {
            if (policy.getValue().at("/Properties/Roles").toString().contains("\"" + role + "\"")) {
                policy.getValue().at("/Properties/PolicyDocument/Statement").forEach(out::add);
            }
        }
        return out;
    }

    static List<String> actions(JsonNode statement) {
        JsonNode action = statement.get("Action");
        List<String> out = new ArrayList<>();
        if (action.isArray()) {
            action.forEach(a -> out.add(a.asText()));
        } else {
            out.add(action.asText());
        }
        return out;
    }

    /** The one resource whose logical id is {@code prefix} plus CDK's 8-hex-digit hash. */
    static String logicalId(JsonNode template, String prefix) {
        List<String> ids = new ArrayList<>();
        template.get("Resources").fieldNames().forEachRemaining(id -> {
            if (id.matches(prefix + "[0-9A-F]{8}")) {
                ids.add(id);
            }
        });
        if (ids.size() != 1) {
            throw new AssertionError("expected one resource " + prefix + "*, found " + ids);
        }
        return ids.get(0);
    }

    /** Logical id to resource, for resources of one type. */
    static List<Map.Entry<String, JsonNode>> resources(JsonNode template, String type) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.get("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (type.equals(e.getValue().path("Type").asText())) {
                out.add(e);
            }
        }
        return out;
    }
}
