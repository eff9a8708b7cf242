package dev.zaiko.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the real public payloads and schemas in {@code shared/fixtures} (beside the repository,
 * never copied into it, never edited) so that simulators answer from them as templates at run time.
 *
 * <p>Looked up, in order: the system property {@value #PROPERTY}, the environment variable
 * {@value #ENV}, then {@code shared/fixtures} beside or inside the working directory or any parent
 * (so tests find it from any module, and {@code ./zaiko local up} from the checkout). A simulator
 * that can do without a fixture asks {@link #find}; one that cannot calls {@link #read}, which
 * fails with a message naming what was looked for and how to point at it.
 */
public final class FixtureLocator {
    public static final String PROPERTY = "zaiko.fixtures.dir";
    public static final String ENV = "ZAIKO_FIXTURES_DIR";

    private FixtureLocator() {
    }

    /** The fixtures folder, if there is one. */
    public static Optional<Path> root() {
        String configured = System.getProperty(PROPERTY, System.getenv(ENV));
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path beside = dir.resolveSibling("shared").resolve("fixtures");
            if (dir.getParent() != null && Files.isDirectory(beside)) {
                return Optional.of(beside);
            }
            Path inside = dir.resolve("shared").resolve("fixtures");
            if (dir.getParent() != null && Files.isDirectory(inside)) {
                return Optional.of(inside);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    /** One fixture file ({@code "yahoo/setStock-request-t4traw.txt"}), if the folder and the file exist. */
    public static Optional<Path> find(String relative) {
        return root().map(r -> r.resolve(relative)).filter(Files::isRegularFile);
    }

    /** @throws IllegalStateException naming the file, where it was looked for and how to point at the folder */
    public static Path require(String relative) {
        return find(relative).orElseThrow(() -> new IllegalStateException("fixture " + relative + " not found: "
                + root().map(r -> "no such file in " + r).orElse("no shared/fixtures folder beside or above "
                + Path.of("").toAbsolutePath())
                + " (set -D" + PROPERTY + "=<dir> or " + ENV + " to the shared/fixtures folder)"));
    }

    /** The file's text (UTF-8, unchanged). */
    public static String read(String relative) {
        try {
            return Files.readString(require(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's bytes, unchanged (for byte-exact comparisons). */
    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(require(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
