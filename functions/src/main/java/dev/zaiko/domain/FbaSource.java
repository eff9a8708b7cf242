package dev.zaiko.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A master SKU whose stock is Amazon's FBA inventory of one seller SKU on one Amazon channel
 * account: its {@code available} follows Amazon's fulfillable count, less the units that open
 * self-fulfilled order lines hold and Amazon does not know about yet ({@link FbaClaim}s).
 *
 * @param journalVersion the SKU version up to which the journal was read for claims
 * @param lastCountAt    when the last count applied was taken (Amazon's event time for a
 *                       notification): an older count arriving later never overwrites a newer one
 * @param revision       increases with every save; saves are conditional on it
 */
public record FbaSource(String sku, String channelId, String sellerSku, long journalVersion,
                        Map<String, FbaClaim> claims, OptionalLong lastFulfillable, Optional<Instant> lastCountAt,
                        long revision) {
    public FbaSource {
        sku = Validation.sku(sku);
        channelId = Validation.channelId(channelId, "channelId");
        Validation.text(sellerSku, "sellerSku", 50);
        claims = Map.copyOf(new TreeMap<>(claims));
        Objects.requireNonNull(lastFulfillable, "lastFulfillable");
        Objects.requireNonNull(lastCountAt, "lastCountAt");
    }

    /** Units the claims keep off the other malls. */
    public long claimedUnits() {
        return claims.values().stream().mapToLong(FbaClaim::countedUnits).sum();
    }

    public FbaSource withClaims(Map<String, FbaClaim> newClaims) {
        return new FbaSource(sku, channelId, sellerSku, journalVersion, newClaims, lastFulfillable, lastCountAt,
                revision);
    }

    public FbaSource counted(long version, Map<String, FbaClaim> newClaims, long fulfillable, Instant countedAt) {
        return new FbaSource(sku, channelId, sellerSku, version, newClaims, OptionalLong.of(fulfillable),
                Optional.of(countedAt), revision);
    }
}
