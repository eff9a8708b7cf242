package dev.zaiko.channel.rakuten;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Rakuten SKU as listings name it: {@code manageNumber:variantId}. Rakuten lower-cases the
 * manageNumber (商品管理番号) and treats variantId (SKU管理番号) case-sensitively, so two keys that
 * differ only in the manageNumber's case are the same SKU, and two that differ in the variantId's case
 * are not. Both parts allow a-z, A-Z, 0-9, '-', '_' and at most 32 bytes (Inventory API 2.0).
 */
public record RakutenItemKey(String manageNumber, String variantId) {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public RakutenItemKey {
        manageNumber = manageNumber.toLowerCase(Locale.ROOT);
    }

    /** The key in Rakuten's own spelling (manageNumber lower-cased). */
    public String canonical() {
        return manageNumber + ":" + variantId;
    }

    /** Empty when the text cannot be a Rakuten SKU at all (so the mall must not be asked). */
    public static Optional<RakutenItemKey> parse(String itemKey) {
        int colon = itemKey.indexOf(':');
        if (colon < 0 || itemKey.indexOf(':', colon + 1) >= 0) {
            return Optional.empty();
        }
        String manageNumber = itemKey.substring(0, colon);
        String variantId = itemKey.substring(colon + 1);
        if (!PART.matcher(manageNumber).matches() || !PART.matcher(variantId).matches()) {
            return Optional.empty();
        }
        return Optional.of(new RakutenItemKey(manageNumber, variantId));
    }

    public static String describeFormat() {
        return "manageNumber:variantId, each 1-32 of A-Z a-z 0-9 - _";
    }
}
