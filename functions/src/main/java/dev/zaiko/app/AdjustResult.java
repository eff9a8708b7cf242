package dev.zaiko.app;

import dev.zaiko.domain.StockLevel;

import java.util.Optional;

/** A seller's adjustment as applied: the SKU before (empty when it was created) and after. */
public record AdjustResult(Optional<StockLevel> before, StockLevel after) {
    public boolean changed() {
        return before.isEmpty() || !before.get().equals(after);
    }
}
