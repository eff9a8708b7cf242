package dev.zaiko.domain.channel;

import dev.zaiko.domain.Validation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Multi-channel fulfilment (Amazon MCF): asks the fulfilment network to ship units it holds for an
 * order taken on another channel. Both calls are idempotent by {@code sellerFulfillmentOrderId}.
 */
public interface FulfillmentOrders {

    /** Creates the fulfilment order; one that already exists with this id counts as created. Never throws for a refusal. */
    Result create(FulfillmentOrder order);

    /** Cancels it; one that does not exist (or is already cancelled) counts as cancelled. */
    Result cancel(String sellerFulfillmentOrderId);

    /** Where the parcel goes. Japanese addresses use stateOrRegion (prefecture) and no city. */
    record Address(String name, String addressLine1, Optional<String> addressLine2, Optional<String> stateOrRegion,
                   String postalCode, String countryCode, Optional<String> phone) {
        public Address {
            Validation.text(name, "address.name", 200);
            Validation.text(addressLine1, "address.addressLine1", 200);
            Objects.requireNonNull(addressLine2, "addressLine2");
            Objects.requireNonNull(stateOrRegion, "stateOrRegion");
            Validation.text(postalCode, "address.postalCode", 20);
            Validation.text(countryCode, "address.countryCode", 2);
            Objects.requireNonNull(phone, "phone");
        }
    }

    /**
     * One fulfilment order for one SKU of one order line.
     *
     * @param action "Hold" (units reserved, nothing ships until the seller releases it) or "Ship"
     */
    record FulfillmentOrder(String sellerFulfillmentOrderId, String displayableOrderId, Instant displayableOrderDate,
                            String displayableOrderComment, String sellerSku, String sellerFulfillmentOrderItemId,
                            long quantity, Address destination, String shippingSpeedCategory, String action) {
        public FulfillmentOrder {
            Validation.text(sellerFulfillmentOrderId, "sellerFulfillmentOrderId", 40);
            Validation.text(displayableOrderId, "displayableOrderId", 40);
            Objects.requireNonNull(displayableOrderDate, "displayableOrderDate");
            Validation.text(displayableOrderComment, "displayableOrderComment", 750);
            Validation.text(sellerSku, "sellerSku", 50);
            Validation.text(sellerFulfillmentOrderItemId, "sellerFulfillmentOrderItemId", 50);
            Validation.positiveQuantity(quantity, "quantity", Validation.MAX_LINE_QUANTITY);
            Objects.requireNonNull(destination, "destination");
            Validation.text(shippingSpeedCategory, "shippingSpeedCategory", 40);
            Validation.text(action, "action", 10);
        }
    }

    /**
     * @param alreadyDone the network already had it (a repeated create or cancel)
     */
    record Result(PushStatus status, boolean alreadyDone, String mallCode, String message) {
        public Result {
            Objects.requireNonNull(status, "status");
            mallCode = mallCode == null ? "" : mallCode;
            message = message == null ? "" : message;
        }

        public static Result ok(boolean alreadyDone) {
            return new Result(PushStatus.OK, alreadyDone, "", "");
        }
    }
}
