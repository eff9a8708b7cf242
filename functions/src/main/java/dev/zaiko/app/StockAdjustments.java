package dev.zaiko.app;

import dev.zaiko.domain.ChangeReason;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.LedgerConflictException;
import dev.zaiko.domain.StockAdjustment;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.StockRuleException;
import dev.zaiko.domain.Validation;
import dev.zaiko.domain.port.StockLedger.CommitResult;
import dev.zaiko.domain.port.StockLedger.LedgerCommit;
import dev.zaiko.domain.port.StockLedger.StockWrite;
import dev.zaiko.domain.port.StockLedger;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The seller's changes to stock: set, add or subtract units, set safety stock, define a SKU with its
 * details. Each is one conditional write with its journal entry, serialised with order events on the
 * same SKU (through the shared {@link LedgerCore}), and asks the SKU's listings to be pushed when it
 * changed something.
 */
public final class StockAdjustments {
    private static final int MAX_ATTEMPTS = 40;

    private final LedgerCore core;
    private final StockLedger ledger;
    private final PushRequests pushes;

    StockAdjustments(LedgerCore core, PushRequests pushes) {
        this.core = core;
        this.ledger = core.ledger;
        this.pushes = pushes;
    }

    /** Sets, adds or subtracts stock, or sets safety stock, journaled with its source. */
    public AdjustResult adjust(String sku, StockAdjustment adjustment, ChangeSource source) {
        Validation.sku(sku);
        AdjustResult result = adjustLocked(sku, adjustment, source, Optional.empty(), Optional.empty(),
                Optional.empty());
        if (result.changed()) {
            pushes.requestPushes(Set.of(sku));
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
            pushes.requestPushes(Set.of(sku));
        }
        return result;
    }

    private AdjustResult adjustLocked(String sku, StockAdjustment adjustment, ChangeSource source,
                                      Optional<String> jan, Optional<String> name, Optional<Long> safetyStock) {
        List<ReentrantLock> held = core.lock(Set.of(sku));
        boolean readFresh = false;
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Optional<StockLevel> before = Optional.ofNullable(core.stockLevels(Set.of(sku)).get(sku));
                StockLevel after;
                try {
                    after = adjusted(sku, before, adjustment, jan, name, safetyStock);
                } catch (StockRuleException refused) {
                    if (readFresh) {
                        throw refused;
                    }
                    // Refused on a remembered level: another container may have changed it. Ask the store.
                    core.forgetStock(sku);
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
                        List.of(write), core.journal(List.of(write), reason, source)));
                if (result instanceof CommitResult.Committed) {
                    core.rememberStock(sku, after);
                    return new AdjustResult(before, after);
                }
                CommitResult.Conflict conflict = (CommitResult.Conflict) result;
                core.absorb(conflict, Set.of(sku));
                if (conflict.transientConflict()) {
                    LedgerCore.backOff(attempt, System.nanoTime() + LedgerCore.BACKOFF_CAP_MILLIS * 1_000_000);
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
}
