package dev.zaiko.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Real public payloads from {@code shared/fixtures/} (beside the repository; never edited, never
 * copied). Looked up as the simulators' {@code FixtureLocator} does at run time: the system property
 * {@value #PROPERTY}, the environment variable {@value #ENV}, then {@code shared/fixtures} beside or
 * inside the working directory or any parent, so tests find it from any module.
 */
public final class SharedFixtures {
    public static final String PROPERTY = "zaiko.fixtures.dir";
    public static final String ENV = "ZAIKO_FIXTURES_DIR";

    private SharedFixtures() {
    }

    /** @throws IllegalStateException naming where it looked and how to point at the folder */
    public static Path root() {
        return find(System.getProperty(PROPERTY, System.getenv(ENV)), Path.of("").toAbsolutePath()).orElseThrow(() -> new IllegalStateException(
                "shared/fixtures not found beside or above " + Path.of("").toAbsolutePath()
                        + " (set -D" + PROPERTY + "=<dir> or " + ENV + " to the shared/fixtures folder)"));
    }

    /** The fixtures folder: {@code configured} if set, else as seen from {@code from} (package-private for its test). */
    static Optional<Path> find(String configured, Path from) {
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
        }
        for (Path dir = from; dir != null && dir.getParent() != null; dir = dir.getParent()) {
            Path beside = dir.resolveSibling("shared").resolve("fixtures");
            if (Files.isDirectory(beside)) {
                return Optional.of(beside);
            }
            Path inside = dir.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(inside)) {
                return Optional.of(inside);
            }
        }
        return Optional.empty();
    }

    /** One fixture file ({@code "yahoo/setStock-request-t4traw.txt"}); @throws IllegalStateException if absent */
    public static Path path(String relative) {
        Path file = root().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no fixture " + file);
        }
        return file;
    }

    /** The file's text (UTF-8, unchanged). */
    public static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
