package dev.zaiko.support.dynamo;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the tests of a class (and of its {@code @Nested} classes) only when the DynamoDB lane can run
 * here; otherwise each test is reported as skipped with the lane's reason, and none of the suite's
 * {@code @BeforeEach}/{@code @AfterEach} methods run for it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(DynamoLaneCondition.class)
public @interface OnDynamoLane {
    DynamoLane value();
}
