package dev.zaiko.app;

import dev.zaiko.domain.Component;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.port.StockLedger;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which mall items sell which master SKUs: map (then apply the order lines that waited as UNMAPPED
 * and push the listing), unmap. Mapping changes are conditional on the listing's version, so two
 * sellers editing one listing cannot overwrite each other.
 */
public final class ListingMappings {
    private final LedgerCore core;
    private final StockLedger ledger;
    private final OrderIngestion orders;
    private final PushRequests pushes;

    ListingMappings(LedgerCore core, OrderIngestion orders, PushRequests pushes) {
        this.core = core;
        this.ledger = core.ledger;
        this.orders = orders;
        this.pushes = pushes;
    }

    /**
     * Maps a mall item to master SKUs. A listing already mapped to other components is refused
     * unless {@code replace}; mapping the same components again changes nothing. Order lines that
     * were kept as UNMAPPED for this listing are applied now.
     */
    public Listing mapListing(ListingKey key, List<Component> components, boolean replace) {
        Listing wanted = new Listing(key, components, 1);
        Optional<Listing> existing = ledger.findListing(key);
        if (existing.isPresent() && existing.get().sameMappingAs(wanted)) {
            core.rememberListing(key, existing.get());
            return existing.get();
        }
        if (existing.isPresent() && !replace) {
            throw new ListingMappingException("listing " + key + " is already mapped to "
                    + describe(existing.get()) + "; use replace to map it to " + describe(wanted));
        }
        Listing saved = ledger.saveListing(key, components, existing.map(Listing::version).orElse(0L))
                .orElseThrow(() -> new ListingMappingException("listing " + key
                        + " was changed by someone else while mapping it; try again"));
        core.rememberListing(key, saved);
        retryUnmapped(key);
        pushes.requestFor(saved);
        return saved;
    }

    /**
     * Unlinks a mall item from its SKUs: its orders are kept as UNMAPPED from now on and nothing is
     * pushed to it any more (what the mall shows stays as it was: the seller decides).
     *
     * @return the mapping that was removed
     */
    public Listing unmapListing(ListingKey key) {
        Listing existing = ledger.findListing(key).orElseThrow(() ->
                new ListingMappingException("listing " + key + " is not mapped"));
        if (!ledger.deleteListing(key, existing.version())) {
            throw new ListingMappingException("listing " + key + " was changed by someone else while unlinking it;"
                    + " try again");
        }
        core.forgetListing(key);
        return existing;
    }

    /** Re-applies the UNMAPPED lines of one listing (after it was mapped). */
    public List<ApplyResult> retryUnmapped(ListingKey key) {
        List<ApplyResult> results = new ArrayList<>();
        Set<String> changed = new LinkedHashSet<>();
        // A strongly consistent read of this listing's UNMAPPED lines: a line kept UNMAPPED a moment
        // before the mapping was saved is applied now, not left waiting (issue 15, defect 13).
        for (OrderLine line : ledger.unmappedLinesOf(key, 10_000)) {
            ApplyResult result = orders.apply(new OrderEvent(line.channelId(), line.orderId(), line.lineId(),
                    line.itemKey(), line.quantity(), OrderAction.RESERVE, line.mallStatus(), line.updatedAt(),
                    EventOrigin.ADMIN).withRevision(line.mallRevision()));
            changed.addAll(result.changedSkus());
            results.add(result);
        }
        pushes.requestPushes(changed);
        return results;
    }

    private static String describe(Listing listing) {
        return listing.components().stream().map(c -> c.sku() + "x" + c.units()).toList().toString();
    }
}
