package dev.zaiko.app;

import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.port.PushQueue;
import dev.zaiko.domain.port.PusherTrigger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One scheduled run of a channel's poller. EventBridge Scheduler fires at most once a minute, so a
 * channel configured for e.g. 15 s polls four times within the run: detection lag is bounded by
 * the configured interval, not by the scheduler. After each poll, a push queue that still holds
 * requests wakes the pusher: the fallback for wake-ups that were lost and for retries whose
 * backoff has passed.
 */
public final class ChannelPoller {
    public interface Pause {
        void until(Instant instant) throws InterruptedException;
    }

    private final PollService polls;
    private final PusherTrigger pushers;
    private final Clock clock;
    private final Pause pause;

    public ChannelPoller(PollService polls, PusherTrigger pushers, Clock clock, Pause pause) {
        this.polls = polls;
        this.pushers = pushers;
        this.clock = clock;
        this.pause = pause;
    }

    /**
     * @param runLength how long one scheduled run covers (the schedule's period, 1 minute)
     * @param remaining time left in this invocation, so the last poll never runs into the timeout
     */
    public List<PollService.PollResult> run(String channelId, Supplier<ChannelAdapter> adapter,
                                            Supplier<String> fingerprint, PushQueue pushQueue, Duration interval,
                                            Duration runLength, Supplier<Duration> remaining) {
        List<PollService.PollResult> results = new ArrayList<>();
        int rounds = (int) Math.max(1, runLength.toMillis() / Math.max(1, interval.toMillis()));
        Instant start = clock.instant();
        for (int round = 0; round < rounds; round++) {
            Instant due = start.plus(interval.multipliedBy(round));
            if (round > 0) {
                if (remaining.get().compareTo(Duration.between(clock.instant(), due).plus(interval)) < 0) {
                    break;
                }
                try {
                    pause.until(due);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Duration budget = budget(interval, remaining.get());
            results.add(polls.poll(channelId, adapter.get(), fingerprint.get(), budget));
            if (pushQueue.visibleCount() > 0) {
                pushers.wake(Set.of(channelId));
            }
        }
        return results;
    }

    /**
     * One poll asked for out of schedule (a mall shows less than the ledger): its window up to now
     * ({@link PollService#pollUpToNow}), then the pusher woken if requests wait, as after every poll.
     */
    public PollService.PollResult pollNow(String channelId, ChannelAdapter adapter, String fingerprint,
                                          PushQueue pushQueue, Duration interval, Duration remaining) {
        PollService.PollResult result = polls.pollUpToNow(channelId, adapter, fingerprint, budget(interval, remaining));
        if (pushQueue.visibleCount() > 0) {
            pushers.wake(Set.of(channelId));
        }
        return result;
    }

    /** Time kept back from the invocation's end for enqueueing, saving the resume point and the push wake-up. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(15);

    /**
     * A poll's budget: 80 % of the interval, but always ending {@link #SAFETY_MARGIN} before the
     * invocation's timeout (a 2-minute interval would otherwise get 96 s in a 60 s function); an
     * unfinished window resumes next run from its saved page token.
     */
    static Duration budget(Duration interval, Duration remaining) {
        Duration wanted = interval.multipliedBy(8).dividedBy(10);
        Duration allowed = remaining.minus(SAFETY_MARGIN);
        Duration budget = wanted.compareTo(allowed) < 0 ? wanted : allowed;
        return budget.isNegative() || budget.isZero() ? Duration.ofSeconds(1) : budget;
    }
}
