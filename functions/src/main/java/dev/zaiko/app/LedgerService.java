package dev.zaiko.app;

import dev.zaiko.domain.ChangeReason;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.LedgerConflictException;
import dev.zaiko.domain.LineDecision;
import dev.zaiko.domain.LineRules;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.PushRequest;
import dev.zaiko.domain.Sellable;
import dev.zaiko.domain.StockAdjustment;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.StockRuleException;
import dev.zaiko.domain.Validation;
import dev.zaiko.domain.port.PushRequester;
import dev.zaiko.domain.port.StockLedger;
import dev.zaiko.domain.port.StockLedger.CommitResult;
import dev.zaiko.domain.port.StockLedger.LedgerCommit;
import dev.zaiko.domain.port.StockLedger.LineWrite;
import dev.zaiko.domain.port.StockLedger.ListingGuard;
import dev.zaiko.domain.port.StockLedger.StockGuard;
import dev.zaiko.domain.port.StockLedger.StockWrite;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one application service that changes stock: order events, seller adjustments and listing
 * mappings all go through it, so invariants 1-5 hold whoever the caller is (ledger Lambda, webhook
 * Lambda, CLI, console).
 *
 * <p>Every change is decided from the ledger's current state and committed conditionally on
 * exactly that state (versions and revisions). Nothing reads then writes blindly: a decision made
 * on stale data fails its condition and is decided again. To keep the hot path at one round trip,
 * this service remembers the stock levels and listings it last saw; the conditions make a stale
 * memory harmless, and one container never races itself for a SKU because writes to a SKU are
 * serialised here per SKU.
 */
public final class LedgerService {
    private static final int MAX_ATTEMPTS = 40;
    /**
     * How long one batch (or one event outside a batch) keeps deciding again on transaction
     * conflicts, with jittered exponential backoff, before what is left is failed back to its queue:
     * inside the ledger function's 30 s timeout. Wall time on purpose: a conflict storm is real
     * time, whatever clock the business rules use.
     */
    static final Duration CONFLICT_BUDGET = Duration.ofSeconds(20);
    private static final long BACKOFF_BASE_MILLIS = 2;
    private static final long BACKOFF_CAP_MILLIS = 500;

    private final StockLedger ledger;
    private final PushRequester pushes;
    private final Clock clock;

    private final ConcurrentHashMap<String, ReentrantLock> skuLocks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StockLevel> stockSeen = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ListingKey, Listing> listingsSeen = new ConcurrentHashMap<>();
    /** System.nanoTime() by which the current batch must be done deciding (see {@link #CONFLICT_BUDGET}). */
    private final ThreadLocal<Long> batchDeadline = new ThreadLocal<>();

    /**
     * SKU -> listings, for the pushes of ONE request (a batch, an adjustment): never kept across
     * requests, so a listing mapped a moment ago in another container is pushed on the next sale
     * here (issue 15 defect 10). One indexed read per SKU per batch.
     */
    private final ThreadLocal<Map<String, List<ListingKey>>> listingIndexOfRequest = new ThreadLocal<>();

