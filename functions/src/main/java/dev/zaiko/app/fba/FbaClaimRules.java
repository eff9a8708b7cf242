package dev.zaiko.app.fba;

import dev.zaiko.domain.ChangeReason;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.FbaClaim;
import dev.zaiko.domain.JournalEntry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The FBA rule as pure functions (docs/fba.md):
 *
 * <pre>
 *   available(sku) = max(0, fulfillable − Σ units of its claims that count)
 * </pre>
 *
 * A claim is opened by every order line that took units of the SKU in the ledger (read from the
 * SKU's journal, so nothing on the ledger's hot path changes), and stops counting when Amazon's
 * count can be trusted to include it: its MCF order was accepted at least {@code settle} before
 * the count was taken (it is then kept SETTLED for {@link #KEEP_SETTLED}, counting 0, so a late
 * cancel of the line still cancels the MCF order), or — without MCF, when the seller ships through
 * Seller Central — once it is older than {@code maxHold}. A cancelled line's claim is dropped (its
 * MCF order, if any, is cancelled first).
 */
public final class FbaClaimRules {
    /** MCF Hold orders are cancelled by Amazon after 14 days; a week covers the cancels that still matter. */
    public static final Duration KEEP_SETTLED = Duration.ofDays(7);

    private FbaClaimRules() {
    }

    /** What reading the journal and the count did to the claims. */
    public record Advance(Map<String, FbaClaim> claims, List<FbaClaim> opened, List<FbaClaim> settled,
                          List<FbaClaim> expired, List<FbaClaim> released) {
    }

    /**
     * @param entries journal entries of the SKU after the version last read, oldest first
     */
    public static Advance advance(Map<String, FbaClaim> current, List<JournalEntry> entries, String sku,
                                  Instant countedAt, Duration settle, Duration maxHold) {
        Map<String, FbaClaim> claims = new LinkedHashMap<>(current);
        List<FbaClaim> opened = new ArrayList<>();
        List<FbaClaim> settled = new ArrayList<>();
        List<FbaClaim> expired = new ArrayList<>();
        List<FbaClaim> released = new ArrayList<>();
        for (JournalEntry entry : entries) {
            if (entry.source().kind() != ChangeSource.Kind.ORDER) {
                continue; // seller adjustments and our own counts are not orders to ship
            }
            String reference = entry.source().reference();
            boolean took = (entry.reason() == ChangeReason.ORDER_RESERVED || entry.reason() == ChangeReason.ORDER_OVERSOLD)
                    && entry.delta() < 0;
            if (took) {
                FbaClaim previous = claims.get(reference);
                long units = -entry.delta() + (previous == null ? 0 : previous.units());
                FbaClaim claim = new FbaClaim(reference, units, FbaClaim.State.PENDING,
                        previous == null ? entry.at() : previous.reservedAt(), Optional.empty(),
                        fulfillmentOrderId(reference, sku));
                claims.put(reference, claim);
                opened.add(claim);
            } else if (entry.reason() == ChangeReason.ORDER_CANCELLED && entry.delta() > 0) {
                FbaClaim claim = claims.get(reference);
                if (claim == null) {
                    continue; // reserved before the SKU was FBA-sourced: nothing of ours to undo
                }
                if (claim.state() == FbaClaim.State.PENDING) {
                    claims.remove(reference);
                    released.add(claim);
                } else if (claim.state() == FbaClaim.State.SUBMITTED || claim.state() == FbaClaim.State.SETTLED) {
                    claims.put(reference, claim.cancelling());
                }
            }
        }
        for (FbaClaim claim : List.copyOf(claims.values())) {
            if (claim.state() == FbaClaim.State.SUBMITTED
                    && !claim.submittedAt().orElseThrow().plus(settle).isAfter(countedAt)) {
                claims.put(claim.reference(), claim.settled());
                settled.add(claim);
            } else if ((claim.state() == FbaClaim.State.SETTLED || claim.state() == FbaClaim.State.CANCELLING)
                    && !claim.reservedAt().plus(KEEP_SETTLED).isAfter(countedAt)) {
                claims.remove(claim.reference());
            } else if (claim.state() == FbaClaim.State.PENDING && !claim.reservedAt().plus(maxHold).isAfter(countedAt)) {
                claims.remove(claim.reference());
                expired.add(claim);
            }
        }
        return new Advance(claims, opened, settled, expired, released);
    }

    public static long target(long fulfillable, Map<String, FbaClaim> claims) {
        long claimed = claims.values().stream().mapToLong(FbaClaim::countedUnits).sum();
        return Math.max(0, fulfillable - claimed);
    }

    /**
     * The MCF {@code sellerFulfillmentOrderId} of one SKU of one order line: the same line always
     * gives the same id (so a retried create is recognised by Amazon), within the 40 characters
     * Amazon allows, whatever the length of the mall's ids.
     */
    public static String fulfillmentOrderId(String reference, String sku) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((reference + '#' + sku).getBytes(StandardCharsets.UTF_8));
            return "zs-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
