package dev.zaiko.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A master SKU's stock as the ledger holds it.
 *
 * @param available   units on the shelf not yet promised to an order; never below 0
 * @param safetyStock units held back from every mall (安全在庫)
 * @param version     increases with every change; the journal is keyed by it
 */
public record StockLevel(String sku, long available, long safetyStock, long version,
                         Optional<String> jan, Optional<String> name) {
    public StockLevel {
        sku = Validation.sku(sku);
        if (available < 0) {
            throw new IllegalStateException("available of " + sku + " is negative: " + available);
        }
        Validation.nonNegative(safetyStock, "safetyStock", Validation.MAX_STOCK);
        Objects.requireNonNull(jan, "jan");
        Objects.requireNonNull(name, "name");
    }

    /** What every mall may show of this SKU alone. */
    public long sellableUnits() {
        return Math.max(0, available - safetyStock);
    }

    public StockLevel withAvailable(long newAvailable, long newVersion) {
        return new StockLevel(sku, newAvailable, safetyStock, newVersion, jan, name);
    }

    public StockLevel withSafetyStock(long newSafetyStock, long newVersion) {
        return new StockLevel(sku, available, newSafetyStock, newVersion, jan, name);
    }
}
