package dev.zaiko.channel.amazon;

import dev.zaiko.domain.OrderAction;

import java.util.Map;
import java.util.Optional;

/**
 * Amazon order status to ledger action, as tables, in one place (channels.md section 1).
 *
 * <p>Every status before and including shipment keeps the reservation: Amazon has taken the units
 * off the listing's quantity from PENDING on, and after shipment they are gone from the shelf. Only
 * a cancellation gives them back. Orders fulfilled by Amazon (AFN/FBA) ship from Amazon's own
 * stock, so they never touch the self-fulfilled ledger: IGNORE whatever their status.
 */
public final class AmazonStatuses {
    private AmazonStatuses() {
    }

    /** Orders API 2026-01-01 {@code fulfillment.fulfillmentStatus}. */
    static final Map<String, OrderAction> ORDERS_2026 = Map.of(
            "PENDING_AVAILABILITY", OrderAction.RESERVE, // pre-order
            "PENDING", OrderAction.RESERVE,              // payment not yet authorised; Amazon already holds the unit
            "UNSHIPPED", OrderAction.RESERVE,
            "PARTIALLY_SHIPPED", OrderAction.RESERVE,
            "SHIPPED", OrderAction.RESERVE,              // consumed: keep what was reserved
            "CANCELLED", OrderAction.CANCEL,
            "UNFULFILLABLE", OrderAction.IGNORE);        // Multi-Channel Fulfillment only, never our shelf

    /** ORDER_CHANGE notification {@code Summary.OrderStatus} (the v0 vocabulary). */
    static final Map<String, OrderAction> NOTIFICATION = Map.of(
            "PendingAvailability", OrderAction.RESERVE,
            "Pending", OrderAction.RESERVE,
            "Unshipped", OrderAction.RESERVE,
            "PartiallyShipped", OrderAction.RESERVE,
            "Shipped", OrderAction.RESERVE,
            "InvoiceUnconfirmed", OrderAction.RESERVE,
            "Canceled", OrderAction.CANCEL,
            "Unfulfillable", OrderAction.IGNORE);

    /** Who ships: the seller (ledger) or Amazon (FBA pool). v2026 {@code fulfilledBy} and notification {@code FulfillmentType}. */
    static final Map<String, Boolean> FULFILLED_BY_AMAZON = Map.of(
            "MERCHANT", false, "AMAZON", true,
            "MFN", false, "AFN", true);

    /** Empty when Amazon sent a status we do not know: the caller reports it rather than guessing. */
    public static Optional<OrderAction> forOrder(String fulfilledBy, String fulfillmentStatus) {
        Boolean byAmazon = FULFILLED_BY_AMAZON.get(fulfilledBy);
        OrderAction action = ORDERS_2026.get(fulfillmentStatus);
        if (byAmazon == null || action == null) {
            return Optional.empty();
        }
        return Optional.of(byAmazon ? OrderAction.IGNORE : action);
    }

    /**
     * The action of a notification's line follows Amazon's order status only. A buyer's cancellation
     * request ({@code IsBuyerRequestedCancel}) is a request, not a cancellation: the seller may still
     * ship, and the request may be withdrawn, so the units stay held until Amazon reports the order
     * {@code Canceled} (restoring on the request and reserving again later would make the shelf show
     * units that are still sold). {@code buyerRequestedCancel} and {@code quantityShipped} are kept
     * for the journal's status text only.
     */
    public static Optional<OrderAction> forNotification(String fulfillmentType, String orderStatus,
                                                        boolean buyerRequestedCancel, int quantityShipped) {
        Boolean byAmazon = FULFILLED_BY_AMAZON.get(fulfillmentType);
        OrderAction action = NOTIFICATION.get(orderStatus);
        if (byAmazon == null || action == null) {
            return Optional.empty();
        }
        return Optional.of(byAmazon ? OrderAction.IGNORE : action);
    }
}
