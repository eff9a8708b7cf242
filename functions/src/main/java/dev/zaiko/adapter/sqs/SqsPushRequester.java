package dev.zaiko.adapter.sqs;

import dev.zaiko.domain.PushRequest;
import dev.zaiko.domain.port.PushRequester;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Sends push requests to each channel's push queue, ten per call. The body is the listing key
 * only (no quantity: the pusher reads the ledger at push time); an {@code urgent} attribute marks
 * requests for listings that reached 0.
 */
public final class SqsPushRequester implements PushRequester {
    public static final String URGENT_ATTRIBUTE = "urgent";

    private final SqsClient sqs;
    private final Function<String, String> queueUrlOfChannel;

    /** @param queueUrlOfChannel channel id to its push queue URL; throws for a channel without one */
    public SqsPushRequester(SqsClient sqs, Function<String, String> queueUrlOfChannel) {
        this.sqs = sqs;
        this.queueUrlOfChannel = queueUrlOfChannel;
    }

    @Override
    public void request(List<PushRequest> requests) {
        Map<String, List<PushRequest>> byChannel = new LinkedHashMap<>();
        for (PushRequest request : requests) {
            byChannel.computeIfAbsent(request.listing().channelId(), c -> new ArrayList<>()).add(request);
        }
        byChannel.forEach((channelId, channelRequests) -> {
            String queueUrl = queueUrlOfChannel.apply(channelId);
            for (int from = 0; from < channelRequests.size(); from += 10) {
                List<PushRequest> chunk = channelRequests.subList(from, Math.min(from + 10, channelRequests.size()));
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < chunk.size(); i++) {
                    PushRequest request = chunk.get(i);
                    entries.add(SendMessageBatchRequestEntry.builder()
                            .id(Integer.toString(i))
                            .messageBody(request.listing().value())
                            .messageAttributes(Map.of(URGENT_ATTRIBUTE, MessageAttributeValue.builder()
                                    .dataType("String").stringValue(Boolean.toString(request.urgent())).build()))
                            .build());
                }
                SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
                if (response.hasFailed() && !response.failed().isEmpty()) {
                    BatchResultErrorEntry first = response.failed().get(0);
                    throw new IllegalStateException(response.failed().size() + " push requests for " + channelId
                            + " were not queued: " + first.code() + " " + first.message());
                }
            }
        });
    }
}
