package dev.zaiko.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error code the admin API can answer with is in the console's catalogue in Japanese and in
 * English (the console translates by code, so a code without a text would show the English fallback
 * to a seller). The codes are read from the sources: {@code new OpsException(Kind, "CODE", …)},
 * {@code LineError.of(line, "CODE", …)} and the API's own {@code error(status, "CODE", …)}.
 */
class ErrorCatalogueTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/zaiko");
    private static final Path CATALOGUE = Path.of("../console/i18n");
    private static final List<Pattern> CODE_SITES = List.of(
            Pattern.compile("new OpsException\\(\\s*OpsException\\.Kind\\.[A-Z_]+,\\s*\"([A-Z][A-Z_]+)\","),
            Pattern.compile("LineError\\.of\\([^,]+,\\s*\"([A-Z][A-Z_]+)\""),
            Pattern.compile("error\\(\\d{3},\\s*\"([A-Z][A-Z_]+)\","),
            Pattern.compile("\\{\\\\\"error\\\\\":\\{\\\\\"code\\\\\":\\\\\"([A-Z][A-Z_]+)\\\\\""),
            Pattern.compile("amazon\\.isEmpty\\(\\) \\? \"([A-Z_]+)\" : \"([A-Z_]+)\""));

    static Set<String> codesInSources() throws IOException {
        Set<String> codes = new TreeSet<>(List.of("NOT_FOUND", "BAD_REQUEST", "METHOD_NOT_ALLOWED", "CONFLICT",
                "CHANNEL_FAILED", "INTERNAL", "INVALID"));
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                for (Pattern site : CODE_SITES) {
                    Matcher m = site.matcher(text);
                    while (m.find()) {
                        for (int g = 1; g <= m.groupCount(); g++) {
                            codes.add(m.group(g));
                        }
                    }
                }
            }
        }
        return codes;
    }

    static Set<String> keys(String lang) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(CATALOGUE.resolve(lang + ".json")));
        Set<String> keys = new TreeSet<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    @Test
    void everyCodeTheApiAnswersWithHasAJapaneseAndAnEnglishText() throws IOException {
        Set<String> codes = codesInSources();
        // the scan finds the codes it should (a pattern that matched nothing would make this test pass vacuously)
        assertThat(codes).contains("UNKNOWN_SKU", "SUBTRACT_BELOW_ZERO", "REFRESH_START_FAILED", "BAD_STATE",
                "BODY_TOO_LARGE", "NO_AMAZON", "SEVERAL_AMAZON", "MISSING_COLUMN");
        for (String lang : List.of("ja", "en")) {
            Set<String> keys = keys(lang);
            List<String> missing = new ArrayList<>();
            codes.forEach(code -> {
                if (!keys.contains("error." + code)) {
                    missing.add(code);
                }
            });
            assertThat(missing).as("codes without error.<CODE> in console/i18n/" + lang + ".json").isEmpty();
        }
    }

    @Test
    void japaneseAndEnglishHaveTheSameKeys() throws IOException {
        assertThat(keys("en")).isEqualTo(keys("ja"));
    }
}