    public LedgerService(StockLedger ledger, PushRequester pushes, Clock clock) {
        this.ledger = ledger;
        this.pushes = pushes;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- order events

    /** Applies one order event exactly once per state transition, however often it is delivered. */
    public ApplyResult apply(OrderEvent event) {
        if (event.action() == OrderAction.IGNORE) {
            return new ApplyResult(event, LineDecision.Outcome.IGNORED, Optional.empty(), Set.of(), Set.of());
        }
        // A reserve is almost always the first sight of its line: assume so and let the commit's
        // condition say otherwise. A cancel has to know what the line took, so it reads.
        Optional<OrderLine> line = event.action() == OrderAction.CANCEL
                ? ledger.findLine(event.lineKey())
                : Optional.empty();
        // A cancel restores what the line took, whatever the listing is mapped to now.
        Optional<Listing> listing = event.action() == OrderAction.RESERVE
                ? listing(event.listingKey())
                : Optional.empty();

        long deadline = deadline();
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1 && System.nanoTime() - deadline > 0) {
                break;
            }
            Set<String> skus = skusTouched(line, listing);
            List<ReentrantLock> held = lock(skus);
            try {
                Map<String, StockLevel> stock = stockLevels(skus);
                LineDecision decision = LineRules.decide(line, event, listing, stock, clock.instant());
                Set<String> related = new TreeSet<>(skus);
                if (decision instanceof LineDecision.NoChange noChange) {
                    return new ApplyResult(event, noChange.outcome(), line, Set.of(), related);
                }
                LineDecision.Transition transition = (LineDecision.Transition) decision;
                Map<String, StockWrite> writes = stockWrites(transition.stockDeltas(), stock);
                boolean guardListing = listing.isPresent() && transition.outcome() != LineDecision.Outcome.UNMAPPED
                        && transition.outcome() != LineDecision.Outcome.TOMBSTONE
                        && transition.outcome() != LineDecision.Outcome.CANCELLED;
                // An UNMAPPED line holds only while the listing is still unmapped: a mapping saved
                // since fails the commit, and the line is decided again against it (defect 13).
                Optional<ListingGuard> listingGuard = transition.outcome() == LineDecision.Outcome.UNMAPPED
                        ? Optional.of(ListingGuard.unmapped(event.listingKey()))
                        : guardListing ? Optional.of(new ListingGuard(listing.get().key(), listing.get().version()))
                        : Optional.empty();
                // An oversold line takes nothing of a short component, so nothing writes it: guard the
                // levels the decision read, or a remembered level that went stale (restocked by
                // another writer: the FBA sync, an adjustment in another container) would let the line
                // be marked OVERSOLD wrongly. The guard costs no extra round trip.
                List<StockGuard> guards = new ArrayList<>();
                if (transition.newLine().state() == LineState.OVERSOLD) {
                    for (String sku : skus) {
                        if (!writes.containsKey(sku)) {
                            guards.add(new StockGuard(sku, Optional.ofNullable(stock.get(sku)).map(StockLevel::version)));
                        }
                    }
                }
                LedgerCommit commit = new LedgerCommit(
                        Optional.of(new LineWrite(transition.newLine(), line.map(OrderLine::revision).orElse(0L))),
                        listingGuard,
                        List.copyOf(writes.values()),
                        journal(writes.values(), transition.reason(), ChangeSource.order(event)),
                        guards);
                CommitResult result = ledger.commit(commit);
                if (result instanceof CommitResult.Committed) {
                    writes.values().forEach(w -> stockSeen.put(w.after().sku(), w.after()));
                    return new ApplyResult(event, transition.outcome(), Optional.of(transition.newLine()),
                            writes.keySet(), related);
                }
                CommitResult.Conflict conflict = (CommitResult.Conflict) result;
                absorb(conflict, skus);
                if (conflict.lineChanged()) {
                    line = conflict.currentLine().isPresent() ? conflict.currentLine()
                            : ledger.findLine(event.lineKey());
                }
                if (conflict.listingChanged()) {
                    listingsSeen.remove(event.listingKey());
                    listing = listing(event.listingKey());
                }
                if (conflict.transientConflict()) {
                    backOff(attempt, deadline);
                }
            } finally {
                held.forEach(ReentrantLock::unlock);
            }
        }
        throw new LedgerConflictException("gave up on " + event.reference() + " after " + CONFLICT_BUDGET.toSeconds()
                + " s of conflicting attempts; it will be retried");
    }

    /**
     * Applies a batch, then requests one push per affected listing for the whole batch (a burst
     * of orders on one SKU becomes one request per listing, not one per order). A delivery that
     * cannot be applied now is reported as failed and the others go on; if the push requests
     * cannot be queued, every delivery that changed stock is failed too, so its redelivery
     * requests them again.
     *
     * <p>Whether to push follows from what the store says changed, not from whether the delivery
     * looks new: an event whose change is already in the store (DUPLICATE, FINAL) pushes its line's
     * SKUs again, since its first delivery may have died between the commit and the push request,
     * or failed only its push request (pushes carry no quantity: an extra one is cheap).
     *
     * <p>Reserves of one batch for listings of the same SKUs are decided together, in order, and
     * committed as one transaction (see {@link #applyTogether}): on a hot SKU ten orders cost one
     * conditional write of the SKU instead of ten that conflict with each other.
     */
    public BatchResult applyBatch(List<Delivery> deliveries) {
        listingIndexOfRequest.set(new HashMap<>());
        batchDeadline.set(System.nanoTime() + CONFLICT_BUDGET.toNanos());
        try {
            return applyBatchNow(deliveries);
        } finally {
            listingIndexOfRequest.remove();
            batchDeadline.remove();
        }
    }

    /** The batch's deadline, or one budget from now for a single event outside a batch. */
    private long deadline() {
        Long batch = batchDeadline.get();
        return batch != null ? batch : System.nanoTime() + CONFLICT_BUDGET.toNanos();
    }

    private BatchResult applyBatchNow(List<Delivery> deliveries) {
        int n = deliveries.size();
        ApplyResult[] results = new ApplyResult[n];
        RuntimeException[] errors = new RuntimeException[n];
        applyInGroups(deliveries, results, errors);

        List<ApplyResult> applied = new ArrayList<>();
        List<BatchResult.Failure> failed = new ArrayList<>();
        List<Delivery> pushing = new ArrayList<>();
        Set<String> skusToPush = new TreeSet<>();
        Set<ListingKey> listingsToPush = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            Delivery delivery = deliveries.get(i);
            if (errors[i] != null) {
                failed.add(new BatchResult.Failure(delivery.id(), delivery.event().reference() + ": " + errors[i]));
                continue;
            }
            ApplyResult result = results[i];
            applied.add(result);
            skusToPush.addAll(result.changedSkus());
            boolean alreadyInStore = result.outcome() == LineDecision.Outcome.DUPLICATE
                    || result.outcome() == LineDecision.Outcome.FINAL;
            if (alreadyInStore || delivery.redelivered()) {
                skusToPush.addAll(result.relatedSkus());
            }
            boolean cancelled = result.outcome() == LineDecision.Outcome.CANCELLED
                    || result.outcome() == LineDecision.Outcome.TOMBSTONE;
            if (cancelled && result.changedSkus().isEmpty()) {
                // The mall put the cancelled units back on its own display although we had not
                // taken them (an oversold or unmapped line): write the ledger's number over it.
                listingsToPush.add(delivery.event().listingKey());
            }
            if (!result.changedSkus().isEmpty() || alreadyInStore || delivery.redelivered() || cancelled) {
                pushing.add(delivery);
            }
        }
        try {
            requestPushes(skusToPush);
            if (!listingsToPush.isEmpty()) {
                requestListingPushes(listingsToPush);
            }
        } catch (RuntimeException e) {
            for (Delivery delivery : pushing) {
                failed.add(new BatchResult.Failure(delivery.id(), "push request failed: " + e));
            }
        }
        return new BatchResult(applied, failed);
    }

    /**
     * Runs the batch in its order, except that consecutive reserves for mapped listings of the same
     * SKUs wait in a group and are committed together. A group is flushed before any event that
     * is not groupable (a cancel, an unmapped listing, a line twice in the batch) and before a
     * reserve whose SKUs overlap it differently (a set sharing a component), so every SKU still sees
     * the batch's events in order.
     */
    private void applyInGroups(List<Delivery> deliveries, ApplyResult[] results, RuntimeException[] errors) {
        Map<String, Integer> lineCounts = new HashMap<>();
        deliveries.forEach(d -> lineCounts.merge(d.event().lineKey(), 1, Integer::sum));
        boolean grouping = ledger.maxCommitItems() > 0 && deliveries.size() > 1;
        Map<Set<String>, List<Integer>> pending = new LinkedHashMap<>();
        for (int i = 0; i < deliveries.size(); i++) {
            OrderEvent event = deliveries.get(i).event();
            Optional<Set<String>> key = Optional.empty();
            if (grouping && event.action() == OrderAction.RESERVE && lineCounts.get(event.lineKey()) == 1) {
                try {
                    key = listing(event.listingKey()).map(l -> (Set<String>) new TreeSet<>(l.skus()));
                } catch (RuntimeException unreadable) {
                    key = Optional.empty();
                }
            }
            if (key.isEmpty()) {
                flush(deliveries, pending, results, errors);
                applyOne(deliveries, i, results, errors);
                continue;
            }
            Set<String> skus = key.get();
            boolean overlapsDifferently = pending.keySet().stream()
                    .anyMatch(other -> !other.equals(skus) && other.stream().anyMatch(skus::contains));
            if (overlapsDifferently) {
                flush(deliveries, pending, results, errors);
            }
            pending.computeIfAbsent(skus, k -> new ArrayList<>()).add(i);
        }
        flush(deliveries, pending, results, errors);
    }

    private void flush(List<Delivery> deliveries, Map<Set<String>, List<Integer>> pending, ApplyResult[] results,
                       RuntimeException[] errors) {
        for (Map.Entry<Set<String>, List<Integer>> group : pending.entrySet()) {
            if (group.getValue().size() == 1) {
                applyOne(deliveries, group.getValue().get(0), results, errors);
            } else {
                applyTogether(deliveries, group.getKey(), group.getValue(), results, errors);
            }
        }
        pending.clear();
    }

    private void applyOne(List<Delivery> deliveries, int index, ApplyResult[] results, RuntimeException[] errors) {
        try {
            results[index] = apply(deliveries.get(index).event());
        } catch (RuntimeException e) {
            errors[index] = e;
        }
    }

    /**
     * First sightings of reserves for listings of the same SKUs, decided in order against the stock
     * in memory (each line sees what the previous ones left) and committed as ONE transaction: one
     * conditional write per SKU with the total taken (versions v..v+k, journal entries v+1..v+k),
     * every line insert-if-absent, every listing guarded. Split where the store's transaction size
     * demands it. On any conflict (a line already there, another container's write, a changed
     * mapping) the rest of the group is applied one by one, which decides each from the store.
     */
    private void applyTogether(List<Delivery> deliveries, Set<String> skus, List<Integer> group,
                               ApplyResult[] results, RuntimeException[] errors) {
        int decidedUpTo = 0;
        long deadline = deadline();
        List<ReentrantLock> held = lock(skus);
        try {
            // A conflict on stock alone (another container took units first) is decided again at
            // once on the levels the store returned; anything else goes one by one.
            for (int attempt = 1; decidedUpTo < group.size(); attempt++) {
                GroupOutcome outcome = decideAndCommit(deliveries, skus, group, decidedUpTo, results);
                decidedUpTo = outcome.decidedUpTo();
                if (!outcome.stockConflict() || System.nanoTime() - deadline > 0) {
                    break;
                }
                if (outcome.transientConflict()) {
                    backOff(attempt, deadline);
                }
            }
        } catch (RuntimeException groupFailed) {
            // Whatever went wrong with the group (a store refusing the transaction's shape), the
            // events not committed yet are applied one by one below, each with its own outcome.
        } finally {
            held.forEach(ReentrantLock::unlock);
        }
        for (int g = decidedUpTo; g < group.size(); g++) {
            applyOne(deliveries, group.get(g), results, errors);
        }
    }

    /**
     * @param decidedUpTo     events of the group committed so far
     * @param stockConflict   stopped on a conflict that only stock caused (decide the rest again)
     */
    private record GroupOutcome(int decidedUpTo, boolean stockConflict, boolean transientConflict) {
    }

    private GroupOutcome decideAndCommit(List<Delivery> deliveries, Set<String> skus, List<Integer> group,
                                         int decidedUpTo, ApplyResult[] results) {
        Map<String, StockLevel> stock = new HashMap<>(stockLevels(skus));
        Map<String, StockLevel> committedStock = new HashMap<>(stock);
        Instant now = clock.instant();
        List<LedgerCommit> chunk = new ArrayList<>();
        List<ApplyResult> chunkResults = new ArrayList<>();
        int max = ledger.maxCommitItems();
        for (int g = decidedUpTo; g < group.size(); g++) {
            OrderEvent event = deliveries.get(group.get(g)).event();
            Optional<Listing> listing = listing(event.listingKey());
            if (listing.isEmpty() || !new TreeSet<>(listing.get().skus()).equals(skus)) {
                break;
            }
            LineDecision decision = LineRules.decide(Optional.empty(), event, listing, stock, now);
            if (!(decision instanceof LineDecision.Transition transition)
                    || (transition.outcome() != LineDecision.Outcome.RESERVED
                    && transition.outcome() != LineDecision.Outcome.OVERSOLD)) {
                break;
            }
            Map<String, StockWrite> writes;
            try {
                writes = stockWrites(transition.stockDeltas(), stock);
            } catch (StockRuleException missingSku) {
                break;
            }
            List<StockGuard> guards = new ArrayList<>();
            if (transition.outcome() == LineDecision.Outcome.OVERSOLD) {
                for (String sku : skus) {
                    if (!writes.containsKey(sku)) {
                        guards.add(new StockGuard(sku, Optional.ofNullable(stock.get(sku)).map(StockLevel::version)));
                    }
                }
            }
            LedgerCommit commit = new LedgerCommit(
                    Optional.of(new LineWrite(transition.newLine(), 0)),
                    Optional.of(new ListingGuard(listing.get().key(), listing.get().version())),
                    List.copyOf(writes.values()),
                    journal(writes.values(), transition.reason(), ChangeSource.order(event)),
                    guards);
            List<LedgerCommit> candidate = new ArrayList<>(chunk);
            candidate.add(commit);
            if (!chunk.isEmpty() && StockLedger.Merged.of(candidate).items() > max) {
                Optional<CommitResult.Conflict> conflict = commitChunk(chunk, chunkResults, committedStock, stock,
                        group, decidedUpTo, results, skus);
                if (conflict.isPresent()) {
                    return stop(decidedUpTo, conflict.get());
                }
                decidedUpTo += chunk.size();
                chunk.clear();
                chunkResults.clear();
                committedStock = new HashMap<>(stock);
            }
            chunk.add(commit);
            writes.values().forEach(w -> stock.put(w.after().sku(), w.after()));
            chunkResults.add(new ApplyResult(event, transition.outcome(), Optional.of(transition.newLine()),
                    writes.keySet(), skus));
        }
        if (!chunk.isEmpty()) {
            Optional<CommitResult.Conflict> conflict = commitChunk(chunk, chunkResults, committedStock, stock, group,
                    decidedUpTo, results, skus);
            if (conflict.isPresent()) {
                return stop(decidedUpTo, conflict.get());
            }
            decidedUpTo += chunk.size();
        }
        return new GroupOutcome(decidedUpTo, false, false);
    }

    private static GroupOutcome stop(int decidedUpTo, CommitResult.Conflict conflict) {
        boolean stockOnly = !conflict.lineChanged() && !conflict.listingChanged();
        return new GroupOutcome(decidedUpTo, stockOnly, conflict.transientConflict());
    }

    /** Commits one chunk of a group; the conflict, if any (what the store said is remembered). */
    private Optional<CommitResult.Conflict> commitChunk(List<LedgerCommit> chunk, List<ApplyResult> chunkResults,
                                                        Map<String, StockLevel> before, Map<String, StockLevel> after,
                                                        List<Integer> group, int firstOfChunk, ApplyResult[] results,
                                                        Set<String> skus) {
        CommitResult result = chunk.size() == 1 ? ledger.commit(chunk.get(0)) : ledger.commitAll(List.copyOf(chunk));
        if (result instanceof CommitResult.Conflict conflict) {
            if (conflict.currentStock().isEmpty()) {
                before.keySet().forEach(stockSeen::remove);
            }
            absorb(conflict, skus);
            return Optional.of(conflict);
        }
        for (String sku : skus) {
            StockLevel level = after.get(sku);
            if (level != null && !level.equals(before.get(sku))) {
                stockSeen.put(sku, level);
            }
        }
        for (int c = 0; c < chunkResults.size(); c++) {
            results[group.get(firstOfChunk + c)] = chunkResults.get(c);
        }
        return Optional.empty();
    }

    /**
     * SKUs whose stock the event may change: the listing's components on a reserve, what the line
     * took on a cancel (which may differ from the current mapping).
     */
    private static Set<String> skusTouched(Optional<OrderLine> line, Optional<Listing> listing) {
        Set<String> skus = new TreeSet<>();
        line.ifPresent(l -> skus.addAll(l.taken().keySet()));
        // A revision may take more of a component the line is short of (it took none of it).
        line.ifPresent(l -> skus.addAll(l.shortfall().keySet()));
        if (line.isEmpty() || line.get().state() == LineState.UNMAPPED) {
            listing.ifPresent(l -> skus.addAll(l.skus()));
        }
        return skus;
    }

    // ---------------------------------------------------------------- seller adjustments

    /** Sets, adds or subtracts stock, or sets safety stock, journaled with its source. */
    public AdjustResult adjust(String sku, StockAdjustment adjustment, ChangeSource source) {
        Validation.sku(sku);
        AdjustResult result = adjustLocked(sku, adjustment, source, Optional.empty(), Optional.empty(),
                Optional.empty());
        if (result.changed()) {
            requestPushes(Set.of(sku));
        }
        return result;
    }

    /** Creates or updates a SKU with its details (JAN, name) and an absolute available count. */
    public AdjustResult define(String sku, long available, Optional<Long> safetyStock, Optional<String> jan,
                               Optional<String> name, ChangeSource source) {
        Validation.sku(sku);
        safetyStock.ifPresent(v -> Validation.nonNegative(v, "safetyStock", Validation.MAX_STOCK));
        // One write (and one journal entry) for the count and the safety stock together: a 10,000-row
        // CSV import is 10,000 transactions, not 20,000.
        AdjustResult result = adjustLocked(sku, new StockAdjustment.SetAvailable(available), source, jan, name,
                safetyStock);
        if (result.changed()) {
            requestPushes(Set.of(sku));
        }
        return result;
    }

    private AdjustResult adjustLocked(String sku, StockAdjustment adjustment, ChangeSource source,
                                      Optional<String> jan, Optional<String> name, Optional<Long> safetyStock) {
        List<ReentrantLock> held = lock(Set.of(sku));
        boolean readFresh = false;
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Optional<StockLevel> before = Optional.ofNullable(stockLevels(Set.of(sku)).get(sku));
                StockLevel after;
                try {
                    after = adjusted(sku, before, adjustment, jan, name, safetyStock);
                } catch (StockRuleException refused) {
                    if (readFresh) {
                        throw refused;
                    }
                    // Refused on a remembered level: another container may have changed it. Ask the store.
                    stockSeen.remove(sku);
                    readFresh = true;
                    continue;
                }
                if (before.isPresent() && before.get().equals(after)) {
                    return new AdjustResult(before, after);
                }
                ChangeReason reason = before.isEmpty() ? ChangeReason.STOCK_CREATED
                        : before.get().available() == after.available() && before.get().safetyStock() != after.safetyStock()
                        ? ChangeReason.SAFETY_STOCK_SET : reasonOf(adjustment);
                StockWrite write = new StockWrite(before, after);
                CommitResult result = ledger.commit(new LedgerCommit(Optional.empty(), Optional.empty(),
                        List.of(write), journal(List.of(write), reason, source)));
                if (result instanceof CommitResult.Committed) {
                    stockSeen.put(sku, after);
                    return new AdjustResult(before, after);
                }
                CommitResult.Conflict conflict = (CommitResult.Conflict) result;
                absorb(conflict, Set.of(sku));
                if (conflict.transientConflict()) {
                    backOff(attempt, System.nanoTime() + BACKOFF_CAP_MILLIS * 1_000_000);
                }
            }
        } finally {
            held.forEach(ReentrantLock::unlock);
        }
        throw new LedgerConflictException("gave up adjusting " + sku + " after " + MAX_ATTEMPTS + " attempts");
    }

    private static StockLevel adjusted(String sku, Optional<StockLevel> before, StockAdjustment adjustment,
                                       Optional<String> jan, Optional<String> name, Optional<Long> safetyStock) {
        if (before.isEmpty()) {
            if (adjustment instanceof StockAdjustment.SetAvailable set) {
                return new StockLevel(sku, set.quantity(), safetyStock.orElse(0L), 1, jan, name);
            }
            throw new StockRuleException("unknown SKU " + sku + ": only an absolute quantity can create it");
        }
        StockLevel current = before.get();
        long version = current.version() + 1;
        StockLevel next = switch (adjustment) {
            case StockAdjustment.SetAvailable set -> current.withAvailable(set.quantity(), version);
            case StockAdjustment.Add add -> {
                if (current.available() + add.quantity() > Validation.MAX_STOCK) {
                    throw new StockRuleException("adding " + add.quantity() + " to " + sku + " exceeds "
                            + Validation.MAX_STOCK);
                }
                yield current.withAvailable(current.available() + add.quantity(), version);
            }
            case StockAdjustment.Subtract subtract -> {
                if (subtract.quantity() > current.available()) {
                    throw new StockRuleException("cannot subtract " + subtract.quantity() + " from " + sku
                            + ": only " + current.available() + " available");
                }
                yield current.withAvailable(current.available() - subtract.quantity(), version);
            }
            case StockAdjustment.SetSafetyStock safety -> current.withSafetyStock(safety.quantity(), version);
        };
        if (safetyStock.isPresent()) {
            next = next.withSafetyStock(safetyStock.get(), version);
        }
        if (jan.isPresent() || name.isPresent()) {
            next = new StockLevel(sku, next.available(), next.safetyStock(), version,
                    jan.or(current::jan), name.or(current::name));
        }
        if (next.available() == current.available() && next.safetyStock() == current.safetyStock()
                && next.jan().equals(current.jan()) && next.name().equals(current.name())) {
            return current;
        }
        return next;
    }

    private static ChangeReason reasonOf(StockAdjustment adjustment) {
        return switch (adjustment) {
            case StockAdjustment.SetAvailable ignored -> ChangeReason.STOCK_SET;
            case StockAdjustment.Add ignored -> ChangeReason.STOCK_ADDED;
            case StockAdjustment.Subtract ignored -> ChangeReason.STOCK_SUBTRACTED;
            case StockAdjustment.SetSafetyStock ignored -> ChangeReason.SAFETY_STOCK_SET;
        };
    }

    // ---------------------------------------------------------------- listings

    /**
     * Maps a mall item to master SKUs. A listing already mapped to other components is refused
     * unless {@code replace}; mapping the same components again changes nothing. Order lines that
     * were kept as UNMAPPED for this listing are applied now.
     */
    public Listing mapListing(ListingKey key, List<Component> components, boolean replace) {
        Listing wanted = new Listing(key, components, 1);
        Optional<Listing> existing = ledger.findListing(key);
        if (existing.isPresent() && existing.get().sameMappingAs(wanted)) {
            listingsSeen.put(key, existing.get());
            return existing.get();
        }
        if (existing.isPresent() && !replace) {
            throw new ListingMappingException("listing " + key + " is already mapped to "
                    + describe(existing.get()) + "; use replace to map it to " + describe(wanted));
        }
        Listing saved = ledger.saveListing(key, components, existing.map(Listing::version).orElse(0L))
                .orElseThrow(() -> new ListingMappingException("listing " + key
                        + " was changed by someone else while mapping it; try again"));
        listingsSeen.put(key, saved);
        retryUnmapped(key);
        pushes.request(List.of(pushRequestFor(saved)));
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
        listingsSeen.remove(key);
        return existing;
    }

    /** Re-applies the UNMAPPED lines of one listing (after it was mapped). */
    public List<ApplyResult> retryUnmapped(ListingKey key) {
        List<ApplyResult> results = new ArrayList<>();
        Set<String> changed = new LinkedHashSet<>();
        for (OrderLine line : ledger.linesNeedingAttention(LineState.UNMAPPED, 10_000)) {
            if (!line.listingKey().equals(key)) {
                continue;
            }
            ApplyResult result = apply(new OrderEvent(line.channelId(), line.orderId(), line.lineId(),
                    line.itemKey(), line.quantity(), OrderAction.RESERVE, line.mallStatus(), line.updatedAt(),
                    EventOrigin.ADMIN).withRevision(line.mallRevision()));
            changed.addAll(result.changedSkus());
            results.add(result);
        }
        requestPushes(changed);
        return results;
    }

    private static String describe(Listing listing) {
        return listing.components().stream().map(c -> c.sku() + "x" + c.units()).toList().toString();
    }

    // ---------------------------------------------------------------- pushes

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
            listing(key).ifPresent(l -> requests.add(pushRequestFor(l)));
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

    private PushRequest pushRequestFor(Listing listing) {
        Map<String, StockLevel> levels = stockLevels(new TreeSet<>(listing.skus()));
        return new PushRequest(listing.key(), Sellable.quantity(listing, levels) == 0);
    }

    /**
     * Sellable quantity of a listing from the ledger now (strongly consistent reads, no memory), for
     * pushers and reports; empty when the listing is not mapped (any more).
     */
    public java.util.OptionalLong sellable(ListingKey key) {
        Optional<Listing> listing = ledger.findListing(key);
        return listing.isEmpty() ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(Sellable.quantity(listing.get(), ledger.readStock(listing.get().skus())));
    }

    /**
     * {@link #sellable(ListingKey)} for many listings with one batched stock read (a pusher's batch
     * of up to 250 listings costs one query per listing and a few BatchGetItem calls, not 2 calls each).
     */
    public Map<ListingKey, java.util.OptionalLong> sellable(Collection<ListingKey> keys) {
        Map<ListingKey, Optional<Listing>> listings = new LinkedHashMap<>();
        Set<String> skus = new TreeSet<>();
        for (ListingKey key : keys) {
            Optional<Listing> listing = ledger.findListing(key);
            listings.put(key, listing);
            listing.ifPresent(l -> skus.addAll(l.skus()));
        }
        Map<String, StockLevel> levels = skus.isEmpty() ? Map.of() : ledger.readStock(skus);
        Map<ListingKey, java.util.OptionalLong> sellable = new LinkedHashMap<>();
        listings.forEach((key, listing) -> sellable.put(key, listing.isEmpty() ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(Sellable.quantity(listing.get(), levels))));
        return sellable;
    }

    private List<ListingKey> listingsContaining(String sku) {
        Map<String, List<ListingKey>> ofRequest = listingIndexOfRequest.get();
        if (ofRequest == null) {
            return ledger.listingsContaining(sku);
        }
        return ofRequest.computeIfAbsent(sku, s -> List.copyOf(ledger.listingsContaining(s)));
    }

    // ---------------------------------------------------------------- internals

    private Optional<Listing> listing(ListingKey key) {
        Listing seen = listingsSeen.get(key);
        if (seen != null) {
            return Optional.of(seen);
        }
        Optional<Listing> fresh = ledger.findListing(key);
        fresh.ifPresent(l -> listingsSeen.put(key, l));
        return fresh;
    }

    private Map<String, StockLevel> stockLevels(Set<String> skus) {
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

    private void absorb(CommitResult.Conflict conflict, Set<String> skus) {
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

    private Map<String, StockWrite> stockWrites(Map<String, Long> deltas, Map<String, StockLevel> stock) {
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

    private List<JournalEntry> journal(Collection<StockWrite> writes, ChangeReason reason, ChangeSource source) {
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

    private List<ReentrantLock> lock(Set<String> skus) {
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
    private static void backOff(int attempt, long deadline) {
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
