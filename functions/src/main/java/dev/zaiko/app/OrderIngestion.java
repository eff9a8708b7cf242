package dev.zaiko.app;

import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.LedgerConflictException;
import dev.zaiko.domain.LineDecision;
import dev.zaiko.domain.LineRules;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.StockRuleException;
import dev.zaiko.domain.port.StockLedger.CommitResult;
import dev.zaiko.domain.port.StockLedger.LedgerCommit;
import dev.zaiko.domain.port.StockLedger.LineWrite;
import dev.zaiko.domain.port.StockLedger.ListingGuard;
import dev.zaiko.domain.port.StockLedger.StockGuard;
import dev.zaiko.domain.port.StockLedger.StockWrite;
import dev.zaiko.domain.port.StockLedger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Applies order events to the ledger: one event ({@link #apply}) or a queue's batch
 * ({@link #applyBatch}: reserves of the same SKUs committed together, then one push request per
 * affected listing for the whole batch). Each event changes stock exactly once per state transition
 * of its line, however often it is delivered, so invariants 1-5 hold whoever delivers it (ledger
 * Lambda, webhook Lambda, notification queue).
 *
 * <p>Every change is decided from the ledger's current state and committed conditionally on
 * exactly that state (versions and revisions). Nothing reads then writes blindly: a decision made
 * on stale data fails its condition and is decided again. To keep the hot path at one round trip,
 * the shared {@link LedgerCore} remembers the stock levels and listings last seen; the conditions
 * make a stale memory harmless, and one container never races itself for a SKU because writes to a
 * SKU are serialised there per SKU.
 */
public final class OrderIngestion {
    /**
     * How long one batch (or one event outside a batch) keeps deciding again on transaction
     * conflicts, with jittered exponential backoff, before what is left is failed back to its queue:
     * inside the ledger function's 30 s timeout. Wall time on purpose: a conflict storm is real
     * time, whatever clock the business rules use.
     */
    static final Duration CONFLICT_BUDGET = Duration.ofSeconds(20);

    private final LedgerCore core;
    private final StockLedger ledger;
    private final Clock clock;
    private final PushRequests pushes;
    /** System.nanoTime() by which the current batch must be done deciding (see {@link #CONFLICT_BUDGET}). */
    private final ThreadLocal<Long> batchDeadline = new ThreadLocal<>();

    OrderIngestion(LedgerCore core, PushRequests pushes) {
        this.core = core;
        this.ledger = core.ledger;
        this.clock = core.clock;
        this.pushes = pushes;
    }

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
                ? core.listing(event.listingKey())
                : Optional.empty();

        long deadline = deadline();
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1 && System.nanoTime() - deadline > 0) {
                break;
            }
            Set<String> skus = skusTouched(line, listing);
            List<ReentrantLock> held = core.lock(skus);
            try {
                Map<String, StockLevel> stock = core.stockLevels(skus);
                LineDecision decision = LineRules.decide(line, event, listing, stock, clock.instant());
                Set<String> related = new TreeSet<>(skus);
                if (decision instanceof LineDecision.NoChange noChange) {
                    return new ApplyResult(event, noChange.outcome(), line, Set.of(), related);
                }
                LineDecision.Transition transition = (LineDecision.Transition) decision;
                Map<String, StockWrite> writes = core.stockWrites(transition.stockDeltas(), stock);
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
                        Optional.of(new LineWrite(transition.newLine(), line.map(OrderLine::revision).orElse(0L),
                                line.map(OrderLine::state))),
                        listingGuard,
                        List.copyOf(writes.values()),
                        core.journal(writes.values(), transition.reason(), ChangeSource.order(event)),
                        guards);
                CommitResult result = ledger.commit(commit);
                if (result instanceof CommitResult.Committed) {
                    writes.values().forEach(w -> core.rememberStock(w.after().sku(), w.after()));
                    return new ApplyResult(event, transition.outcome(), Optional.of(transition.newLine()),
                            writes.keySet(), related);
                }
                CommitResult.Conflict conflict = (CommitResult.Conflict) result;
                core.absorb(conflict, skus);
                if (conflict.lineChanged()) {
                    line = conflict.currentLine().isPresent() ? conflict.currentLine()
                            : ledger.findLine(event.lineKey());
                }
                if (conflict.listingChanged()) {
                    core.forgetListing(event.listingKey());
                    listing = core.listing(event.listingKey());
                }
                if (conflict.transientConflict()) {
                    LedgerCore.backOff(attempt, deadline);
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
        return pushes.withinOneRequest(() -> {
            batchDeadline.set(System.nanoTime() + CONFLICT_BUDGET.toNanos());
            try {
                return applyBatchNow(deliveries);
            } finally {
                batchDeadline.remove();
            }
        });
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
            pushes.requestPushes(skusToPush);
            if (!listingsToPush.isEmpty()) {
                pushes.requestListingPushes(listingsToPush);
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
                    key = core.listing(event.listingKey()).map(l -> (Set<String>) new TreeSet<>(l.skus()));
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
        List<ReentrantLock> held = core.lock(skus);
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
                    LedgerCore.backOff(attempt, deadline);
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
        Map<String, StockLevel> stock = new HashMap<>(core.stockLevels(skus));
        Map<String, StockLevel> committedStock = new HashMap<>(stock);
        Instant now = clock.instant();
        List<LedgerCommit> chunk = new ArrayList<>();
        List<ApplyResult> chunkResults = new ArrayList<>();
        int max = ledger.maxCommitItems();
        for (int g = decidedUpTo; g < group.size(); g++) {
            OrderEvent event = deliveries.get(group.get(g)).event();
            Optional<Listing> listing = core.listing(event.listingKey());
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
                writes = core.stockWrites(transition.stockDeltas(), stock);
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
                    core.journal(writes.values(), transition.reason(), ChangeSource.order(event)),
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
                before.keySet().forEach(core::forgetStock);
            }
            core.absorb(conflict, skus);
            return Optional.of(conflict);
        }
        for (String sku : skus) {
            StockLevel level = after.get(sku);
            if (level != null && !level.equals(before.get(sku))) {
                core.rememberStock(sku, level);
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
}
