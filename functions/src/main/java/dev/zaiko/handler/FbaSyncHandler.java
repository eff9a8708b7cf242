package dev.zaiko.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.app.fba.FbaSyncService;
import dev.zaiko.config.ChannelRuntime;
import dev.zaiko.config.FlowWiring;
import dev.zaiko.config.JsonLog;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.FbaInventory;
import dev.zaiko.domain.channel.FulfillmentOrders;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The FBA sync of one Amazon channel account. Two triggers, one class:
 * <ul>
 *   <li>its EventBridge Scheduler schedule (e.g. every 15 minutes): reads every FBA count
 *       ({@code getInventorySummaries}) and applies it to every FBA-sourced SKU;</li>
 *   <li>an SQS event source on the queue the seller subscribed to FBA_INVENTORY_AVAILABILITY_CHANGES
 *       (an event with {@code Records}): applies each notification's count, reporting the messages
 *       that failed as batch item failures ({@code batchItemFailures}, ReportBatchItemFailures on).</li>
 * </ul>
 * Each applied count pushes the SKU's listings on every mall and, with MCF on, creates the MCF
 * orders of open claims.
 *
 * <p>Environment: {@code CHANNEL_ID}, {@code CHANNEL_TYPE} (amazon), {@code CHANNEL_SECRET_ARN},
 * {@code CHANNEL_OPTIONS}; the table names; {@code PUSH_QUEUE_URL_<CH>} and
 * {@code PUSHER_FUNCTION_<CH>} of every channel; {@value #MCF_ENABLED} (default false),
 * {@value #MCF_ADDRESS} (JSON: name, addressLine1, [addressLine2], [stateOrRegion], postalCode,
 * countryCode, [phone]; required when MCF is on), {@value #MCF_ACTION} (Hold, the default, or
 * Ship), {@value #MCF_SHIPPING_SPEED} (default Standard), {@value #SETTLE_MINUTES} (default 15),
 * {@value #MAX_HOLD_HOURS} (default 48).
 */
public final class FbaSyncHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    public static final String MCF_ENABLED = "FBA_MCF_ENABLED";
    public static final String MCF_ADDRESS = "FBA_MCF_ADDRESS";
    public static final String MCF_ACTION = "FBA_MCF_ACTION";
    public static final String MCF_SHIPPING_SPEED = "FBA_MCF_SHIPPING_SPEED";
    public static final String SETTLE_MINUTES = "FBA_SETTLE_MINUTES";
    public static final String MAX_HOLD_HOURS = "FBA_MAX_HOLD_HOURS";

    private final java.util.function.Function<String, ChannelRuntime> channels;
    private final Optional<String> only;
    private final FbaSyncService fba;

    public FbaSyncHandler() {
        this(registered(FlowWiring.fromEnvironment()));
    }

    private static FlowWiring registered(FlowWiring wiring) {
        dev.zaiko.config.SnapStartHooks.register(wiring);
        return wiring;
    }

    /** With the wiring of the SP-API notification consumer, which applies FBA notifications too. */
    public FbaSyncHandler(FlowWiring wiring) {
        this.channels = wiring.deployedChannels()::runtime;
        this.only = Optional.empty();
        this.fba = wiring.composition().fba(settings(wiring.environment, wiring.mapper()));
    }

    /** One channel (tests, the local runtime). */
    public FbaSyncHandler(ChannelRuntime channel, FbaSyncService fba) {
        this.channels = id -> channel;
        this.only = Optional.of(channel.channelId());
        this.fba = fba;
    }

    /** The MCF switch and the claim timings from the environment; a bad value fails at start-up, naming it. */
    public static FbaSyncService.Settings settings(Map<String, String> environment, ObjectMapper mapper) {
        boolean mcf = Boolean.parseBoolean(environment.getOrDefault(MCF_ENABLED, "false").trim());
        Optional<FulfillmentOrders.Address> address = Optional.ofNullable(environment.get(MCF_ADDRESS))
                .filter(v -> !v.isBlank()).map(json -> address(json, mapper));
        return new FbaSyncService.Settings(mcf,
                Duration.ofMinutes(number(environment, SETTLE_MINUTES, 15)),
                Duration.ofHours(number(environment, MAX_HOLD_HOURS, 48)),
                address, environment.getOrDefault(MCF_SHIPPING_SPEED, "Standard"),
                environment.getOrDefault(MCF_ACTION, "Hold"));
    }

    private static long number(Map<String, String> environment, String name, long fallback) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a whole number: " + value);
        }
    }

    private static FulfillmentOrders.Address address(String json, ObjectMapper mapper) {
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(MCF_ADDRESS + " is not valid JSON");
        }
        try {
            return new FulfillmentOrders.Address(node.path("name").asText(null), node.path("addressLine1").asText(null),
                    optional(node, "addressLine2"), optional(node, "stateOrRegion"), node.path("postalCode").asText(null),
                    node.path("countryCode").asText("JP"), optional(node, "phone"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MCF_ADDRESS + ": " + e.getMessage());
        }
    }

    private static Optional<String> optional(JsonNode node, String field) {
        return Optional.ofNullable(node.path(field).textValue()).filter(v -> !v.isBlank());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        ChannelRuntime channel = channels.apply(ChannelInput.channelId(event, only));
        ChannelAdapter adapter = channel.adapter();
        FbaInventory inventory = adapter.fbaInventory().orElseThrow(() -> new IllegalStateException("channel "
                + channel.channelId() + " is of type " + adapter.type() + "; the FBA sync needs an amazon channel"));
        Optional<FulfillmentOrders> mcf = adapter.fulfillmentOrders();
        if (event != null && event.get("Records") instanceof List<?> records) {
            return notifications(channel, records, inventory, mcf);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("channelId", channel.channelId());
        try {
            FbaSyncService.SyncResult result = fba.syncAll(channel.channelId(), inventory, mcf);
            result.skus().forEach(r -> log(channel, r));
            summary.put("skus", result.skus().size());
            summary.put("updated", result.skus().stream()
                    .filter(s -> s.outcome() == FbaSyncService.Outcome.UPDATED).count());
        } catch (ChannelException e) {
            JsonLog.warn(e.kind() == dev.zaiko.domain.channel.PushStatus.AUTH ? "channel_auth_error" : "fba_sync_failed",
                    "channel", channel.channelId(), "mallCode", e.mallCode(), "message", e.getMessage());
            summary.put("failed", e.getMessage());
        }
        return summary;
    }

    private Map<String, Object> notifications(ChannelRuntime channel, List<?> records, FbaInventory inventory,
                                              Optional<FulfillmentOrders> mcf) {
        List<Map<String, String>> failures = new ArrayList<>();
        for (Object record : records) {
            Map<?, ?> message = record instanceof Map<?, ?> m ? m : Map.of();
            String messageId = String.valueOf(message.get("messageId"));
            try {
                Optional<FbaInventory.Count> count = inventory.countIn(String.valueOf(message.get("body")));
                count.flatMap(c -> fba.applyNotification(channel.channelId(), c.sellerSku(), c.fulfillable(), c.at(), mcf))
                        .ifPresent(r -> log(channel, r));
            } catch (IllegalArgumentException malformed) {
                JsonLog.error("notification_malformed", "channel", channel.channelId(), "messageId", messageId,
                        "error", malformed.getMessage());
                failures.add(Map.of("itemIdentifier", messageId));
            } catch (RuntimeException e) {
                JsonLog.warn("fba_notification_retry", "channel", channel.channelId(), "messageId", messageId,
                        "error", e.toString());
                failures.add(Map.of("itemIdentifier", messageId));
            }
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("batchItemFailures", failures);
        return response;
    }

    private void log(ChannelRuntime channel, FbaSyncService.SkuResult result) {
        JsonLog.info("fba_count_applied", "channel", channel.channelId(), "sku", result.sku(),
                "sellerSku", result.sellerSku(), "outcome", result.outcome(), "fulfillable", result.fulfillable(),
                "claimed", result.claimed(), "availableBefore", result.availableBefore(),
                "availableAfter", result.availableAfter(), "mcfCreated", result.mcfCreated(),
                "mcfCancelled", result.mcfCancelled());
        result.problems().forEach(problem -> JsonLog.warn("fba_claim_problem", "channel", channel.channelId(),
                "sku", result.sku(), "problem", problem));
    }

}
