package dev.zaiko.channel.shopify;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shopify ids. GraphQL speaks global ids ({@code gid://shopify/Order/450789469}); REST and webhooks
 * add a numeric {@code id}. We keep the numeric part as a string of digits: ids exceed 2^53, and
 * a JSON number that went through a JavaScript double on the way (one of Shopify's own webhook
 * samples) is silently rounded, while the gid string never is.
 */
final class ShopifyIds {
    private ShopifyIds() {
    }

    private static final Pattern GID = Pattern.compile("gid://shopify/([A-Za-z]+)/(\\d{1,20})(\\?.*)?");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,20}");

    /** The numeric id of a gid of the given type; empty when the text is not such a gid. */
    static Optional<String> numeric(String gid, String type) {
        if (gid == null) {
            return Optional.empty();
        }
        Matcher m = GID.matcher(gid);
        if (!m.matches() || !m.group(1).equals(type)) {
            return Optional.empty();
        }
        return Optional.of(stripZeros(m.group(2)));
    }

    static String gid(String type, String numericId) {
        return "gid://shopify/" + type + "/" + requireDigits(numericId, type + " id");
    }

    static boolean isDigits(String text) {
        return text != null && DIGITS.matcher(text).matches();
    }

    static String requireDigits(String text, String field) {
        if (!isDigits(text)) {
            throw new IllegalArgumentException(field + " must be a numeric Shopify id (got "
                    + (text == null ? "null" : '"' + text + '"') + ")");
        }
        return stripZeros(text);
    }

    /** A location option given as a gid or as its number. */
    static String locationNumeric(String option) {
        return numeric(option, "Location").orElseGet(() -> requireDigits(option, "option locationId"));
    }

    private static String stripZeros(String digits) {
        return digits.replaceFirst("^0+(?=\\d)", "");
    }
}
