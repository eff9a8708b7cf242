package dev.zaiko.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variable names a Lambda handler declares, read from its source in
 * {@code functions/} (infra does not depend on the functions module): its
 * {@code public static final String X = "UPPER_CASE";} constants. A variable a handler starts to
 * read is then missing from the stack until the stack sets it, and a stack test says so.
 */
final class HandlerEnvironment {
    private static final Pattern CONSTANT =
            Pattern.compile("public static final String \\w+ = \"([A-Z][A-Z0-9_]*)\";");

    private HandlerEnvironment() {
    }

    static List<String> constantsOf(String handlerClass) {
        Path source = TestStacks.repoRoot().resolve("functions/src/main/java/dev/zaiko/handler/" + handlerClass + ".java");
        try {
            Matcher m = CONSTANT.matcher(Files.readString(source));
            List<String> names = new ArrayList<>();
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }
}
