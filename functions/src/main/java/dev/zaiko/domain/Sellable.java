package dev.zaiko.domain;

import java.util.Map;

/** sellable(listing) = min over components of floor(max(0, available - safetyStock) / units). */
public final class Sellable {
    private Sellable() {
    }

    /** Units a mall may show; an unknown component SKU makes the listing unsellable (0), never an error. */
    public static long quantity(Listing listing, Map<String, StockLevel> levels) {
        long sellable = Long.MAX_VALUE;
        for (Component component : listing.components()) {
            StockLevel level = levels.get(component.sku());
            long units = level == null ? 0 : level.sellableUnits() / component.units();
            sellable = Math.min(sellable, units);
        }
        return sellable;
    }
}
