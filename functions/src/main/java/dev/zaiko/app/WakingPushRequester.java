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
    private final java.util.function.BiConsumer<java.util.Set<String>, RuntimeException> lostWakeUp;

    /** @param lostWakeUp told about a wake-up that failed (the requests are queued; the next poll wakes them) */
    public WakingPushRequester(PushRequester queue, PusherTrigger trigger,
                               java.util.function.BiConsumer<java.util.Set<String>, RuntimeException> lostWakeUp) {
        this.queue = queue;
        this.trigger = trigger;
        this.lostWakeUp = lostWakeUp;
    }

    public WakingPushRequester(PushRequester queue, PusherTrigger trigger) {
        this(queue, trigger, (channels, e) -> System.err.println("pusher wake-up for " + channels + " failed: " + e));
    }

    @Override
    public void request(List<PushRequest> requests) {
        queue.request(requests);
        Set<String> channels = new LinkedHashSet<>();
        requests.forEach(r -> channels.add(r.listing().channelId()));
        try {
            trigger.wake(channels);
        } catch (RuntimeException e) {
            // Best effort by design (see class comment): the requests are safely queued.
            lostWakeUp.accept(channels, e);
        }
    }
}
