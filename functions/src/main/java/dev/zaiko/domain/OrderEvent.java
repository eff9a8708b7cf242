package dev.zaiko.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One order line as a channel reported it, normalised. The contract on the orders queue
 * (see {@code events/README.md}); adapters, webhooks and notifications all produce it.
 *
 * @param mallStatus the mall's own status text, kept for the journal and for support
 */
public record OrderEvent(
        String channelId,
        String orderId,
        String lineId,
        String itemKey,
        int quantity,
        OrderAction action,
        String mallStatus,
        Instant occurredAt,
        EventOrigin origin) {

    public OrderEvent {
        channelId = Validation.channelId(channelId, "channelId");
        orderId = Validation.keyPart(orderId, "orderId", 128);
        lineId = Validation.keyPart(lineId, "lineId", 128);
        itemKey = Validation.text(itemKey, "itemKey", 256);
        Validation.positiveQuantity(quantity, "quantity", Validation.MAX_LINE_QUANTITY);
        Objects.requireNonNull(action, "action");
        mallStatus = mallStatus == null ? "" : mallStatus;
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(origin, "origin");
    }

    public ListingKey listingKey() {
        return new ListingKey(channelId, itemKey);
    }

    /** Idempotency key of the line: a line changes stock at most once per state transition. */
    public String lineKey() {
        return channelId + '#' + orderId + '#' + lineId;
    }

    /** "rakuten-main/123-456/1" as the journal shows it. */
    public String reference() {
        return channelId + '/' + orderId + '/' + lineId;
    }
}
