package dev.zaiko.infra;

import dev.zaiko.schema.QueueDef;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.IDestination;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Where Lambda records a scheduled run (reconciler, FBA sync) that failed: the on-failure
 * destination of their aliases. Each message is Lambda's invocation record (function ARN, error
 * type and message), so the seller sees which run failed and why; one alarm on this queue covers
 * every scheduled function, where an alarm on each function's Errors metric would cost $0.10 per
 * function (CloudWatch bills alarms per metric, metric math included). Nothing consumes it: the
 * seller reads and purges it. SSE-SQS, TLS only, messages kept 14 days.
 */
public final class FailedRunsQueue extends Construct {
    private final Queue queue;

    public FailedRunsQueue(Construct scope, String id) {
        super(scope, id);
        this.queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.seconds(QueueDef.DLQ_RETENTION_SECONDS))
                .build();
    }

    public Queue queue() {
        return queue;
    }

    /** The on-failure destination for a function's alias (grants it sqs:SendMessage on this queue). */
    public IDestination destination() {
        return new SqsDestination(queue);
    }
}
