package dev.zaiko.app.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One problem in an input file, at a line a person can open in an editor (1-based; 0: the file as a whole).
 *
 * @param code   stable code the console translates ({@code error.<CODE>} in its i18n files); {@code INVALID}
 *               when the problem has no specific code (the console then shows {@code message})
 * @param params the values the translated text needs, as text
 */
public record LineError(int line, String message, String code, Map<String, String> params)
        implements Comparable<LineError> {
    public static final String INVALID = "INVALID";

    public LineError {
        Objects.requireNonNull(message, "message");
        code = code == null || code.isBlank() ? INVALID : code;
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public LineError(int line, String message) {
        this(line, message, INVALID, Map.of());
    }

    /** A problem with a code; {@code params} alternate name, value (values turned into text). */
    public static LineError of(int line, String code, String message, Object... params) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < params.length; i += 2) {
            map.put(String.valueOf(params[i]), String.valueOf(params[i + 1]));
        }
        return new LineError(line, message, code, map);
    }

    @Override
    public int compareTo(LineError other) {
        return line != other.line ? Integer.compare(line, other.line) : message.compareTo(other.message);
    }

    @Override
    public String toString() {
        return line == 0 ? message : "line " + line + ": " + message;
    }
}
