package dev.zaiko.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One order line as a channel reported it, normalised. The contract on the orders queue
 * (see {@code events/README.md}); adapters, webhooks and notifications all produce it.
 *
 * @param mallStatus the mall's own status text, kept for the journal and for support
 * @param revision   the mall's own update time of the order (or, where the mall has none, when we
 *                   read it): orders the revisions of one line, so an older report of a line than the
 *                   last one applied changes nothing (architecture invariant 7)
 * @param orderName  the order's own name where the mall shows one other than its id (Shopify's
 *                   {@code #1001} for order 5200000102), for the seller's screens only; "" otherwise
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
        EventOrigin origin,
        Instant revision,
        String orderName) {
    /** Display names are short ("#1001"); anything longer is cut, it never refuses an order. */
    public static final int MAX_ORDER_NAME = 64;

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
        revision = revision == null ? occurredAt : revision;
        orderName = orderName(orderName);
    }

    /** A display name as stored: stripped, at most {@link #MAX_ORDER_NAME} characters, "" for none. */
    public static String orderName(String name) {
        String stripped = name == null ? "" : name.strip();
        return stripped.length() > MAX_ORDER_NAME ? stripped.substring(0, MAX_ORDER_NAME) : stripped;
    }

    /** An event without a display name (the order id is what the seller sees). */
    public OrderEvent(String channelId, String orderId, String lineId, String itemKey, int quantity,
                      OrderAction action, String mallStatus, Instant occurredAt, EventOrigin origin, Instant revision) {
        this(channelId, orderId, lineId, itemKey, quantity, action, mallStatus, occurredAt, origin, revision, "");
    }

    /** An event whose revision is its {@code occurredAt} (the mall's time of the change). */
    public OrderEvent(String channelId, String orderId, String lineId, String itemKey, int quantity,
                      OrderAction action, String mallStatus, Instant occurredAt, EventOrigin origin) {
        this(channelId, orderId, lineId, itemKey, quantity, action, mallStatus, occurredAt, origin, occurredAt);
    }

    /** The same event, ordered by {@code mallRevision} among the revisions of its line. */
    public OrderEvent withRevision(Instant mallRevision) {
        return new OrderEvent(channelId, orderId, lineId, itemKey, quantity, action, mallStatus, occurredAt, origin,
                mallRevision, orderName);
    }

    /** The same event with the order's display name ({@code #1001}). */
    public OrderEvent withOrderName(String name) {
        return new OrderEvent(channelId, orderId, lineId, itemKey, quantity, action, mallStatus, occurredAt, origin,
                revision, name);
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
