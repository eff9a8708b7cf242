package dev.zaiko.domain.port;

import java.util.Collection;

/**
 * Wakes the pushers of these channels now (asynchronously), so urgent pushes never wait for a
 * schedule or a batching window. Best effort: the push queue keeps the requests if a wake-up is lost.
 */
public interface PusherTrigger {
    void wake(Collection<String> channelIds);
}
