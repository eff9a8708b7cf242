package dev.zaiko.domain;

/** A seller's change to a SKU (CLI, CSV, console); each goes through the ledger and its journal. */
public sealed interface StockAdjustment {

    /** Set available to an absolute count; creates the SKU when it does not exist yet. */
    record SetAvailable(long quantity) implements StockAdjustment {
        public SetAvailable {
            Validation.nonNegative(quantity, "quantity", Validation.MAX_STOCK);
        }
    }

    record Add(long quantity) implements StockAdjustment {
        public Add {
            Validation.nonNegative(quantity, "quantity", Validation.MAX_STOCK);
        }
    }

    /** Fails, rather than clipping at 0, when fewer units are available: the seller's count is wrong. */
    record Subtract(long quantity) implements StockAdjustment {
        public Subtract {
            Validation.nonNegative(quantity, "quantity", Validation.MAX_STOCK);
        }
    }

    record SetSafetyStock(long quantity) implements StockAdjustment {
        public SetSafetyStock {
            Validation.nonNegative(quantity, "safetyStock", Validation.MAX_STOCK);
        }
    }
}
