package dev.zaiko.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real public payloads from {@code shared/fixtures/} (beside the repository; never edited, never
 * copied). Found by walking up from the working directory, so tests work from any module.
 */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolveSibling("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            Path inside = dir.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(inside) && !dir.equals(Path.of("/"))) {
                return inside;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("shared/fixtures not found beside the repository (looked up from "
                + Path.of("").toAbsolutePath() + ")");
    }

    public static Path path(String relative) {
        Path file = root().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no fixture " + file);
        }
        return file;
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
