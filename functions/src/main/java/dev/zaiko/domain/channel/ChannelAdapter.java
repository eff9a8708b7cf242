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

    /** The mall's item catalogue, for malls whose API can list the seller's items (auto-link, imports). */
    default Optional<CatalogReader> catalog() {
        return Optional.empty();
    }

    List<CredentialStatus> credentials();
}
