package dev.zaiko.channel.yahoo;

import java.util.Optional;

/**
 * A Yahoo listing as setStock/getStock name it: {@code item_code}, or {@code item_code:sub_code} for
 * a variant. Codes travel in comma-separated lists, so a comma or whitespace can never be part of one.
 */
record YahooItemKey(String itemCode, String subCode) {

    String wire() {
        return subCode.isEmpty() ? itemCode : itemCode + ":" + subCode;
    }

    static Optional<YahooItemKey> parse(String itemKey) {
        if (itemKey.isEmpty() || itemKey.chars().anyMatch(c -> c == ',' || Character.isWhitespace(c)
                || Character.isISOControl(c))) {
            return Optional.empty();
        }
        int colon = itemKey.indexOf(':');
        String itemCode = colon < 0 ? itemKey : itemKey.substring(0, colon);
        String subCode = colon < 0 ? "" : itemKey.substring(colon + 1);
        if (itemCode.isEmpty() || (colon >= 0 && subCode.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new YahooItemKey(itemCode, subCode));
    }

    static String describeFormat() {
        return "item_code or item_code:sub_code, no commas or spaces";
    }
}
