package dev.zaiko.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.zaiko.app.BatchResult;
import dev.zaiko.app.Delivery;
import dev.zaiko.app.LedgerService;
import dev.zaiko.config.ChannelRuntime;
import dev.zaiko.config.FlowWiring;
import dev.zaiko.config.JsonLog;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.NotificationOrders;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mall notifications delivered through SQS (Amazon SP-API ORDER_CHANGE): parsed by the channel's
 * adapter, applied through the ledger like webhook orders, partial batch failures reported.
 */
public final class NotificationQueueHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final ChannelRuntime channel;
    private final LedgerService ledger;

    public NotificationQueueHandler() {
        FlowWiring wiring = FlowWiring.fromEnvironment();
        this.channel = wiring.channel(wiring.secrets());
        this.ledger = wiring.ledgerService();
    }

    public NotificationQueueHandler(ChannelRuntime channel, LedgerService ledger) {
        this.channel = channel;
        this.ledger = ledger;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        NotificationOrders parser = channel.adapter().notificationOrders().orElseThrow(() ->
                new IllegalStateException("channel " + channel.channelId() + " has no queue notifications"));
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        Map<String, String> deliveryToMessage = new HashMap<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                List<OrderEvent> events = parser.ordersIn(message.getBody());
                boolean redelivered = !"1".equals(message.getAttributes() == null ? "1"
                        : message.getAttributes().getOrDefault("ApproximateReceiveCount", "1"));
                for (OrderEvent orderEvent : events) {
                    String id = message.getMessageId() + "/" + orderEvent.reference();
                    deliveries.add(new Delivery(id, orderEvent, redelivered));
                    deliveryToMessage.put(id, message.getMessageId());
                }
            } catch (IllegalArgumentException malformed) {
                JsonLog.error("notification_malformed", "channel", channel.channelId(),
                        "messageId", message.getMessageId(), "error", malformed.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        BatchResult result = ledger.applyBatch(deliveries);
        AppliedOrdersLog.log(result.applied());
        result.failed().stream().map(f -> deliveryToMessage.get(f.deliveryId())).distinct()
                .forEach(id -> failures.add(new SQSBatchResponse.BatchItemFailure(id)));
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
