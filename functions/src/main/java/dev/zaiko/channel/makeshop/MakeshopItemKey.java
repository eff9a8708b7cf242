package dev.zaiko.channel.makeshop;

import java.util.Optional;

/**
 * A makeshop listing as an item key: the product's {@code systemCode} (商品番号, what basket lines call
 * {@code productCode}), and for a variation also its {@code variationCustomCode}, joined by
 * {@value #SEPARATOR}: {@code 000000002443} or {@code 000000002443:RED-M}.
 */
record MakeshopItemKey(String systemCode, Optional<String> variationCode) {
    static final char SEPARATOR = ':';

    static MakeshopItemKey parse(String itemKey) {
        int at = itemKey.indexOf(SEPARATOR);
        return at < 0 ? new MakeshopItemKey(itemKey, Optional.empty())
                : new MakeshopItemKey(itemKey.substring(0, at), Optional.of(itemKey.substring(at + 1)));
    }

    static String of(String systemCode, String variationCode) {
        return variationCode == null || variationCode.isBlank() ? systemCode : systemCode + SEPARATOR + variationCode;
    }

    String asString() {
        return of(systemCode, variationCode.orElse(null));
    }
}
