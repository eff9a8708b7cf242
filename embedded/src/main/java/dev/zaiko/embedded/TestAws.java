package dev.zaiko.embedded;

import dev.zaiko.schema.QueueDef;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AWS APIs of one test target: SQS always (embedded ElasticMQ, or an endpoint), DynamoDB only
 * when the target has it ({@code AWS_ENDPOINT_URL}, a container, real AWS). Without DynamoDB the
 * stores are the embedded SQL store; with it, tests and runtimes may put their stores on fresh
 * DynamoDB tables instead (see {@link #createTables}).
 *
 * @param target human-readable description of where the calls go
 */
public record TestAws(Optional<DynamoDbClient> dynamo, SqsClient sqs, String target) {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    public TestAws {
        java.util.Objects.requireNonNull(dynamo, "dynamo");
        java.util.Objects.requireNonNull(sqs, "sqs");
    }

    /** A suffix no other test in this run uses (also unique across runs against a shared endpoint). */
    public static String freshSuffix() {
        return "-t" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    }

    /** Creates every table of the schema with this suffix on the target's DynamoDB; returns table id to name. */
    public Map<String, String> createTables(String suffix) {
        return Provisioner.createTables(dynamo.orElseThrow(() -> new IllegalStateException(
                "target " + target + " has no DynamoDB (the SQL store is used)")), suffix);
    }

    public Provisioner.QueueUrls createQueue(QueueDef queue, String suffix) {
        return Provisioner.createQueue(sqs, queue, suffix);
    }
}
