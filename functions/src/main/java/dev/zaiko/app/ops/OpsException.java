package dev.zaiko.app.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A seller operation refused as a whole; {@link Kind} tells a front end how to answer (404, 400, 409,
 * 502), {@link #code()} and {@link #params()} what to say: the console translates by the code (its
 * {@code i18n/*.json} has an {@code error.<CODE>} text with {@code {param}} placeholders), so the
 * English {@link #getMessage()} is only a fallback and a log line.
 */
public class OpsException extends RuntimeException {
    public enum Kind { NOT_FOUND, BAD_REQUEST, CONFLICT, CHANNEL_FAILED }

    private final Kind kind;
    private final String code;
    private final Map<String, String> params;

    /** A refusal without a specific code: the code is the kind's name. */
    public OpsException(Kind kind, String message) {
        this(kind, kind.name(), Map.of(), message);
    }

    /**
     * @param code   stable, UPPER_SNAKE (e.g. {@code UNKNOWN_SKU}); never reworded once published
     * @param params the values the translated text needs (e.g. {@code sku}), as text
     */
    public OpsException(Kind kind, String code, Map<String, ?> params, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = Objects.requireNonNull(code, "code");
        Map<String, String> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> copy.put(k, String.valueOf(v)));
        this.params = java.util.Collections.unmodifiableMap(copy);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public Map<String, String> params() {
        return params;
    }

    /** The usual refusal: a SKU the ledger does not have. */
    public static OpsException unknownSku(String sku) {
        return new OpsException(Kind.NOT_FOUND, "UNKNOWN_SKU", Map.of("sku", sku), "no SKU " + sku + " in the ledger");
    }

    /** A channel id this deployment does not sync. */
    public static OpsException unknownChannel(String channelId, java.util.Collection<String> known) {
        return new OpsException(Kind.NOT_FOUND, "UNKNOWN_CHANNEL", Map.of("channel", channelId,
                "channels", String.join(", ", known)), "unknown channel '" + channelId + "' (channels: "
                + String.join(", ", known) + ")");
    }
}
