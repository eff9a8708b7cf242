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

    /** Amazon FBA: the fulfillable counts of the seller's FBA inventory (empty for every other mall). */
    default Optional<FbaInventory> fbaInventory() {
        return Optional.empty();
    }

    /** Amazon Multi-Channel Fulfillment: orders Amazon ships from FBA stock for another mall's sale. */
    default Optional<FulfillmentOrders> fulfillmentOrders() {
        return Optional.empty();
    }

    /** The mall's item catalogue, for malls whose API can list the seller's items (auto-link, imports). */
    default Optional<CatalogReader> catalog() {
        return Optional.empty();
    }

    List<CredentialStatus> credentials();

    /**
     * True for malls whose stock API accepts an item key it does not know without an error
     * (Rakuten, Yahoo): mapped keys must then be checked against {@link #shownStock()} on import.
     */
    default boolean acceptsUnknownItemKeysSilently() {
        return false;
    }
}
