package dev.zaiko.app;

import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushFence;
import dev.zaiko.domain.Sellable;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.port.SellableReader;
import dev.zaiko.domain.port.StockLedger;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link SellableReader} on the ledger store: each listing's mapping (strong read), then one batched
 * strong read of every component SKU. Remembers nothing, so a pusher never writes from a cache.
 */
public final class LedgerSellableReader implements SellableReader {
    private final StockLedger ledger;

    public LedgerSellableReader(StockLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Map<ListingKey, Optional<Now>> sellable(Collection<ListingKey> listings) {
        Map<ListingKey, Optional<Listing>> mapped = new LinkedHashMap<>();
        Set<String> skus = new TreeSet<>();
        for (ListingKey key : new LinkedHashSet<>(listings)) {
            Optional<Listing> listing = ledger.findListing(key);
            mapped.put(key, listing);
            listing.ifPresent(l -> skus.addAll(l.skus()));
        }
        Map<String, StockLevel> levels = skus.isEmpty() ? Map.of() : ledger.readStock(skus);
        Map<ListingKey, Optional<Now>> result = new LinkedHashMap<>();
        mapped.forEach((key, listing) -> result.put(key, listing.map(l ->
                new Now(Sellable.quantity(l, levels), PushFence.of(l, levels)))));
        return result;
    }
}
