package dev.zaiko.domain;

/** One master SKU in a listing, {@code units} of it per listing unit sold (2 for a pair set). */
public record Component(String sku, int units) {
    public static final int MAX_UNITS = 1000;

    public Component {
        sku = Validation.sku(sku);
        Validation.positiveQuantity(units, "units", MAX_UNITS);
    }
}
