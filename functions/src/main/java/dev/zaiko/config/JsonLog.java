package dev.zaiko.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Instant;

/**
 * One JSON object per line on stdout: CloudWatch Logs Insights and metric filters read the
 * fields directly (e.g. {@code event = "order_line_oversold"} drives the oversold alarm).
 */
public final class JsonLog {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static volatile PrintStream out = System.out;

    private JsonLog() {
    }

    public static void redirect(PrintStream stream) {
        out = stream;
    }

    public static void info(String event, Object... keyValues) {
        write("INFO", event, keyValues);
    }

    public static void warn(String event, Object... keyValues) {
        write("WARN", event, keyValues);
    }

    public static void error(String event, Object... keyValues) {
        write("ERROR", event, keyValues);
    }

    private static void write(String level, String event, Object... keyValues) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("time", Instant.now().toString());
        node.put("level", level);
        node.put("event", event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            String key = String.valueOf(keyValues[i]);
            if (value instanceof Number number) {
                node.put(key, number.longValue());
            } else if (value instanceof Boolean bool) {
                node.put(key, bool);
            } else {
                node.put(key, String.valueOf(value));
            }
        }
        out.println(node);
    }
}
