package dev.zaiko.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch metrics written as Embedded Metric Format log lines (no PutMetricData call, no
 * metric filter resource): one metric per concern with a {@code channel} dimension, so the
 * number of metrics and alarms does not grow with the number of channels. Namespace
 * {@value #NAMESPACE}.
 */
public final class Metrics {
    public static final String NAMESPACE = "ZaikoSync";
    public static final String POLL_FAILURES = "PollFailures";
    public static final String AUTH_ERRORS = "AuthErrors";
    public static final String POLLS_SUCCEEDED = "PollsSucceeded";
    public static final String CHANNEL_DIMENSION = "channel";

    private Metrics() {
    }

    /** The EMF document for one count of {@code metric} on {@code channel} (also a valid JSON log line). */
    public static Map<String, Object> emf(String metric, String channel, long value, long epochMillis) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        // per channel (which one) and without dimension (what the one alarm watches)
        directive.put("Dimensions", List.of(List.of(CHANNEL_DIMENSION), List.of()));
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("Name", metric);
        definition.put("Unit", "Count");
        directive.put("Metrics", List.of(definition));
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", epochMillis);
        aws.put("CloudWatchMetrics", List.of(directive));
        doc.put("_aws", aws);
        doc.put(CHANNEL_DIMENSION, channel);
        doc.put(metric, value);
        doc.put("event", "metric");
        return doc;
    }

    /** Writes one count to standard output, where Lambda's log agent extracts it. */
    public static void count(String metric, String channel) {
        try {
            System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                    emf(metric, channel, 1, System.currentTimeMillis())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
