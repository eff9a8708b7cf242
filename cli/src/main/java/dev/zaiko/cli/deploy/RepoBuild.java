package dev.zaiko.cli.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds the repository and (re)builds the Lambda jar and the CDK app when they are missing or stale. */
public final class RepoBuild {
    private RepoBuild() {
    }

    public static Path root() {
        String home = System.getenv("ZAIKO_HOME");
        Path start = home != null && !home.isBlank() ? Path.of(home) : Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("infra/pom.xml")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run ./zaiko from the zaiko-sync repository (no infra/pom.xml above "
                + start + ")");
    }

    public static void ensureJars(Path root) throws IOException, InterruptedException {
        Path lambdaJar = root.resolve("functions/target/zaiko-functions-lambda.jar");
        Path infraJar = root.resolve("infra/target/zaiko-infra.jar");
        if (fresh(root, lambdaJar, List.of("functions", "schema")) && fresh(root, infraJar, List.of("infra", "schema", "deploy-config"))) {
            return;
        }
        System.err.println("zaiko: building the Lambda jar and the CDK app...");
        run(root, List.of("./mvnw", "-B", "-q", "-DskipTests", "-pl", "functions,infra", "-am", "package"), Map.of());
    }

    private static boolean fresh(Path root, Path jar, List<String> modules) throws IOException {
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        long built = Files.getLastModifiedTime(jar).toMillis();
        for (String module : modules) {
            try (Stream<Path> files = Files.walk(root.resolve(module))) {
                boolean newer = files.filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/src/test/"))
                        .filter(p -> p.toString().endsWith(".java") || p.getFileName().toString().equals("pom.xml"))
                        .anyMatch(p -> {
                            try {
                                return Files.getLastModifiedTime(p).toMillis() > built;
                            } catch (IOException e) {
                                return true;
                            }
                        });
                if (newer) {
                    return false;
                }
            }
        }
        return true;
    }

    static int run(Path dir, List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        return run(dir, command, environment, false);
    }

    /** @param outputToStderr the child's standard output goes to standard error (ours stays clean for JSON) */
    static int run(Path dir, List<String> command, Map<String, String> environment, boolean outputToStderr)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).inheritIO();
        if (outputToStderr) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File("/dev/stderr")));
        }
        builder.environment().putAll(environment);
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
        }
        return exit;
    }
}
