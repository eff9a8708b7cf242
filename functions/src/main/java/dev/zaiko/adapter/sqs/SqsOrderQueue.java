package dev.zaiko.adapter.sqs;

import dev.zaiko.contract.OrderEventCodec;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.port.OrderQueue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The orders queue on SQS, ten events per call; a failed entry is retried once, then the whole call fails. */
public final class SqsOrderQueue implements OrderQueue {
    private final SqsClient sqs;
    private final String queueUrl;
    private final OrderEventCodec codec;

    public SqsOrderQueue(SqsClient sqs, String queueUrl, OrderEventCodec codec) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.codec = codec;
    }

    @Override
    public void enqueue(List<OrderEvent> events) {
        for (int from = 0; from < events.size(); from += 10) {
            List<OrderEvent> chunk = events.subList(from, Math.min(events.size(), from + 10));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .messageBody(codec.toJson(chunk.get(i))).build());
            }
            List<SendMessageBatchRequestEntry> pending = entries;
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                List<SendMessageBatchRequestEntry> sending = pending;
                SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(sending));
                if (!response.hasFailed() || response.failed().isEmpty()) {
                    break;
                }
                if (attempt == 2) {
                    throw new IllegalStateException(response.failed().size() + " order events not enqueued: "
                            + response.failed().get(0).code() + " " + response.failed().get(0).message());
                }
                Map<String, SendMessageBatchRequestEntry> byId = sending.stream()
                        .collect(Collectors.toMap(SendMessageBatchRequestEntry::id, e -> e));
                pending = response.failed().stream().map(f -> byId.get(f.id())).toList();
            }
        }
    }
}
