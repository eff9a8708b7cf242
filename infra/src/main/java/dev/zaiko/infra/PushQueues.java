package dev.zaiko.infra;

import dev.zaiko.schema.Names;
import dev.zaiko.schema.QueueDef;
import dev.zaiko.schema.Queues;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The push queues: one per channel with a FIXED name ({@link Names#pushQueueName}), so functions
 * address them by name and IAM grants them by prefix, and ONE dead-letter queue for all of them
 * ({@code <prefix>-dlq-push}, deliberately outside the {@code <prefix>-push-*} pattern): one DLQ
 * alarm metric whatever the number of channels. Each message names its listing (channel#item), so
 * the seller still sees which channel a dead push belongs to. SSE-SQS, TLS only.
 */
public final class PushQueues extends Construct {
    public record Props(Deployment deployment) {
        public Props {
            Objects.requireNonNull(deployment, "deployment");
        }
    }

    private final Deployment deployment;
    private final Queue deadLetterQueue;
    private final Map<String, Queue> queues = new LinkedHashMap<>();

    public PushQueues(Construct scope, String id, Props props) {
        super(scope, id);
        this.deployment = props.deployment();
        this.deadLetterQueue = Queue.Builder.create(this, "Dlq")
                .queueName(deployment.prefix() + "-dlq-push")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.seconds(QueueDef.DLQ_RETENTION_SECONDS))
                .build();
    }

    /** The push queue of one channel (timings from the schema). */
    public Queue add(String channelId) {
        QueueDef def = Queues.push(channelId);
        Queue queue = Queue.Builder.create(this, "Push-" + channelId)
                .queueName(Names.pushQueueName(deployment.prefix(), channelId))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(Duration.seconds(def.visibilityTimeoutSeconds()))
                .retentionPeriod(Duration.seconds(def.retentionSeconds()))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetterQueue)
                        .maxReceiveCount(def.maxReceiveCount()).build())
                .build();
        queues.put(channelId, queue);
        return queue;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    public Map<String, Queue> queues() {
        return Map.copyOf(queues);
    }
}
