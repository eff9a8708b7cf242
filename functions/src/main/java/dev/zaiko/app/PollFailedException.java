package dev.zaiko.app;

/**
 * A poll run whose mall calls failed (outage, maintenance, 5xx, throttling, network): thrown by
 * the poll handler AFTER logging and counting it, so Lambda records the invocation as failed
 * (Errors metric, on-failure destination) instead of reporting a silent success.
 */
public final class PollFailedException extends RuntimeException {
    public PollFailedException(String message) {
        super(message);
    }
}
