package dev.zaiko.embedded;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Drives a handler from an SQS queue the way Lambda's SQS event source mapping does: batches of
 * up to {@code batchSize}, gathered for at most {@code batchingWindow}, the message attributes
 * Lambda passes (ApproximateReceiveCount, ...), partial batch responses honoured (only successful
 * messages are deleted), a handler that throws fails the whole batch; failed messages come back
 * after the queue's visibility timeout and move to the DLQ by the queue's own redrive policy.
 * Shared by tests and the local runtime.
 */
public final class SqsEventSourceRunner implements AutoCloseable {
    /** How the mapping is configured; the same knobs as {@code AWS::Lambda::EventSourceMapping}. */
    public record Settings(int batchSize, Duration batchingWindow, Duration pollWait) {
        public Settings {
            if (batchSize < 1 || batchSize > 10) {
                throw new IllegalArgumentException("batchSize must be 1-10 for this runner");
            }
        }

        public static Settings lambdaDefaults() {
            return new Settings(10, Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final Function<SQSEvent, SQSBatchResponse> handler;
    private final Settings settings;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong handlerErrors = new AtomicLong();
    private Thread thread;

    public SqsEventSourceRunner(SqsClient sqs, String queueUrl, Function<SQSEvent, SQSBatchResponse> handler,
                                Settings settings) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        this.handler = handler;
        this.settings = settings;
    }

    /** Polls in a background thread until {@link #close()}. */
    public synchronized SqsEventSourceRunner start() {
        if (running.compareAndSet(false, true)) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        pollOnce();
                    } catch (RuntimeException e) {
                        if (running.get()) {
                            System.err.println("queue runner " + queueArn + ": " + e);
                        }
                    }
                }
            }, "esm-" + queueArn.substring(queueArn.lastIndexOf(':') + 1));
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    /** One receive-invoke-delete cycle; returns how many messages the handler saw. */
    public int pollOnce() {
        List<Message> messages = receiveBatch();
        if (messages.isEmpty()) {
            return 0;
        }
        SQSEvent event = toEvent(messages);
        invocations.incrementAndGet();
        Set<String> failed = new HashSet<>();
        try {
            SQSBatchResponse response = handler.apply(event);
            if (response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException | Error e) {
            // As on Lambda: a failed invocation fails the whole batch; the messages reappear later.
            handlerErrors.incrementAndGet();
            return messages.size();
        }
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                deletes.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(deletes.size())).receiptHandle(message.receiptHandle()).build());
            }
        }
        if (!deletes.isEmpty()) {
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(deletes));
        }
        return messages.size();
    }

    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>();
        long deadline = System.nanoTime() + settings.batchingWindow().toNanos();
        int waitSeconds = (int) Math.max(0, Math.min(20, settings.pollWait().toSeconds()));
        do {
            int wanted = settings.batchSize() - batch.size();
            List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                    .maxNumberOfMessages(wanted)
                    .waitTimeSeconds(batch.isEmpty() ? waitSeconds : 0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            batch.addAll(received);
            if (received.isEmpty() && !batch.isEmpty()) {
                break;
            }
        } while (batch.size() < settings.batchSize() && System.nanoTime() < deadline && !batch.isEmpty());
        return batch;
    }

    private SQSEvent toEvent(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion("ap-northeast-1");
            Map<String, String> attributes = new HashMap<>();
            message.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            message.messageAttributes().forEach((k, v) -> {
                SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
                attribute.setDataType(v.dataType());
                attribute.setStringValue(v.stringValue());
                messageAttributes.put(k, attribute);
            });
            record.setMessageAttributes(messageAttributes);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    public long invocations() {
        return invocations.get();
    }

    public long handlerErrors() {
        return handlerErrors.get();
    }

    @Override
    public void close() {
        running.set(false);
        Thread current = thread;
        if (current != null) {
            try {
                current.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
