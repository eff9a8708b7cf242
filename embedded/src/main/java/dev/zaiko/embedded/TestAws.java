package dev.zaiko.embedded;

import dev.zaiko.schema.QueueDef;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SDK clients for one test target (embedded, an endpoint from the environment, or LocalStack),
 * with helpers that give each test its own freshly provisioned tables and queues, so no test
 * depends on another's data or order.
 *
 * @param target human-readable description of where the calls go
 */
public record TestAws(DynamoDbClient dynamo, SqsClient sqs, String target) {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** A suffix no other test in this run uses (also unique across runs against a shared endpoint). */
    public static String freshSuffix() {
        return "-t" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    }

    /** Creates every table of the schema with this suffix; returns table id to name. */
    public Map<String, String> createTables(String suffix) {
        return Provisioner.createTables(dynamo, suffix);
    }

    public Provisioner.QueueUrls createQueue(QueueDef queue, String suffix) {
        return Provisioner.createQueue(sqs, queue, suffix);
    }
}
