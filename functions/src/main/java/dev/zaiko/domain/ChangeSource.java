package dev.zaiko.domain;

import java.util.Objects;

/**
 * Who or what changed stock, as the journal shows it: {@code order:rakuten-main/123/1},
 * {@code csv:stock.csv:12}, {@code admin:yamada}.
 */
public record ChangeSource(Kind kind, String reference) {
    public enum Kind { ORDER, CSV, ADMIN, SYSTEM }

    public ChangeSource {
        Objects.requireNonNull(kind, "kind");
        reference = Validation.text(reference, "reference", 512);
    }

    public static ChangeSource order(OrderEvent event) {
        return new ChangeSource(Kind.ORDER, event.reference());
    }

    public static ChangeSource csv(String fileName, int lineNumber) {
        return new ChangeSource(Kind.CSV, fileName + ":" + lineNumber);
    }

    public static ChangeSource admin(String user) {
        return new ChangeSource(Kind.ADMIN, user);
    }

    public static ChangeSource parse(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            return new ChangeSource(Kind.SYSTEM, value);
        }
        return new ChangeSource(Kind.valueOf(value.substring(0, colon).toUpperCase(java.util.Locale.ROOT)),
                value.substring(colon + 1));
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + reference;
    }
}
