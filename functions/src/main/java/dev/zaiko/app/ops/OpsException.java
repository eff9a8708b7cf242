package dev.zaiko.app.ops;

/** A seller operation refused as a whole; {@link Kind} tells a front end how to answer (404, 400, 409, 502). */
public class OpsException extends RuntimeException {
    public enum Kind { NOT_FOUND, BAD_REQUEST, CONFLICT, CHANNEL_FAILED }

    private final Kind kind;

    public OpsException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
