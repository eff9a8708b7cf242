package dev.zaiko.ledger;

import dev.zaiko.domain.Component;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.port.StockLedger;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A real store with one call overridable, to put another writer exactly between two steps of a test. */
class ForwardingLedger implements StockLedger {
    private final StockLedger store;

    ForwardingLedger(StockLedger store) {
        this.store = store;
    }

    @Override
    public Optional<OrderLine> findLine(String lineKey) {
        return store.findLine(lineKey);
    }

    @Override
    public Optional<Listing> findListing(ListingKey key) {
        return store.findListing(key);
    }

    @Override
    public Map<String, StockLevel> readStock(Collection<String> skus) {
        return store.readStock(skus);
    }

    @Override
    public CommitResult commit(LedgerCommit commit) {
        return store.commit(commit);
    }

    @Override
    public List<ListingKey> listingsContaining(String sku) {
        return store.listingsContaining(sku);
    }

    @Override
    public Optional<Listing> saveListing(ListingKey key, List<Component> components, long expectedVersion) {
        return store.saveListing(key, components, expectedVersion);
    }

    @Override
    public List<OrderLine> linesNeedingAttention(LineState state, int limit) {
        return store.linesNeedingAttention(state, limit);
    }

    @Override
    public List<JournalEntry> journal(String sku, int limit) {
        return store.journal(sku, limit);
    }
}
