package dev.zaiko.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.zaiko.app.BatchResult;
import dev.zaiko.app.Delivery;
import dev.zaiko.app.LedgerService;
import dev.zaiko.domain.channel.NotificationRouter;
import dev.zaiko.config.ChannelRuntime;
import dev.zaiko.config.DeployedChannels;
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
    /** EMF metric: notifications whose SellerId / ApplicationId match no amazon channel. */
    public static final String NOTIFICATIONS_DROPPED = "NotificationsDropped";

    private final java.util.function.Function<String, ChannelRuntime> channels;
    /** Empty for a handler built for one channel (the local runtime): every message is that channel's. */
    private final Optional<NotificationRouter> router;
    private final Optional<String> only;
    private final LedgerService ledger;
    /** FBA counts share the SP-API queue (one polled queue, not two); handled when FBA sync is deployed. */
    private final Optional<FbaSyncHandler> fba;
    /** Made at the first message, not at init (a mapper is ~370 classes of a cold start). */
    private ObjectMapper mapper;

    public NotificationQueueHandler() {
        FlowWiring wiring = FlowWiring.fromEnvironment();
        DeployedChannels deployed = wiring.deployedChannels();
        this.channels = deployed::runtime;
        this.router = Optional.of(wiring.notificationRouter());
        this.only = Optional.empty();
        this.ledger = wiring.composition().ledger();
        // The stack sets the FBA variables on this function only when FBA sync is enabled.
        this.fba = wiring.environment.containsKey(FbaSyncHandler.MCF_ENABLED)
                ? Optional.of(new FbaSyncHandler(wiring)) : Optional.empty();
        dev.zaiko.config.SnapStartHooks.register(wiring);
    }

    /** One channel (tests, the local runtime): no SellerId routing. */
    public NotificationQueueHandler(ChannelRuntime channel, LedgerService ledger, Optional<FbaSyncHandler> fba) {
        this.channels = id -> channel;
        this.router = Optional.empty();
        this.only = Optional.of(channel.channelId());
        this.ledger = ledger;
        this.fba = fba;
    }

    public NotificationQueueHandler(ChannelRuntime channel, LedgerService ledger) {
        this(channel, ledger, Optional.empty());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        Map<String, String> deliveryToMessage = new HashMap<>();
        Map<String, List<Map<String, Object>>> fbaRecords = new java.util.LinkedHashMap<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            String channelId;
            if (only.isPresent()) {
                channelId = only.get();
            } else {
                NotificationRouter.Route route = router.orElseThrow().route(message.getBody());
                if (route instanceof NotificationRouter.Route.Dropped dropped) {
                    JsonLog.warn("notification_dropped", "messageId", message.getMessageId(), "reason", dropped.reason());
                    dev.zaiko.config.Metrics.count(NOTIFICATIONS_DROPPED, "unmatched");
                    continue;
                }
                channelId = ((NotificationRouter.Route.Matched) route).channelId();
            }
            ChannelRuntime channel = channels.apply(channelId);
            String type = notificationType(message.getBody());
            if (FBA_INVENTORY_CHANGES.equals(type)) {
                if (fba.isPresent()) {
                    fbaRecords.computeIfAbsent(channelId, k -> new ArrayList<>())
                            .add(Map.of("messageId", message.getMessageId(), "body", message.getBody()));
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
                NotificationOrders parser = channel.adapter().notificationOrders().orElseThrow(() ->
                        new IllegalArgumentException("channel " + channelId + " has no queue notifications"));
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
        for (Map.Entry<String, List<Map<String, Object>>> perChannel : fbaRecords.entrySet()) {
            Object failed = fba.get().handleRequest(Map.of("Records", perChannel.getValue(),
                    dev.zaiko.schema.Names.CHANNEL_ID_INPUT, perChannel.getKey()), null).get("batchItemFailures");
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
            if (mapper == null) {
                mapper = new ObjectMapper();
            }
            com.fasterxml.jackson.databind.JsonNode root = mapper.readTree(body);
            return root != null && root.path("NotificationType").isTextual() ? root.get("NotificationType").asText()
                    : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
