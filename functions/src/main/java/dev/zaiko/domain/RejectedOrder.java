package dev.zaiko.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * An order a mall reported that could not be normalised (an unknown status, a missing field, a
 * quantity of 0, an id we cannot key on): quarantined for the seller with why and what the mall
 * sent, while the other orders of the page go on (architecture invariant 6).
 *
 * @param orderId    the mall's order id as sent (may be one we cannot key lines on, e.g. with '#')
 * @param reason     what was wrong, naming the field
 * @param rawExcerpt the mall's own data for the order, cut to {@link #MAX_EXCERPT_BYTES} bytes of UTF-8
 */
public record RejectedOrder(String channelId, String orderId, String reason, String rawExcerpt, Instant rejectedAt) {
    public static final int MAX_EXCERPT_BYTES = 2048;
    public static final int MAX_REASON_CHARS = 1000;

    public RejectedOrder {
        channelId = Validation.channelId(channelId, "channelId");
        orderId = orderId == null || orderId.isBlank() ? "(unknown)" : cut(orderId, 256);
        reason = reason == null || reason.isBlank() ? "(no reason)" : reason.length() > MAX_REASON_CHARS
                ? reason.substring(0, MAX_REASON_CHARS) : reason;
        rawExcerpt = cut(rawExcerpt == null ? "" : rawExcerpt, MAX_EXCERPT_BYTES);
        Objects.requireNonNull(rejectedAt, "rejectedAt");
    }

    /** At most {@code maxBytes} bytes of UTF-8, never cutting a character in half. */
    static String cut(String text, int maxBytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            out.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return out.toString();
    }
}
