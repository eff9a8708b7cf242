package dev.zaiko.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Units of an FBA-sourced SKU that a self-fulfilled order line took from the ledger and that
 * Amazon's fulfillable count does not reflect yet. While a claim counts, the FBA sync keeps those
 * units off the other malls even though Amazon still reports them fulfillable (see docs/fba.md).
 *
 * @param reference          the order line as the journal names it ({@code channel/order/line})
 * @param units              units of the SKU the line took
 * @param reservedAt         when the ledger reserved them
 * @param submittedAt        when the MCF fulfilment order was accepted by Amazon (SUBMITTED)
 * @param fulfillmentOrderId the MCF {@code sellerFulfillmentOrderId}, derived from the line and SKU
 */
public record FbaClaim(String reference, long units, State state, Instant reservedAt, Optional<Instant> submittedAt,
                       String fulfillmentOrderId) {

    public enum State {
        /** Reserved in the ledger; Amazon knows nothing of it yet. Counts. */
        PENDING,
        /** An MCF order holds the units at Amazon; counts until Amazon's count has had time to show it. */
        SUBMITTED,
        /**
         * Amazon's count shows it: counts 0, kept for a while so that a cancel of the line still
         * cancels its MCF order.
         */
        SETTLED,
        /** The line was cancelled after its MCF order was created: the MCF order must be cancelled. Counts 0. */
        CANCELLING
    }

    public FbaClaim {
        Validation.text(reference, "reference", 512);
        Validation.nonNegative(units, "units", Validation.MAX_STOCK);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reservedAt, "reservedAt");
        Objects.requireNonNull(submittedAt, "submittedAt");
        fulfillmentOrderId = fulfillmentOrderId == null ? "" : fulfillmentOrderId;
    }

    /** Units this claim keeps off the other malls now. */
    public long countedUnits() {
        return state == State.PENDING || state == State.SUBMITTED ? units : 0;
    }

    public FbaClaim submitted(Instant at) {
        return new FbaClaim(reference, units, State.SUBMITTED, reservedAt, Optional.of(at), fulfillmentOrderId);
    }

    public FbaClaim settled() {
        return new FbaClaim(reference, units, State.SETTLED, reservedAt, submittedAt, fulfillmentOrderId);
    }

    public FbaClaim cancelling() {
        return new FbaClaim(reference, units, State.CANCELLING, reservedAt, submittedAt, fulfillmentOrderId);
    }
}
