package dev.zaiko.sim;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault switches of a simulator, flipped by tests and by the demo's outage scenario. Each
 * simulator answers a fault in its mall's own shape (status code, error body, headers).
 */
public final class Faults {
    private volatile boolean credentialsExpired;
    private volatile boolean maintenance;
    private volatile Duration latency = Duration.ZERO;
    private volatile Duration retryAfter = Duration.ofSeconds(1);
    private final AtomicInteger rateLimitedCalls = new AtomicInteger();
    private final AtomicInteger serverErrorCalls = new AtomicInteger();
    private final Set<String> rejectedItems = ConcurrentHashMap.newKeySet();

    /** The next {@code calls} API calls get the mall's rate-limit answer with this retry hint. */
    public Faults rateLimitNext(int calls, Duration retryAfterHint) {
        this.retryAfter = retryAfterHint;
        rateLimitedCalls.set(calls);
        return this;
    }

    /** The next {@code calls} API calls get a 5xx. */
    public Faults serverErrorNext(int calls) {
        serverErrorCalls.set(calls);
        return this;
    }

    public Faults maintenance(boolean on) {
        maintenance = on;
        return this;
    }

    public Faults credentialsExpired(boolean expired) {
        credentialsExpired = expired;
        return this;
    }

    public Faults latency(Duration perCall) {
        latency = perCall;
        return this;
    }

    /** Stock writes for this item are refused item by item (unknown/invalid listing). */
    public Faults rejectItem(String itemKey) {
        rejectedItems.add(itemKey);
        return this;
    }

    public Faults clear() {
        credentialsExpired = false;
        maintenance = false;
        latency = Duration.ZERO;
        rateLimitedCalls.set(0);
        serverErrorCalls.set(0);
        rejectedItems.clear();
        return this;
    }

    public boolean credentialsExpired() {
        return credentialsExpired;
    }

    public boolean maintenance() {
        return maintenance;
    }

    public Duration latency() {
        return latency;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean isRejected(String itemKey) {
        return rejectedItems.contains(itemKey);
    }

    /** Rate-limit answers still to give. */
    public int pendingRateLimited() {
        return rateLimitedCalls.get();
    }

    /** Consumes one pending rate-limit fault, if any. */
    boolean takeRateLimited() {
        return rateLimitedCalls.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    boolean takeServerError() {
        return serverErrorCalls.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
