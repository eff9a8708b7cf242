package dev.zaiko.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the layers honest: the domain (rules, ports) knows nothing of AWS, HTTP, JSON or any mall;
 * the application layer knows no AWS either; mall details stay in their own adapter package.
 */
class DomainIsPureTest {
    static final Path MAIN = Path.of("src/main/java/dev/zaiko");

    @Test
    void theDomainImportsNoInfrastructureAndNoMall() throws IOException {
        assertThat(violations(MAIN.resolve("domain"), List.of("import software.amazon", "import com.amazonaws",
                "import com.fasterxml", "import java.net.http", "import dev.zaiko.adapter", "import dev.zaiko.channel",
                "import dev.zaiko.handler", "import dev.zaiko.config", "import dev.zaiko.app"))).isEmpty();
    }

    @Test
    void theApplicationLayerImportsNoInfrastructure() throws IOException {
        assertThat(violations(MAIN.resolve("app"), List.of("import software.amazon", "import com.amazonaws",
                "import dev.zaiko.adapter", "import dev.zaiko.channel", "import dev.zaiko.handler"))).isEmpty();
    }

    @Test
    void noMallPackageReachesIntoAnother() throws IOException {
        Path channels = MAIN.resolve("channel");
        if (!Files.isDirectory(channels)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        try (Stream<Path> malls = Files.list(channels)) {
            for (Path mall : malls.filter(Files::isDirectory).toList()) {
                String name = mall.getFileName().toString();
                if (name.equals("support")) {
                    continue;
                }
                try (Stream<Path> others = Files.list(channels)) {
                    List<String> forbidden = others.filter(Files::isDirectory)
                            .map(p -> p.getFileName().toString())
                            .filter(other -> !other.equals(name) && !other.equals("support"))
                            .map(other -> "import dev.zaiko.channel." + other + ".").toList();
                    problems.addAll(violations(mall, forbidden));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static List<String> violations(Path root, List<String> forbidden) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    for (String prefix : forbidden) {
                        if (line.startsWith(prefix)) {
                            found.add(file + ": " + line);
                        }
                    }
                }
            }
        }
        return found;
    }
}
