package dev.zaiko.schema;

import java.util.Map;
import java.util.Objects;

/**
 * One SQS queue with its dead-letter queue, as the CDK stack and the local runtime create it.
 *
 * @param id                       stable id ("orders", "push-rakuten-main")
 * @param defaultName              queue name used locally and in tests; the DLQ adds "-dlq"
 * @param urlEnvVar                environment variable carrying the deployed queue URL
 * @param visibilityTimeoutSeconds at least six times the consuming function's timeout (AWS advice)
 * @param maxReceiveCount          deliveries before a message moves to the DLQ
 */
public record QueueDef(String id, String defaultName, String urlEnvVar, int visibilityTimeoutSeconds,
                       int maxReceiveCount, int retentionSeconds) {
    public static final int DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

    public QueueDef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(defaultName, "defaultName");
        Objects.requireNonNull(urlEnvVar, "urlEnvVar");
        if (visibilityTimeoutSeconds < 1 || visibilityTimeoutSeconds > 43_200) {
            throw new IllegalArgumentException("visibilityTimeoutSeconds out of range: " + visibilityTimeoutSeconds);
        }
        if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw new IllegalArgumentException("maxReceiveCount out of range: " + maxReceiveCount);
        }
    }

    public String dlqName() {
        return defaultName + "-dlq";
    }

    public String resolveUrlOrNull(Map<String, String> environment) {
        String url = environment.get(urlEnvVar);
        return url == null || url.isBlank() ? null : url;
    }
}
