package dev.zaiko.app;

import java.util.List;

/** A batch of deliveries as applied: what ended how, and which deliveries must be retried. */
public record BatchResult(List<ApplyResult> applied, List<Failure> failed) {
    public BatchResult {
        applied = List.copyOf(applied);
        failed = List.copyOf(failed);
    }

    public record Failure(String deliveryId, String reason) {
    }
}
