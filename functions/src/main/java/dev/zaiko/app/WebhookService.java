package dev.zaiko.app;

import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.WebhookVerifier;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.OrderQueue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A mall's webhook delivery: verified before anything is parsed, de-duplicated by the mall's
 * delivery id, then applied through the ledger at once so a sale that empties a SKU starts the
 * urgent pushes within the request. If the ledger cannot take it now, the events go to the orders
 * queue instead; the mall gets its 200 either way, and nothing is lost.
 */
public final class WebhookService {
    public static final int MAX_BODY_BYTES = 512 * 1024;
    static final Duration REMEMBER_DELIVERIES = Duration.ofDays(7);

    private final OrderIngestion orders;
    private final OrderQueue fallback;
    private final ChannelStates states;
    private final Clock clock;

    public WebhookService(OrderIngestion orders, OrderQueue fallback, ChannelStates states, Clock clock) {
        this.orders = orders;
        this.fallback = fallback;
        this.states = states;
        this.clock = clock;
    }

    /**
     * Verifies and hands over only: every order goes to the orders queue for the ledger function,
     * so the internet-facing function needs no ledger write permission (least privilege), at the
     * cost of one queue hop.
     */
    public static WebhookService handOver(OrderQueue queue, ChannelStates states, Clock clock) {
        return new WebhookService(null, queue, states, clock);
    }

    public sealed interface Outcome {
        int httpStatus();

        record Applied(List<ApplyResult> results) implements Outcome {
            public int httpStatus() {
                return 200;
            }
        }

        record Queued(int events, String why) implements Outcome {
            public int httpStatus() {
                return 200;
            }
        }

        record Duplicate(String deliveryId) implements Outcome {
            public int httpStatus() {
                return 200;
            }
        }

        record Rejected(int httpStatus, String reason) implements Outcome {
        }
    }

    /** @param adapter empty when the channel id is unknown or has webhooks off */
    public Outcome receive(String channelId, Optional<ChannelAdapter> adapter, WebhookVerifier.WebhookRequest request) {
        if (adapter.isEmpty() || adapter.get().webhookVerifier().isEmpty() || adapter.get().webhookOrders().isEmpty()) {
            return new Outcome.Rejected(404, "no webhook channel " + channelId);
        }
        if (request.body().length > MAX_BODY_BYTES) {
            return new Outcome.Rejected(413, "body larger than " + MAX_BODY_BYTES + " bytes");
        }
        WebhookVerifier.Verdict verdict = adapter.get().webhookVerifier().get().verify(request);
        if (verdict instanceof WebhookVerifier.Verdict.Invalid invalid) {
            return new Outcome.Rejected(401, invalid.reason());
        }
        Optional<String> deliveryId = ((WebhookVerifier.Verdict.Valid) verdict).deliveryId();
        List<OrderEvent> events;
        try {
            events = adapter.get().webhookOrders().get().ordersIn(request);
        } catch (IllegalArgumentException malformed) {
            return new Outcome.Rejected(400, malformed.getMessage());
        }
        // Remembered only once applied or queued: a delivery that failed here must count when the mall retries it.
        if (deliveryId.isPresent() && states.deliverySeen(channelId, deliveryId.get())) {
            return new Outcome.Duplicate(deliveryId.get());
        }
        for (OrderEvent event : events) {
            if (!event.channelId().equals(channelId)) {
                return new Outcome.Rejected(400, "event for channel " + event.channelId() + " on " + channelId);
            }
        }
        Outcome outcome = events.isEmpty() ? new Outcome.Applied(List.of()) : apply(events, deliveryId);
        deliveryId.ifPresent(id -> states.firstDelivery(channelId, id, clock.instant(), REMEMBER_DELIVERIES));
        return outcome;
    }

    private Outcome apply(List<OrderEvent> events, Optional<String> deliveryId) {
        List<Delivery> deliveries = new ArrayList<>();
        for (OrderEvent event : events) {
            deliveries.add(new Delivery(deliveryId.orElse("webhook") + "/" + event.reference(), event, false));
        }
        if (orders == null) {
            fallback.enqueue(events);
            return new Outcome.Queued(events.size(), "handed over to the orders queue");
        }
        try {
            BatchResult result = orders.applyBatch(deliveries);
            if (result.failed().isEmpty()) {
                return new Outcome.Applied(result.applied());
            }
            List<OrderEvent> retry = new ArrayList<>();
            for (BatchResult.Failure failure : result.failed()) {
                deliveries.stream().filter(d -> d.id().equals(failure.deliveryId())).findFirst()
                        .ifPresent(d -> retry.add(d.event()));
            }
            fallback.enqueue(retry);
            return new Outcome.Queued(retry.size(), result.failed().get(0).reason());
        } catch (RuntimeException ledgerDown) {
            fallback.enqueue(events);
            return new Outcome.Queued(events.size(), ledgerDown.toString());
        }
    }
}
