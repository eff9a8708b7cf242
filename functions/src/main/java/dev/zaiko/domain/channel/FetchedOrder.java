package dev.zaiko.domain.channel;

import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.RejectedOrder;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * One order of a page as an adapter read it: normalised into line events, or rejected with why.
 * Adapters parse order by order through {@link #parse}, so one order they refuse never takes the
 * rest of its page down with it (architecture invariant 6).
 */
public sealed interface FetchedOrder {
    String orderId();

    record Normalised(String orderId, List<OrderEvent> events) implements FetchedOrder {
        public Normalised {
            events = List.copyOf(events);
        }
    }

    record Rejected(RejectedOrder order) implements FetchedOrder {
        @Override
        public String orderId() {
            return order.orderId();
        }
    }

    /**
     * Runs {@code parser} for one order; an {@link IllegalArgumentException} (what the adapters throw
     * for data they refuse, naming the field) rejects that order only.
     *
     * @param raw the mall's own text of the order, kept (cut to 2 KB) for the seller
     */
    static FetchedOrder parse(String channelId, String orderId, Supplier<String> raw, Instant now,
                              Supplier<List<OrderEvent>> parser) {
        try {
            return new Normalised(orderId, parser.get());
        } catch (IllegalArgumentException refused) {
            String text;
            try {
                text = raw.get();
            } catch (RuntimeException e) {
                text = "(raw data unavailable: " + e.getMessage() + ")";
            }
            return new Rejected(new RejectedOrder(channelId, orderId, refused.getMessage(), text, now));
        }
    }
}
