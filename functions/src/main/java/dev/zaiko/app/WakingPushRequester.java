package dev.zaiko.app;

import dev.zaiko.domain.PushRequest;
import dev.zaiko.domain.port.PushRequester;
import dev.zaiko.domain.port.PusherTrigger;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Queues push requests, then wakes the pushers of the channels concerned at once: the queue is
 * the durable record, the wake-up is what makes a zero reach every mall within a second. A lost
 * wake-up only delays the push until the channel's next poll, which wakes a pusher whose queue
 * is not empty.
 */
public final class WakingPushRequester implements PushRequester {
    private final PushRequester queue;
    private final PusherTrigger trigger;

    public WakingPushRequester(PushRequester queue, PusherTrigger trigger) {
        this.queue = queue;
        this.trigger = trigger;
    }

    @Override
    public void request(List<PushRequest> requests) {
        queue.request(requests);
        Set<String> channels = new LinkedHashSet<>();
        requests.forEach(r -> channels.add(r.listing().channelId()));
        try {
            trigger.wake(channels);
        } catch (RuntimeException e) {
            // Best effort by design (see class comment); the requests are safely queued.
            dev.zaiko.domain.port.PusherTrigger.LOST_WAKEUPS.incrementAndGet();
        }
    }
}
