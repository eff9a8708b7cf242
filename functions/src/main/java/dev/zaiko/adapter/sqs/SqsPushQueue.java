package dev.zaiko.adapter.sqs;

import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.port.PushQueue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A channel's push queue on SQS, read by the pusher itself (no event source mapping: an idle
 * mapping long-polls about 650,000 times a month per queue). A body that is not a listing key is
 * poison: it is never deleted here, so the redrive policy moves it to the DLQ.
 */
public final class SqsPushQueue implements PushQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsPushQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** A short poll (wait 0): asks a sample of SQS's servers, so it may answer empty while messages wait. */
    @Override
    public List<PushQueue.Message> receive(int max) {
        return max <= 0 ? List.of() : receive(max, 0);
    }

    /**
     * An empty short poll is checked once with a 1 s long poll, which asks every server (and returns
     * as soon as a message is there). The cost: one call per drain that ends, not per message.
     */
    @Override
    public List<PushQueue.Message> receiveOrConfirmEmpty(int max) {
        if (max <= 0) {
            return List.of();
        }
        List<PushQueue.Message> messages = receive(max, 0);
        return messages.isEmpty() ? receive(max, 1) : messages;
    }

    private List<PushQueue.Message> receive(int max, int waitSeconds) {
        List<software.amazon.awssdk.services.sqs.model.Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(Math.min(10, max))
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.SENT_TIMESTAMP)
                .messageAttributeNames(SqsPushRequester.URGENT_ATTRIBUTE)).messages();
        List<PushQueue.Message> messages = new ArrayList<>();
        for (software.amazon.awssdk.services.sqs.model.Message message : received) {
            ListingKey listing;
            try {
                listing = ListingKey.parse(message.body());
            } catch (IllegalArgumentException poison) {
                continue;
            }
            MessageAttributeValue urgent = message.messageAttributes().get(SqsPushRequester.URGENT_ATTRIBUTE);
            String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
            String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
            messages.add(new PushQueue.Message(message.messageId(), message.receiptHandle(), listing,
                    urgent != null && "true".equals(urgent.stringValue()),
                    count == null ? 1 : Integer.parseInt(count),
                    sent == null ? java.time.Instant.now() : java.time.Instant.ofEpochMilli(Long.parseLong(sent))));
        }
        return messages;
    }

    @Override
    public void delete(List<PushQueue.Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        for (int from = 0; from < messages.size(); from += 10) {
            List<PushQueue.Message> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receipt()).build());
            }
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        }
    }

    @Override
    public void retryLater(List<PushQueue.Message> messages, Duration delay) {
        int seconds = (int) Math.max(0, Math.min(43_200, delay.toSeconds()));
        for (int from = 0; from < messages.size(); from += 10) {
            List<PushQueue.Message> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receipt()).visibilityTimeout(seconds).build());
            }
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
        }
    }

    public String queueUrl() {
        return queueUrl;
    }

    /** SQS delays a message at most 15 minutes. */
    static final int MAX_DELAY_SECONDS = 900;

    @Override
    public void requeue(List<PushQueue.Message> messages, Duration delay) {
        int seconds = (int) Math.max(0, Math.min(MAX_DELAY_SECONDS, delay.toSeconds()));
        for (int from = 0; from < messages.size(); from += 10) {
            List<PushQueue.Message> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                PushQueue.Message message = chunk.get(i);
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .messageBody(message.listing().value()).delaySeconds(seconds)
                        .messageAttributes(Map.of(SqsPushRequester.URGENT_ATTRIBUTE, MessageAttributeValue.builder()
                                .dataType("String").stringValue(Boolean.toString(message.urgent())).build()))
                        .build());
            }
            var response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                // Not sent: leave the received ones where they are (they come back after the delay).
                retryLater(chunk.stream().filter(m -> !m.receipt().isEmpty()).toList(), delay);
                continue;
            }
            delete(chunk.stream().filter(m -> !m.receipt().isEmpty()).toList());
        }
    }

    /** The DLQ named by the queue's redrive policy; 0 when it has none. */
    @Override
    public int deadLetterCount() {
        String policy = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY);
        if (policy == null) {
            return 0;
        }
        java.util.regex.Matcher arn = java.util.regex.Pattern.compile("\"deadLetterTargetArn\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(policy);
        if (!arn.find()) {
            return 0;
        }
        String name = arn.group(1).substring(arn.group(1).lastIndexOf(':') + 1);
        String dlqUrl = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
        String count = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        return count == null ? 0 : Integer.parseInt(count);
    }

    @Override
    public int visibleCount() {
        String count = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        return count == null ? 0 : Integer.parseInt(count);
    }
}
