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
import java.util.Optional;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Mall notifications delivered through SQS (Amazon SP-API ORDER_CHANGE): parsed by the channel's
 * adapter, applied through the ledger like webhook orders, partial batch failures reported.
 */
public final class NotificationQueueHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static final String FBA_INVENTORY_CHANGES = "FBA_INVENTORY_AVAILABILITY_CHANGES";
    static final String ORDER_CHANGE = "ORDER_CHANGE";

    private final ChannelRuntime channel;
    private final LedgerService ledger;
    /** FBA counts share the SP-API queue (one polled queue, not two); handled when FBA sync is deployed. */
    private final Optional<FbaSyncHandler> fba;
    private final ObjectMapper mapper = new ObjectMapper();

    public NotificationQueueHandler() {
        FlowWiring wiring = FlowWiring.fromEnvironment();
        this.channel = wiring.channel(wiring.secrets());
        this.ledger = wiring.ledgerService();
        // The stack sets the FBA variables on this function only when FBA sync is enabled.
        this.fba = wiring.environment.containsKey(FbaSyncHandler.MCF_ENABLED)
                ? Optional.of(new FbaSyncHandler()) : Optional.empty();
    }

    public NotificationQueueHandler(ChannelRuntime channel, LedgerService ledger, Optional<FbaSyncHandler> fba) {
        this.channel = channel;
        this.ledger = ledger;
        this.fba = fba;
    }

    public NotificationQueueHandler(ChannelRuntime channel, LedgerService ledger) {
        this(channel, ledger, Optional.empty());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        NotificationOrders parser = channel.adapter().notificationOrders().orElseThrow(() ->
                new IllegalStateException("channel " + channel.channelId() + " has no queue notifications"));
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        Map<String, String> deliveryToMessage = new HashMap<>();
        List<Map<String, Object>> fbaRecords = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            String type = notificationType(message.getBody());
            if (FBA_INVENTORY_CHANGES.equals(type)) {
                if (fba.isPresent()) {
                    fbaRecords.add(Map.of("messageId", message.getMessageId(), "body", message.getBody()));
                } else {
                    JsonLog.info("notification_ignored", "channel", channel.channelId(), "type", type,
                            "reason", "FBA sync is not enabled");
                }
                continue;
            }
            if (type != null && !ORDER_CHANGE.equals(type)) {
                // Other subscriptions (listing changes, ...) may share the destination; not ours to apply.
                JsonLog.info("notification_ignored", "channel", channel.channelId(), "type", type);
                continue;
            }
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
        if (!fbaRecords.isEmpty()) {
            Object failed = fba.get().handleRequest(Map.of("Records", fbaRecords), null).get("batchItemFailures");
            if (failed instanceof List<?> items) {
                for (Object item : items) {
                    if (item instanceof Map<?, ?> m && m.get("itemIdentifier") != null) {
                        failures.add(new SQSBatchResponse.BatchItemFailure(String.valueOf(m.get("itemIdentifier"))));
                    }
                }
            }
        }
        BatchResult result = ledger.applyBatch(deliveries);
        AppliedOrdersLog.log(result.applied());
        result.failed().stream().map(f -> deliveryToMessage.get(f.deliveryId())).distinct()
                .forEach(id -> failures.add(new SQSBatchResponse.BatchItemFailure(id)));
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** The SP-API envelope's NotificationType, or null when the body is not such an envelope. */
    private String notificationType(String body) {
        try {
            com.fasterxml.jackson.databind.JsonNode root = mapper.readTree(body);
            return root != null && root.path("NotificationType").isTextual() ? root.get("NotificationType").asText()
                    : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
