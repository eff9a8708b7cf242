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

/** A real store, passed through; tests override what they change. */
class ForwardingLedger implements StockLedger {
    final StockLedger real;

    ForwardingLedger(StockLedger real) {
        this.real = real;
    }

    @Override
    public CommitResult commit(LedgerCommit commit) {
        return real.commit(commit);
    }

    @Override
    public CommitResult commitAll(List<LedgerCommit> commits) {
        return real.commitAll(commits);
    }

    @Override
    public int maxCommitItems() {
        return real.maxCommitItems();
    }

    @Override
    public Optional<OrderLine> findLine(String lineKey) {
        return real.findLine(lineKey);
    }

    @Override
    public Optional<Listing> findListing(ListingKey key) {
        return real.findListing(key);
    }

    @Override
    public Map<String, StockLevel> readStock(Collection<String> skus) {
        return real.readStock(skus);
    }

    @Override
    public List<ListingKey> listingsContaining(String sku) {
        return real.listingsContaining(sku);
    }

    @Override
    public Optional<Listing> saveListing(ListingKey key, List<Component> components, long expectedVersion) {
        return real.saveListing(key, components, expectedVersion);
    }

    @Override
    public boolean deleteListing(ListingKey key, long expectedVersion) {
        return real.deleteListing(key, expectedVersion);
    }

    @Override
    public List<OrderLine> linesNeedingAttention(LineState state, int limit) {
        return real.linesNeedingAttention(state, limit);
    }

    @Override
    public List<OrderLine> unmappedLinesOf(ListingKey key, int limit) {
        return real.unmappedLinesOf(key, limit);
    }

    @Override
    public List<JournalEntry> journal(String sku, int limit) {
        return real.journal(sku, limit);
    }
}
