package dev.zaiko.infra;

import dev.zaiko.schema.QueueDef;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.Objects;

/**
 * One queue and its dead-letter queue, both SSE-SQS encrypted (no KMS key to pay for or to
 * grant) and refusing plain HTTP. Timings come from the schema's {@link QueueDef}; the DLQ keeps
 * messages 14 days ({@link QueueDef#DLQ_RETENTION_SECONDS}), the longest SQS allows.
 */
public final class QueueWithDlq extends Construct {
    public record Props(QueueDef definition) {
        public Props {
            Objects.requireNonNull(definition, "definition");
        }
    }

    private final QueueDef definition;
    private final Queue queue;
    private final Queue deadLetterQueue;

    public QueueWithDlq(Construct scope, String id, Props props) {
        super(scope, id);
        this.definition = props.definition();
        this.deadLetterQueue = Queue.Builder.create(this, "Dlq")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.seconds(QueueDef.DLQ_RETENTION_SECONDS))
                .build();
        this.queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(Duration.seconds(definition.visibilityTimeoutSeconds()))
                .retentionPeriod(Duration.seconds(definition.retentionSeconds()))
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetterQueue)
                        .maxReceiveCount(definition.maxReceiveCount())
                        .build())
                .build();
    }

    public QueueDef definition() {
        return definition;
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }
}
