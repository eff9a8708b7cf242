package dev.zaiko.domain.port;

import java.util.Collection;

/**
 * Wakes the pushers of these channels now (asynchronously), so urgent pushes never wait for a
 * schedule or a batching window. Best effort: the push queue keeps the requests if a wake-up is lost.
 */
public interface PusherTrigger {
    /** Wake-ups that failed (the queue still holds their requests); exposed for logs and tests. */
    java.util.concurrent.atomic.AtomicLong LOST_WAKEUPS = new java.util.concurrent.atomic.AtomicLong();

    void wake(Collection<String> channelIds);
}
