package dev.zaiko.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.infra.config.ZaikoConfig;
import dev.zaiko.infra.config.ZaikoConfigParser;
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
