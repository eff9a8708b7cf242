package dev.zaiko.app;

import dev.zaiko.domain.ChangeReason;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.LedgerConflictException;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.StockRuleException;
import dev.zaiko.domain.port.StockLedger.CommitResult;
import dev.zaiko.domain.port.StockLedger.StockWrite;
import dev.zaiko.domain.port.StockLedger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the ledger's services share in one container: the store, the business clock, one lock per SKU
 * and the memory of the stock levels and listings last seen. {@link OrderIngestion},
 * {@link StockAdjustments}, {@link ListingMappings} and {@link PushRequests} of one container use the
 * same core, so a SKU's writes are serialised here whichever job makes them, and what one job
 * committed is what the next decides on.
 *
 * <p>The memory only saves round trips: every commit is conditional on the versions it was decided
 * on, so a stale memory fails its condition and is corrected from what the store says
 * ({@link #absorb}).
 */
final class LedgerCore {
    static final long BACKOFF_BASE_MILLIS = 2;
    static final long BACKOFF_CAP_MILLIS = 500;

    final StockLedger ledger;
    final Clock clock;

    private final ConcurrentHashMap<String, ReentrantLock> skuLocks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StockLevel> stockSeen = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ListingKey, Listing> listingsSeen = new ConcurrentHashMap<>();

    LedgerCore(StockLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    void rememberStock(String sku, StockLevel level) {
        stockSeen.put(sku, level);
    }

    void forgetStock(String sku) {
        stockSeen.remove(sku);
    }

    void rememberListing(ListingKey key, Listing listing) {
        listingsSeen.put(key, listing);
    }

    void forgetListing(ListingKey key) {
        listingsSeen.remove(key);
    }

    Optional<Listing> listing(ListingKey key) {
        Listing seen = listingsSeen.get(key);
        if (seen != null) {
            return Optional.of(seen);
        }
        Optional<Listing> fresh = ledger.findListing(key);
        fresh.ifPresent(l -> listingsSeen.put(key, l));
        return fresh;
    }

    Map<String, StockLevel> stockLevels(Set<String> skus) {
        Map<String, StockLevel> levels = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String sku : skus) {
            StockLevel seen = stockSeen.get(sku);
            if (seen != null) {
                levels.put(sku, seen);
            } else {
                missing.add(sku);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, StockLevel> read = ledger.readStock(missing);
            stockSeen.putAll(read);
            levels.putAll(read);
        }
        return levels;
    }

    void absorb(CommitResult.Conflict conflict, Set<String> skus) {
        conflict.currentStock().forEach((sku, level) -> {
            if (level.isPresent()) {
                stockSeen.put(sku, level.get());
            } else {
                stockSeen.remove(sku);
            }
        });
        // When the store could not say which SKU moved, forget them all and read again.
        if (conflict.currentStock().isEmpty() && !conflict.lineChanged() && !conflict.listingChanged()
                && !conflict.transientConflict()) {
            skus.forEach(stockSeen::remove);
        }
    }

    Map<String, StockWrite> stockWrites(Map<String, Long> deltas, Map<String, StockLevel> stock) {
        Map<String, StockWrite> writes = new LinkedHashMap<>();
        for (String sku : new TreeSet<>(deltas.keySet())) {
            long delta = deltas.get(sku);
            if (delta == 0) {
                continue;
            }
            StockLevel before = stock.get(sku);
            if (before == null) {
                throw new StockRuleException("SKU " + sku + " does not exist in the ledger");
            }
            writes.put(sku, new StockWrite(Optional.of(before),
                    before.withAvailable(before.available() + delta, before.version() + 1)));
        }
        return writes;
    }

    List<JournalEntry> journal(Collection<StockWrite> writes, ChangeReason reason, ChangeSource source) {
        Instant now = clock.instant();
        List<JournalEntry> entries = new ArrayList<>();
        for (StockWrite write : writes) {
            StockLevel after = write.after();
            long before = write.before().map(StockLevel::available).orElse(0L);
            long safetyBefore = write.before().map(StockLevel::safetyStock).orElse(0L);
            entries.add(new JournalEntry(after.sku(), after.version(), before, after.available(), safetyBefore,
                    after.safetyStock(), reason, source, now));
        }
        return entries;
    }

    List<ReentrantLock> lock(Set<String> skus) {
        List<ReentrantLock> held = new ArrayList<>(skus.size());
        // Sorted order: two sets sharing SKUs can never wait for each other in a cycle.
        for (String sku : new TreeSet<>(skus)) {
            ReentrantLock lock = skuLocks.computeIfAbsent(sku, s -> new ReentrantLock());
            lock.lock();
            held.add(lock);
        }
        return held;
    }

    /**
     * Full-jitter exponential backoff (2 ms, 4 ms, ... capped at 500 ms), never past {@code deadline}
     * (System.nanoTime): contending containers spread out instead of retrying in lockstep.
     */
    static void backOff(int attempt, long deadline) {
        long ceiling = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << Math.min(20, attempt));
        long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
        long millis = Math.min(left, ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerConflictException("interrupted while retrying");
        }
    }
}
