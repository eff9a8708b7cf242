package dev.zaiko.deployconfig;

/**
 * Seller-wide defaults for what is held back from the malls.
 *
 * @param safetyStock units of every SKU that are never offered (used for SKUs whose own
 *                    {@code safetyStock} is not set); 0 offers everything
 */
public record SafetyDefaults(int safetyStock) {
    public static final SafetyDefaults NONE = new SafetyDefaults(0);

    public SafetyDefaults {
        if (safetyStock < 0) {
            throw new IllegalArgumentException("safetyStock must be >= 0: " + safetyStock);
        }
    }
}
