package dev.zaiko.app;

import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.OrderQueue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One poll of one channel: read the cursor, fetch orders changed in
 * [cursor − overlap, now − settle) page by page within a time budget, enqueue them, and only then
 * move the cursor. A crash before the cursor is written re-reads the same window next time; the
 * ledger's idempotency absorbs the repeats.
 */
public final class PollService {
    /** Windows overlap so an order the mall reports late (its own indexing lag) is still seen. */
    public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(5);
    /** Never ask for the last moments: malls index changes with a lag (Amazon: about 2 minutes). */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(30);
    /** How far back the first poll of a new channel looks. */
    public static final Duration FIRST_LOOKBACK = Duration.ofDays(3);
    /** Consecutive retryable failures before the channel is shown as DEGRADED. */
    public static final int DEGRADED_AFTER = 3;

    private final ChannelStates states;
    private final OrderQueue orders;
    private final Clock clock;
    private final Duration overlap;
    private final Duration settle;

    public PollService(ChannelStates states, OrderQueue orders, Clock clock, Duration overlap, Duration settle) {
        this.states = states;
        this.orders = orders;
        this.clock = clock;
        this.overlap = overlap;
        this.settle = settle;
    }

    public PollService(ChannelStates states, OrderQueue orders, Clock clock) {
        this(states, orders, clock, DEFAULT_OVERLAP, DEFAULT_SETTLE);
    }

    /** How a poll ended. */
    public sealed interface PollResult {
        /** @param complete every page of the window was enqueued and the cursor moved to {@code to} */
        record Polled(Instant from, Instant to, int pages, int events, boolean complete) implements PollResult {
        }

        /** The channel is in AUTH_ERROR with the same credentials: nothing was called. */
        record SkippedAuthError(String message) implements PollResult {
        }

        record Failed(PushStatus kind, String mallCode, String message) implements PollResult {
        }
    }

    public PollResult poll(String channelId, ChannelAdapter adapter, String credentialsFingerprint, Duration budget) {
        ChannelState state = states.get(channelId);
        Instant now = clock.instant();
        if (state.health() == ChannelHealth.AUTH_ERROR
                && state.credentialsFingerprint().equals(credentialsFingerprint)) {
            return new PollResult.SkippedAuthError(state.healthMessage());
        }
        Instant to = now.minus(settle);
        Instant from = state.cursor().map(c -> c.minus(overlap)).orElse(now.minus(FIRST_LOOKBACK));
        if (!from.isBefore(to)) {
            return new PollResult.Polled(from, to, 0, 0, true);
        }
        Instant deadline = now.plus(budget);
        Optional<String> token = Optional.empty();
        int pages = 0;
        int events = 0;
        try {
            do {
                OrderPage page = adapter.orders().fetchChanged(from, to, token);
                List<OrderEvent> pageEvents = page.events();
                if (!pageEvents.isEmpty()) {
                    orders.enqueue(pageEvents);
                }
                pages++;
                events += pageEvents.size();
                token = page.nextPageToken();
            } while (token.isPresent() && clock.instant().isBefore(deadline));
        } catch (ChannelException e) {
            return failed(channelId, state, e, credentialsFingerprint);
        }
        boolean complete = token.isEmpty();
        if (complete) {
            states.recordPoll(channelId, to, now, events);
        } else {
            // Out of time mid-window: keep the cursor; the next run re-reads the window, and the
            // ledger absorbs what this run already enqueued.
            states.recordPoll(channelId, state.cursor().orElse(from.plus(overlap)), now, events);
        }
        if (state.health() != ChannelHealth.OK) {
            states.setHealth(channelId, ChannelHealth.OK, "", "", 0, now);
        }
        return new PollResult.Polled(from, to, pages, events, complete);
    }

    private PollResult failed(String channelId, ChannelState state, ChannelException e, String fingerprint) {
        Instant now = clock.instant();
        String message = e.mallCode().isEmpty() ? e.getMessage() : e.mallCode() + ": " + e.getMessage();
        if (e.kind() == PushStatus.AUTH) {
            states.setHealth(channelId, ChannelHealth.AUTH_ERROR, message, fingerprint, 0, now);
        } else {
            int retries = state.consecutiveRetries() + 1;
            ChannelHealth health = retries >= DEGRADED_AFTER ? ChannelHealth.DEGRADED : state.health();
            states.setHealth(channelId, health == ChannelHealth.AUTH_ERROR ? ChannelHealth.DEGRADED : health,
                    message, "", retries, now);
        }
        return new PollResult.Failed(e.kind(), e.mallCode(), e.getMessage());
    }
}
