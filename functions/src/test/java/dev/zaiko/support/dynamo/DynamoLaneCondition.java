package dev.zaiko.support.dynamo;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Optional;

/** The condition behind {@link OnDynamoLane}: starts the lane on first use, or skips with its reason. */
public final class DynamoLaneCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<OnDynamoLane> lane = context.getTestClass().flatMap(DynamoLaneCondition::laneOf);
        if (lane.isEmpty()) {
            return ConditionEvaluationResult.enabled("no DynamoDB lane required");
        }
        if (context.getTestMethod().isEmpty()) {
            // Decided per test, not per class, so the report lists every test as skipped with the reason.
            return ConditionEvaluationResult.enabled("decided for each test");
        }
        return lane.get().value().unavailableReason()
                .map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled(lane.get().value() + " lane is running"));
    }

    /** On the class, a superclass, or an enclosing class of a {@code @Nested} one. */
    private static Optional<OnDynamoLane> laneOf(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            OnDynamoLane lane = c.getAnnotation(OnDynamoLane.class);
            if (lane != null) {
                return Optional.of(lane);
            }
        }
        return Optional.empty();
    }
}
