package dev.zaiko.domain;

import java.util.Objects;

/**
 * "This listing's sellable quantity may have changed: write it to the mall." Carries no quantity
 * on purpose (invariant 4): the pusher reads the ledger at push time, so a stale or repeated
 * request cannot write a stale number.
 *
 * @param urgent the listing reached 0 sellable: it must not wait for any batching window
 */
public record PushRequest(ListingKey listing, boolean urgent) {
    public PushRequest {
        Objects.requireNonNull(listing, "listing");
    }
}
