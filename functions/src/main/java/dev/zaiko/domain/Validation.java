package dev.zaiko.domain;

import java.util.regex.Pattern;

/** Checks shared by the domain records; every message names the field so a caller can point at it. */
public final class Validation {
    private Validation() {
    }

    /** A mall cannot sell more than this on one line; anything above is a broken payload, not an order. */
    public static final int MAX_LINE_QUANTITY = 100_000;
    /** Stock above this is a typo (an extra digit), not a shelf. */
    public static final long MAX_STOCK = 100_000_000L;

    private static final Pattern CHANNEL_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public static String channelId(String value, String field) {
        if (value == null || !CHANNEL_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 1-40 of a-z, 0-9, '-' (got " + quote(value) + ")");
        }
        return value;
    }

    public static String text(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing or blank");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " is longer than " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(field + " contains a control character");
            }
        }
        return value;
    }

    /** Keys are joined with '#': a '#' inside one would make two different lines collide. */
    public static String keyPart(String value, String field, int maxLength) {
        text(value, field, maxLength);
        if (value.indexOf('#') >= 0) {
            throw new IllegalArgumentException(field + " must not contain '#' (got " + quote(value) + ")");
        }
        return value;
    }

    public static int positiveQuantity(long value, String field, long max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(field + " must be between 1 and " + max + " (got " + value + ")");
        }
        return (int) value;
    }

    public static long nonNegative(long value, String field, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " must be between 0 and " + max + " (got " + value + ")");
        }
        return value;
    }

    public static String sku(String value) {
        return keyPart(value, "sku", 128);
    }

    private static String quote(String value) {
        return value == null ? "null" : '"' + value + '"';
    }
}
