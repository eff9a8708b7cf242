package dev.zaiko.domain.channel;

import dev.zaiko.domain.Validation;

import java.util.OptionalLong;

/**
 * An absolute quantity for one mall item (never a delta: invariant 4).
 *
 * @param lastPushed what we wrote last time, for malls with compare-and-set (Shopify's
 *                   {@code changeFromQuantity}); empty when unknown
 */
public record StockUpdate(String itemKey, long quantity, OptionalLong lastPushed) {
    public StockUpdate {
        Validation.text(itemKey, "itemKey", 256);
        Validation.nonNegative(quantity, "quantity", Validation.MAX_STOCK);
    }

    public StockUpdate(String itemKey, long quantity) {
        this(itemKey, quantity, OptionalLong.empty());
    }
}
