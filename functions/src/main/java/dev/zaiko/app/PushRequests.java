package dev.zaiko.app;

import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushRequest;
import dev.zaiko.domain.Sellable;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.port.PushRequester;
import dev.zaiko.domain.port.StockLedger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Asks listings to be pushed (the pusher reads their quantities itself, so a request carries none:
 * an extra one is cheap), urgent where the listing is unsellable now; and reads a listing's sellable
 * quantity from the ledger now, for reports.
 */
public final class PushRequests {
    private final LedgerCore core;
    private final StockLedger ledger;
    private final PushRequester pushes;

    /**
     * SKU -> listings, for the pushes of ONE request (a batch): never kept across requests, so a
     * listing mapped a moment ago in another container is pushed on the next sale here (issue 15
     * defect 10). One indexed read per SKU per batch.
     */
    private final ThreadLocal<Map<String, List<ListingKey>>> listingIndexOfRequest = new ThreadLocal<>();

    PushRequests(LedgerCore core, PushRequester pushes) {
        this.core = core;
        this.ledger = core.ledger;
        this.pushes = pushes;
    }

    /** Asks every listing that contains one of these SKUs to be pushed; urgent where it is now unsellable. */
    public List<PushRequest> requestPushes(Collection<String> skus) {
        if (skus.isEmpty()) {
            return List.of();
        }
        Set<ListingKey> keys = new LinkedHashSet<>();
        for (String sku : new TreeSet<>(skus)) {
            keys.addAll(listingsContaining(sku));
        }
        List<PushRequest> requests = new ArrayList<>();
        for (ListingKey key : keys) {
            core.listing(key).ifPresent(l -> requests.add(pushRequestFor(l)));
        }
        if (!requests.isEmpty()) {
            pushes.request(requests);
        }
        return requests;
    }

    /**
     * Asks exactly these listings to be pushed (a seller's "push again" for one channel or after a
     * discrepancy); unmapped keys are skipped. Urgent where the listing is unsellable now.
     */
    public List<PushRequest> requestListingPushes(Collection<ListingKey> keys) {
        List<PushRequest> requests = new ArrayList<>();
        for (ListingKey key : new LinkedHashSet<>(keys)) {
            ledger.findListing(key).ifPresent(l -> requests.add(pushRequestFor(l)));
        }
        if (!requests.isEmpty()) {
            pushes.request(requests);
        }
        return requests;
    }

    /** Asks one listing (just mapped) to be pushed. */
    void requestFor(Listing listing) {
        pushes.request(List.of(pushRequestFor(listing)));
    }

    /**
     * Runs one request (a queue's batch) remembering which listings contain a SKU for its duration
     * only: its pushes cost one indexed read per SKU, and nothing is kept across requests.
     */
    <T> T withinOneRequest(Supplier<T> request) {
        listingIndexOfRequest.set(new HashMap<>());
        try {
            return request.get();
        } finally {
            listingIndexOfRequest.remove();
        }
    }

    private PushRequest pushRequestFor(Listing listing) {
        Map<String, StockLevel> levels = core.stockLevels(new TreeSet<>(listing.skus()));
        return new PushRequest(listing.key(), Sellable.quantity(listing, levels) == 0);
    }

    /**
     * Sellable quantity of a listing from the ledger now (strongly consistent reads, no memory), for
     * pushers and reports; empty when the listing is not mapped (any more).
     */
    public OptionalLong sellable(ListingKey key) {
        Optional<Listing> listing = ledger.findListing(key);
        return listing.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(Sellable.quantity(listing.get(), ledger.readStock(listing.get().skus())));
    }

    /**
     * {@link #sellable(ListingKey)} for many listings with one batched stock read (a pusher's batch
     * of up to 250 listings costs one query per listing and a few BatchGetItem calls, not 2 calls each).
     */
    public Map<ListingKey, OptionalLong> sellable(Collection<ListingKey> keys) {
        Map<ListingKey, Optional<Listing>> listings = new LinkedHashMap<>();
        Set<String> skus = new TreeSet<>();
        for (ListingKey key : keys) {
            Optional<Listing> listing = ledger.findListing(key);
            listings.put(key, listing);
            listing.ifPresent(l -> skus.addAll(l.skus()));
        }
        Map<String, StockLevel> levels = skus.isEmpty() ? Map.of() : ledger.readStock(skus);
        Map<ListingKey, OptionalLong> sellable = new LinkedHashMap<>();
        listings.forEach((key, listing) -> sellable.put(key, listing.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(Sellable.quantity(listing.get(), levels))));
        return sellable;
    }

    private List<ListingKey> listingsContaining(String sku) {
        Map<String, List<ListingKey>> ofRequest = listingIndexOfRequest.get();
        if (ofRequest == null) {
            return ledger.listingsContaining(sku);
        }
        return ofRequest.computeIfAbsent(sku, s -> List.copyOf(ledger.listingsContaining(s)));
    }
}
