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
import java.util.concurrent.atomic.AtomicInteger;

/** The real ledger, except that the container dies right after its Nth successful commit. */
final class CrashingLedger implements StockLedger {
    static final class ContainerDied extends Error {
        ContainerDied() {
            super("container died after a commit, before answering");
        }
    }

    private final StockLedger real;
    private final int commitsBeforeDeath;
    private final AtomicInteger commits = new AtomicInteger();

    CrashingLedger(StockLedger real, int commitsBeforeDeath) {
        this.real = real;
        this.commitsBeforeDeath = commitsBeforeDeath;
    }

    @Override
    public CommitResult commit(LedgerCommit commit) {
        CommitResult result = real.commit(commit);
        if (result instanceof CommitResult.Committed && commits.incrementAndGet() == commitsBeforeDeath) {
            throw new ContainerDied();
        }
        return result;
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
