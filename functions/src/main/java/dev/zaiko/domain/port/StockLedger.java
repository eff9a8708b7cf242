package dev.zaiko.domain.port;

import dev.zaiko.domain.Component;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.StockLevel;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where the ledger keeps stock, listings, order lines and the journal. Implementations must make
 * {@link #commit} one atomic, conditional write: every condition holds and everything is written,
 * or nothing is.
 */
public interface StockLedger {

    Optional<OrderLine> findLine(String lineKey);

    Optional<Listing> findListing(ListingKey key);

    /** Strongly consistent; SKUs that do not exist are absent from the result. */
    Map<String, StockLevel> readStock(Collection<String> skus);

    CommitResult commit(LedgerCommit commit);

    /**
     * Several commits as ONE atomic, conditional write, in order (the lines of one batch that touch
     * one SKU, decided one after the other against the same stock). The stock writes of one SKU must
     * chain: each starts at the version the previous one ended at; the store writes the SKU once,
     * from the first version to the last, with the total taken (one condition, one item). Every
     * condition holds and everything is written, or nothing is.
     *
     * @throws IllegalArgumentException when the writes do not chain, or the commit is larger than
     *                                  {@link #maxCommitItems()}
     */
    default CommitResult commitAll(List<LedgerCommit> commits) {
        if (commits.size() == 1) {
            return commit(commits.get(0));
        }
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot commit several lines at once");
    }

    /**
     * The most items one {@link #commitAll} may carry, counted by {@link Merged#items()} (DynamoDB:
     * 100 per TransactWriteItems); 0 when the store cannot commit several lines at once.
     */
    default int maxCommitItems() {
        return 0;
    }

    /**
     * Every listing that has the SKU as a component, sets included, in key order. Strongly
     * consistent: a mapping saved (or unlinked) before the call is in it (or gone), whichever
     * container saved it, so a push fan-out right after a mapping reaches the new listing
     * (issue 15, defect 10).
     */
    List<ListingKey> listingsContaining(String sku);

    /**
     * Maps a listing to its components. {@code expectedVersion} 0 means "must not exist yet";
     * otherwise the current mapping must have that version. Returns the stored listing, or empty
     * when the expectation did not hold.
     */
    Optional<Listing> saveListing(ListingKey key, List<Component> components, long expectedVersion);

    /** A listing to map for the first time (a bulk load): it must not exist yet. */
    record NewListing(ListingKey key, List<Component> components) {
        public NewListing {
            Objects.requireNonNull(key, "key");
            components = List.copyOf(components);
        }
    }

    /**
     * {@link #saveListing} with {@code expectedVersion} 0 for many listings (a catalogue loaded in
     * bulk); one result per listing, in order, empty where the listing already existed. This default
     * writes one by one; a store that can write many conditional rows in one round trip (one SQL
     * transaction, a TransactWriteItems of up to 100 puts) overrides it.
     */
    default List<Optional<Listing>> saveListings(List<NewListing> listings) {
        List<Optional<Listing>> saved = new java.util.ArrayList<>(listings.size());
        for (NewListing listing : listings) {
            saved.add(saveListing(listing.key(), listing.components(), 0));
        }
        return saved;
    }

    /**
     * Unlinks a listing whose mapping still has {@code expectedVersion}: it is no longer mapped (its
     * orders become UNMAPPED, it is no longer pushed), and a later mapping gets a higher version than
     * any cached copy of this one. Returns false when the expectation did not hold.
     */
    default boolean deleteListing(ListingKey key, long expectedVersion) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot unlink listings");
    }

    /**
     * When the stored line expires (the store's TTL), empty while it may not: only closed lines
     * (CANCELLED) expire, an open line never does (architecture invariant 2 for long-open orders).
     */
    default Optional<java.time.Instant> lineExpiresAt(String lineKey) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot tell line expiry");
    }

    /**
     * Lines in a state a seller must act on (OVERSOLD, UNMAPPED), oldest key first, at most {@code limit}.
     * For reports and the seller's lists: a store may answer from an eventually consistent index
     * (DynamoDB), so a line committed a moment ago may be missing. To act on the UNMAPPED lines of a
     * listing use {@link #unmappedLinesOf}.
     */
    List<OrderLine> linesNeedingAttention(LineState state, int limit);

    /**
     * The lines of this listing kept as UNMAPPED, in line key order, at most {@code limit}. Strongly
     * consistent: a line committed UNMAPPED before the call is in it, one that left UNMAPPED is not,
     * so the lines waiting for a mapping are all applied once it is saved (issue 15, defect 13).
     */
    List<OrderLine> unmappedLinesOf(ListingKey key, int limit);

    /** The SKU's journal, newest first, at most {@code limit} entries. */
    List<JournalEntry> journal(String sku, int limit);

    /**
     * Every master SKU, ordered by SKU (a full read, for exports, reports and bulk checks; not for the
     * hot path). Stores that cannot list say so.
     */
    default List<StockLevel> allStock() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot list stock");
    }

    /** Every mapped listing, ordered by key (a full read, like {@link #allStock()}). */
    default List<Listing> allListings() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot list listings");
    }

    /** Every order line, ordered by line key (a full read for the local runtime's checks and tools). */
    default List<OrderLine> allLines() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot list order lines");
    }

    /**
     * One atomic change: an optional order-line transition, stock writes and their journal entries.
     *
     * @param stockGuards SKUs the decision read but does not write (an oversold line takes nothing of a
     *                    short component): the commit holds only while they still have these versions
     */
    record LedgerCommit(Optional<LineWrite> line, Optional<ListingGuard> listingGuard, List<StockWrite> stock,
                        List<JournalEntry> journal, List<StockGuard> stockGuards) {
        public LedgerCommit {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(listingGuard, "listingGuard");
            stock = List.copyOf(stock);
            journal = List.copyOf(journal);
            stockGuards = List.copyOf(stockGuards);
        }

        public LedgerCommit(Optional<LineWrite> line, Optional<ListingGuard> listingGuard, List<StockWrite> stock,
                            List<JournalEntry> journal) {
            this(line, listingGuard, stock, journal, List.of());
        }
    }

    /** Holds only while the SKU still has {@code version} (absent: while the SKU does not exist). */
    record StockGuard(String sku, Optional<Long> version) {
        public StockGuard {
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(version, "version");
        }
    }

    /**
     * Write {@code line}, provided the stored line still has {@code expectedRevision} (0: does not exist).
     *
     * @param previousState the state of the stored line the write replaces, as the caller read it at
     *                      {@code expectedRevision} (the revision condition makes it exact); empty when
     *                      the line is new. A store that keeps a listing's UNMAPPED lines apart
     *                      ({@link #unmappedLinesOf}) uses it to drop a line that leaves UNMAPPED in
     *                      the same atomic write.
     */
    record LineWrite(OrderLine line, long expectedRevision, Optional<LineState> previousState) {
        public LineWrite {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(previousState, "previousState");
            if (expectedRevision == 0 && previousState.isPresent()) {
                throw new IllegalArgumentException("a new line (expected revision 0) has no previous state");
            }
        }

        /** A write whose stored line (if any) was not UNMAPPED. */
        public LineWrite(OrderLine line, long expectedRevision) {
            this(line, expectedRevision, Optional.empty());
        }

        /** True when the line was UNMAPPED and is written in another state. */
        public boolean leavesUnmapped() {
            return previousState.filter(s -> s == LineState.UNMAPPED).isPresent()
                    && line.state() != LineState.UNMAPPED;
        }
    }

    /**
     * Holds only while the listing's mapping still has this version (a cached mapping may have gone
     * stale); version 0 ({@link #unmapped}): only while the listing is not mapped (absent or unlinked).
     */
    record ListingGuard(ListingKey key, long version) {
        public static ListingGuard unmapped(ListingKey key) {
            return new ListingGuard(key, 0);
        }

        public boolean requiresUnmapped() {
            return version == 0;
        }
    }

    /**
     * Change one SKU from {@code before} (empty: create it) to {@code after}. The write is conditional
     * on the stored version being {@code before.version()} and, for a decrement, on
     * {@code available >= units taken}.
     */
    record StockWrite(Optional<StockLevel> before, StockLevel after) {
        public StockWrite {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }

        public long delta() {
            return after.available() - before.map(StockLevel::available).orElse(0L);
        }
    }

    /**
     * Commits merged into what one transaction writes: every line, each listing guard once, ONE write
     * per SKU (the chain of its writes: first {@code before}, last {@code after}), every journal
     * entry, and the stock guards not implied by a write of the same SKU.
     */
    record Merged(List<LineWrite> lines, List<ListingGuard> listingGuards, List<StockWrite> stock,
                  List<JournalEntry> journal, List<StockGuard> stockGuards) {
        public Merged {
            lines = List.copyOf(lines);
            listingGuards = List.copyOf(listingGuards);
            stock = List.copyOf(stock);
            journal = List.copyOf(journal);
            stockGuards = List.copyOf(stockGuards);
        }

        /** Items of the transaction (one per line, listing guard, SKU written or guarded, journal entry). */
        public int items() {
            return lines.size() + listingGuards.size() + stock.size() + journal.size() + stockGuards.size();
        }

        public boolean isEmpty() {
            return items() == 0;
        }

        public static Merged of(LedgerCommit commit) {
            return of(List.of(commit));
        }

        public static Merged of(List<LedgerCommit> commits) {
            List<LineWrite> lines = new java.util.ArrayList<>();
            Map<ListingKey, ListingGuard> listingGuards = new java.util.LinkedHashMap<>();
            Map<String, StockWrite> chains = new java.util.LinkedHashMap<>();
            Map<String, Long> chainStart = new java.util.HashMap<>();
            List<JournalEntry> journal = new java.util.ArrayList<>();
            Map<String, StockGuard> guards = new java.util.LinkedHashMap<>();
            Set<String> lineKeys = new java.util.HashSet<>();
            for (LedgerCommit commit : commits) {
                commit.line().ifPresent(line -> {
                    if (!lineKeys.add(line.line().lineKey())) {
                        throw new IllegalArgumentException("line " + line.line().lineKey() + " written twice in one commit");
                    }
                    lines.add(line);
                });
                commit.listingGuard().ifPresent(guard -> {
                    ListingGuard seen = listingGuards.putIfAbsent(guard.key(), guard);
                    if (seen != null && seen.version() != guard.version()) {
                        throw new IllegalArgumentException("listing " + guard.key() + " guarded at versions "
                                + seen.version() + " and " + guard.version());
                    }
                });
                for (StockWrite write : commit.stock()) {
                    String sku = write.after().sku();
                    StockWrite chain = chains.get(sku);
                    if (chain == null) {
                        chains.put(sku, write);
                        chainStart.put(sku, write.before().map(StockLevel::version).orElse(0L));
                        continue;
                    }
                    if (write.before().isEmpty() || !write.before().get().equals(chain.after())) {
                        throw new IllegalArgumentException("stock writes of " + sku + " do not chain: "
                                + chain.after() + " then " + write.before());
                    }
                    chains.put(sku, new StockWrite(chain.before(), write.after()));
                }
                journal.addAll(commit.journal());
                for (StockGuard guard : commit.stockGuards()) {
                    guards.putIfAbsent(guard.sku(), guard);
                }
            }
            List<StockGuard> stockGuards = new java.util.ArrayList<>();
            for (StockGuard guard : guards.values()) {
                StockWrite chain = chains.get(guard.sku());
                if (chain == null) {
                    stockGuards.add(guard);
                    continue;
                }
                // A guard inside the chain is implied by the chain's own condition on its first version.
                long version = guard.version().orElse(-1L);
                if (version < chainStart.get(guard.sku()) || version > chain.after().version()) {
                    throw new IllegalArgumentException("stock guard " + guard + " is outside the chain of writes of "
                            + guard.sku());
                }
            }
            return new Merged(lines, List.copyOf(listingGuards.values()), List.copyOf(chains.values()), journal,
                    stockGuards);
        }
    }

    sealed interface CommitResult {
        record Committed() implements CommitResult {
        }

        /**
         * A condition failed. What the store could tell about the current state comes back so the
         * caller can decide again without another read; anything it could not tell is absent, and the
         * caller reads it.
         *
         * @param transientConflict another transaction was touching the same items (retry as is)
         */
        record Conflict(boolean lineChanged, Optional<OrderLine> currentLine, boolean listingChanged,
                        Map<String, Optional<StockLevel>> currentStock, boolean transientConflict)
                implements CommitResult {
            public Conflict {
                Objects.requireNonNull(currentLine, "currentLine");
                currentStock = Map.copyOf(currentStock);
            }
        }
    }
}
