package dev.zaiko.infra;

import dev.zaiko.deployconfig.ConfigException;
import dev.zaiko.deployconfig.ZaikoConfig;
import dev.zaiko.deployconfig.ZaikoConfigParser;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CDK app: {@code npx aws-cdk deploy} in {@code infra/} runs this (cdk.json).
 *
 * <p>Context: {@code config} (default {@value #DEFAULT_CONFIG}), {@code lambdaJar} (default
 * {@value #DEFAULT_LAMBDA_JAR}), {@code stackName} (default {@value #DEFAULT_STACK_NAME}).
 * Relative paths are looked up from the current directory first, then from the repository root.
 * The region comes from the config; the account from the CLI's credentials
 * ({@code CDK_DEFAULT_ACCOUNT}).
 */
public final class ZaikoApp {
    public static final String DEFAULT_CONFIG = "infra/zaiko.example.json";
    public static final String DEFAULT_LAMBDA_JAR = "functions/target/zaiko-functions-lambda.jar";
    public static final String DEFAULT_STACK_NAME = "ZaikoSync";

    private ZaikoApp() {
    }

    public static void main(String[] args) {
        Path repoRoot = repoRoot(Path.of("").toAbsolutePath());
        String outdir = System.getenv("CDK_OUTDIR");
        App app = new App(AppProps.builder()
                .outdir(outdir != null && !outdir.isBlank() ? outdir : repoRoot.resolve("infra/cdk.out").toString())
                .build());
        try {
            build(app, repoRoot);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (IllegalArgumentException e) {
            // a missing Lambda jar and the like: the message says what to do, a stack trace does not
            System.err.println("zaiko: " + e.getMessage());
            System.exit(1);
        }
        app.synth();
    }

    /** Reads the context, validates the config and adds the stack to {@code app}. */
    public static ZaikoStack build(App app, Path repoRoot) {
        Path configPath = resolve(context(app, "config", DEFAULT_CONFIG), repoRoot);
        Path jar = resolve(context(app, "lambdaJar", DEFAULT_LAMBDA_JAR), repoRoot);
        ZaikoConfig config = ZaikoConfigParser.parse(configPath);
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        return new ZaikoStack(app, context(app, "stackName", DEFAULT_STACK_NAME),
                StackProps.builder()
                        .description("zaiko-sync: multi-channel inventory sync (" + config.channels().size()
                                + " channels)")
                        .env(Environment.builder().account(account).region(config.region()).build())
                        .build(),
                new ZaikoStack.Props(config, jar));
    }

    private static String context(App app, String key, String fallback) {
        Object value = app.getNode().tryGetContext(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    static Path resolve(String value, Path repoRoot) {
        Path path = Path.of(value);
        if (path.isAbsolute()) {
            return path;
        }
        Path fromCwd = path.toAbsolutePath();
        return Files.exists(fromCwd) ? fromCwd : repoRoot.resolve(path).normalize();
    }

    /** The nearest directory upwards that holds {@code infra/pom.xml}; the start if none does. */
    static Path repoRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("infra").resolve("pom.xml"))) {
                return dir;
            }
        }
        return start;
    }
}
