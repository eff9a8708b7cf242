package dev.zaiko.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.cli.deploy.RepoBuild;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./zaiko bench coldstart [--json]}: each handler of the synthesized template in a fresh JVM,
 * started through AWS's own runtime client ({@code aws-lambda-java-runtime-interface-client}
 * 2.10.1, {@code AWSLambda <handler>}) against {@link RuntimeApiServer}, with that function's
 * environment from the template (CloudFormation references become placeholders). Prints init ms
 * (process start to the runtime's first {@code next}) and first-invoke ms (event handed over to
 * response or error). No AWS: SDK calls go to a closed local port and fail fast, so the first
 * invoke measures the handler's own path plus one failed call (its status says so). No SnapStart.
 */
@Command(name = "coldstart", mixinStandardHelpOptions = true,
        description = "Init and first-invoke ms of each Lambda handler in a fresh JVM through AWS's runtime client.")
public final class ColdStartBench implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--template", description = "Synthesized template (default: infra/cdk.out/*.template.json).")
    Path template;

    @Option(names = "--timeout-seconds", defaultValue = "60", description = "Per handler (default 60).")
    int timeoutSeconds;

    /** Events from events/ for each handler (what its trigger sends). */
    static final Map<String, String> EVENTS = Map.of(
            "LedgerHandler", "events/sqs/orders-batch.json",
            "ChannelPollHandler", "events/scheduler/poll-tick.json",
            "PushHandler", "events/push/wake.json",
            "ReconcileHandler", "events/scheduler/poll-tick.json",
            "WebhookHandler", "events/apigw/shopify-orders-create.json",
            "AdminApiHandler", "events/apigw/admin-stock-adjust.json",
            "NotificationQueueHandler", "events/sqs/spapi-order-change.json",
            "FbaSyncHandler", "events/scheduler/poll-tick.json");

    @Override
    public Integer call() throws Exception {
        Path root = RepoBuild.root();
        RepoBuild.ensureJars(root);
        Path file = template;
        if (file == null) {
            try (Stream<Path> out = Files.list(root.resolve("infra/cdk.out"))) {
                file = out.filter(p -> p.getFileName().toString().endsWith(".template.json")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no template: run ./zaiko synth first"));
            } catch (java.nio.file.NoSuchFileException e) {
                System.err.println("zaiko bench coldstart: no infra/cdk.out: run ./zaiko synth first");
                return 2;
            }
        }
        Path ric = root.resolve("cli/target/ric");
        List<String> classpath = new ArrayList<>();
        classpath.add(root.resolve("functions/target/zaiko-functions-lambda.jar").toString());
        try (Stream<Path> jars = Files.list(ric)) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> classpath.add(p.toString()));
        }
        ObjectMapper mapper = new ObjectMapper();
        JsonNode resources = mapper.readTree(file.toFile()).get("Resources");
        Map<String, JsonNode> byHandler = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            JsonNode r = it.next().getValue();
            String handler = r.at("/Properties/Handler").asText();
            if (r.path("Type").asText().equals("AWS::Lambda::Function") && handler.startsWith("dev.zaiko.")) {
                byHandler.putIfAbsent(handler, r.at("/Properties/Environment/Variables"));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        // The floor first: the same JVM flags and runtime client with a handler that does nothing
        // (this CLI's own jar last on its class path, for that one class).
        List<String> floorPath = new ArrayList<>(classpath);
        floorPath.add(Path.of(EmptyHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        Map<String, Object> floor = measure(root, floorPath, EmptyHandler.class.getName() + "::handleRequest",
                mapper.createObjectNode());
        for (Map.Entry<String, JsonNode> h : byHandler.entrySet()) {
            rows.add(measure(root, classpath, h.getKey(), h.getValue()));
        }
        Object floorInit = floor.get("initMs");
        for (Map<String, Object> row : rows) {
            row.put("initAboveFloorMs", row.get("initMs") instanceof Long init && floorInit instanceof Long base
                    ? init - base : null);
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("runtimeClient", "com.amazonaws:aws-lambda-java-runtime-interface-client:2.10.1");
            out.put("java", System.getProperty("java.version"));
            out.put("snapStart", false);
            out.put("floor", floor);
            out.put("handlers", rows);
            System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        } else {
            System.out.printf("%-28s init %6s ms  first invoke %6s ms  %s (JVM + runtime client alone)%n", "EmptyHandler",
                    floor.get("initMs"), floor.get("firstInvokeMs"), floor.get("status"));
            for (Map<String, Object> row : rows) {
                System.out.printf("%-28s init %6s ms  first invoke %6s ms  %s%n", row.get("handler"), row.get("initMs"),
                        row.get("firstInvokeMs"), row.get("status"));
            }
        }
        return 0;
    }

    private Map<String, Object> measure(Path root, List<String> classpath, String handler, JsonNode variables)
            throws Exception {
        String simple = handler.substring(handler.substring(0, handler.indexOf("::")).lastIndexOf('.') + 1,
                handler.indexOf("::"));
        String event = Files.readString(root.resolve(EVENTS.getOrDefault(simple, "events/scheduler/poll-tick.json")));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("handler", simple);
        try (RuntimeApiServer api = new RuntimeApiServer(event,
                "arn:aws:lambda:ap-northeast-1:123456789012:function:zaiko-" + simple + ":live")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                    "-cp", String.join(File.pathSeparator, classpath),
                    "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> env = builder.environment();
            for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                env.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : placeholder(e.getKey()));
            }
            env.put("AWS_LAMBDA_RUNTIME_API", api.address());
            env.put("AWS_REGION", "ap-northeast-1");
            env.put("AWS_LAMBDA_FUNCTION_NAME", "zaiko-" + simple);
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
            env.put("AWS_ACCESS_KEY_ID", "AKIDBENCHONLY");
            env.put("AWS_SECRET_ACCESS_KEY", "bench-only-not-a-secret");
            // no AWS here: every SDK call fails fast on a closed local port
            env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
            env.put("AWS_MAX_ATTEMPTS", "1");
            long start = System.nanoTime();
            Process process = builder.start();
            try {
                RuntimeApiServer.Outcome outcome = api.outcome().get(timeoutSeconds, TimeUnit.SECONDS);
                row.put("initMs", outcome.firstNextNanos() < 0 ? null : (outcome.firstNextNanos() - start) / 1_000_000);
                row.put("firstInvokeMs", outcome.firstNextNanos() < 0 ? null
                        : (outcome.doneNanos() - outcome.firstNextNanos()) / 1_000_000);
                row.put("status", outcome.status());
                row.put("detail", outcome.status().equals("ok") ? "" : errorType(outcome.body()));
            } catch (java.util.concurrent.TimeoutException e) {
                row.put("initMs", null);
                row.put("firstInvokeMs", null);
                row.put("status", "timeout");
                row.put("detail", "no response within " + timeoutSeconds + " s");
            } finally {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
        return row;
    }

    /** A CloudFormation reference in the template becomes a plausible value of the same kind. */
    static String placeholder(String variable) {
        if (variable.endsWith("_TABLE_NAME")) {
            return "zaiko-bench-" + variable.toLowerCase().replace("_table_name", "");
        }
        if (variable.endsWith("_QUEUE_URL")) {
            return "http://127.0.0.1:9/123456789012/zaiko-bench";
        }
        if (variable.endsWith("_ARN")) {
            return "arn:aws:lambda:ap-northeast-1:123456789012:function:zaiko-bench:live";
        }
        if (variable.equals("ZAIKO_ACCOUNT_ID")) {
            return "123456789012";
        }
        return "bench";
    }

    private static String errorType(String body) {
        try {
            return new ObjectMapper().readTree(body).path("errorType").asText("");
        } catch (Exception e) {
            return "";
        }
    }
}
