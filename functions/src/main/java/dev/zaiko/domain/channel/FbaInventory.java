package dev.zaiko.domain.channel;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Units a fulfilment network (Amazon FBA) holds for the seller and can ship now. Read only. */
public interface FbaInventory {
    /**
     * Fulfillable units per seller SKU, every page; SKUs the network holds nothing of may be absent.
     *
     * @throws ChannelException classified RETRY or AUTH
     */
    Map<String, Long> fulfillableQuantities();

    /**
     * The count carried by one inventory-change notification (Amazon FBA_INVENTORY_AVAILABILITY_CHANGES);
     * empty when it is about other marketplaces only.
     *
     * @throws IllegalArgumentException naming the field when the message is malformed
     */
    Optional<Count> countIn(String notificationBody);

    /** @param at when the network published the count (an older count never overwrites a newer one) */
    record Count(String sellerSku, long fulfillable, Instant at, String notificationId) {
        public Count {
            Objects.requireNonNull(sellerSku, "sellerSku");
            Objects.requireNonNull(at, "at");
            notificationId = notificationId == null ? "" : notificationId;
        }
    }
}
