package dev.zaiko.domain.channel;

import java.util.List;
import java.util.Optional;

/** Everything one mall offers, for one channel account. */
public interface ChannelAdapter {
    String type();

    OrderSource orders();

    StockSink stock();

    StockReader shownStock();

    default Optional<WebhookVerifier> webhookVerifier() {
        return Optional.empty();
    }

    default Optional<WebhookOrders> webhookOrders() {
        return Optional.empty();
    }

    /** For malls that deliver order notifications through a queue (Amazon SP-API). */
    default Optional<NotificationOrders> notificationOrders() {
        return Optional.empty();
    }

    List<CredentialStatus> credentials();
}
