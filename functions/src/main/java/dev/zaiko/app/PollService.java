package dev.zaiko.app;

import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.PollResume;
import dev.zaiko.domain.RejectedOrder;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.OrderQueue;
import dev.zaiko.domain.port.RejectedOrders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One poll of one channel: read the cursor, fetch orders changed in
 * [cursor − overlap, now − settle) page by page within a time budget, enqueue them, and only then
 * move the cursor. A crash before the cursor is written re-reads the same window next time; the
 * ledger's idempotency absorbs the repeats.
 *
 * <p>What the mall sends is untrusted (invariant 6): an order the adapter cannot normalise comes
 * back rejected and is quarantined while the rest of its page goes on and the cursor advances. A
 * page that fails as a whole is tried again within the run with backoff; a run that still fails
 * counts, and after {@link #DEGRADED_AFTER} failed runs in a row the channel is DEGRADED.
 *
 * <p>A window that does not finish within the budget is saved with the mall's next page token
 * ({@link ChannelStates#savePollResume}) and the next run continues exactly there, so a long window
 * (a first poll, a backlog after an outage) finishes however many runs it takes.
 */
public final class PollService {
    /** Windows overlap so an order the mall reports late (its own indexing lag) is still seen. */
    public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(5);
    /** Never ask for the last moments: malls index changes with a lag (Amazon: about 2 minutes). */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(30);
    /** How far back the first poll of a new channel looks. */
    public static final Duration FIRST_LOOKBACK = Duration.ofDays(3);
    /** Consecutive failed runs before the channel is shown as DEGRADED (and alarmed). */
    public static final int DEGRADED_AFTER = 3;
    /** Attempts of one page within a run (the first and two retries, backing off 1 s, then 2 s). */
    public static final int PAGE_ATTEMPTS = 3;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    /** Waits between attempts of a page; tests pass one that moves a virtual clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ChannelStates states;
    private final OrderQueue orders;
    private final RejectedOrders quarantine;
    private final Clock clock;
    private final Duration overlap;
    private final Duration settle;
    private final Sleeper sleeper;
    /**
     * What this instance last put on the orders queue per order line (channel/order/line → the
     * event's content). Windows overlap by {@link #DEFAULT_OVERLAP}, so with one poll a minute every
     * order came back about five times, each a queue message and a ledger transaction that changed
     * nothing; during a flash sale those repeats queue up in front of the new orders and delay them.
     * An event identical to one already enqueued is not sent again: it would add nothing (the queue
     * is durable and the ledger idempotent). Best effort and bounded: a new container or an evicted
     * entry only means one harmless repeat.
     */
    private final java.util.Map<String, String> enqueued = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, String> eldest) {
                    return size() > MAX_REMEMBERED_LINES;
                }
            });
    /** Order lines remembered as enqueued (about 10 MB at most). */
    static final int MAX_REMEMBERED_LINES = 50_000;

    public PollService(ChannelStates states, OrderQueue orders, RejectedOrders quarantine, Clock clock,
                       Duration overlap, Duration settle, Sleeper sleeper) {
        this.states = states;
        this.orders = orders;
        this.quarantine = quarantine;
        this.clock = clock;
        this.overlap = overlap;
        this.settle = settle;
        this.sleeper = sleeper;
    }

    public PollService(ChannelStates states, OrderQueue orders, RejectedOrders quarantine, Clock clock,
                       Duration overlap, Duration settle) {
        this(states, orders, quarantine, clock, overlap, settle, d -> Thread.sleep(d.toMillis()));
    }

    public PollService(ChannelStates states, OrderQueue orders, RejectedOrders quarantine, Clock clock) {
        this(states, orders, quarantine, clock, DEFAULT_OVERLAP, DEFAULT_SETTLE);
    }

    /** How a poll ended. */
    public sealed interface PollResult {
        /**
         * @param complete every page of the window was enqueued and the cursor moved to {@code to}
         * @param rejected orders quarantined by this poll (the others of their pages went on)
         */
        record Polled(Instant from, Instant to, int pages, int events, boolean complete,
                      List<RejectedOrder> rejected) implements PollResult {
            public Polled {
                rejected = List.copyOf(rejected);
            }

            public Polled(Instant from, Instant to, int pages, int events, boolean complete) {
                this(from, to, pages, events, complete, List.of());
            }
        }

        /** The channel is in AUTH_ERROR with the same credentials: nothing was called. */
        record SkippedAuthError(String message) implements PollResult {
        }

        /**
         * @param failedRuns failed runs in a row, this one included
         * @param degraded   this failure made (or kept) the channel DEGRADED
         */
        record Failed(PushStatus kind, String mallCode, String message, int failedRuns, boolean degraded)
                implements PollResult {
            public Failed(PushStatus kind, String mallCode, String message) {
                this(kind, mallCode, message, 0, false);
            }
        }
    }

    public PollResult poll(String channelId, ChannelAdapter adapter, String credentialsFingerprint, Duration budget) {
        return poll(channelId, adapter, credentialsFingerprint, budget, settle);
    }

    /**
     * A poll asked for because a mall shows less than the ledger: its window runs up to now, not to
     * now − settle, because the sale that lowered the mall's number is most likely seconds old. Safe:
     * the next window starts {@link #DEFAULT_OVERLAP} before the cursor, so an order the mall indexes
     * late is still read.
     */
    public PollResult pollUpToNow(String channelId, ChannelAdapter adapter, String credentialsFingerprint,
                                  Duration budget) {
        return poll(channelId, adapter, credentialsFingerprint, budget, Duration.ZERO);
    }

    private PollResult poll(String channelId, ChannelAdapter adapter, String credentialsFingerprint, Duration budget,
                            Duration settle) {
        ChannelState state = states.get(channelId);
        Instant now = clock.instant();
        if (state.health() == ChannelHealth.AUTH_ERROR
                && state.credentialsFingerprint().equals(credentialsFingerprint)) {
            return new PollResult.SkippedAuthError(state.healthMessage());
        }
        Optional<PollResume> resume = states.pollResume(channelId);
        Instant from;
        Instant to;
        Optional<String> token;
        if (resume.isPresent()) {
            // Page tokens belong to their window: continue the saved one as it was asked.
            from = resume.get().from();
            to = resume.get().to();
            token = Optional.of(resume.get().pageToken());
        } else {
            to = now.minus(settle);
            from = state.cursor().map(c -> c.minus(overlap)).orElse(now.minus(FIRST_LOOKBACK));
            token = Optional.empty();
            if (!from.isBefore(to)) {
                return new PollResult.Polled(from, to, 0, 0, true);
            }
        }
        Instant deadline = now.plus(budget);
        int pages = 0;
        int events = 0;
        List<RejectedOrder> rejected = new ArrayList<>();
        try {
            do {
                OrderPage page = fetchWithRetries(adapter, from, to, token, deadline);
                List<OrderEvent> pageEvents = notYetEnqueued(page.events());
                if (!pageEvents.isEmpty()) {
                    orders.enqueue(pageEvents);
                    pageEvents.forEach(e -> enqueued.put(lineOf(e), contentOf(e)));
                }
                if (!page.rejected().isEmpty()) {
                    quarantine.quarantine(page.rejected());
                    rejected.addAll(page.rejected());
                }
                // Only now, with the events on the queue, may the page's closed orders be forgotten.
                adapter.orders().pageEnqueued(page);
                pages++;
                events += pageEvents.size();
                token = page.nextPageToken();
            } while (token.isPresent() && clock.instant().isBefore(deadline));
        } catch (ChannelException e) {
            return failed(channelId, state, e.kind(), e.mallCode(), e.getMessage(), credentialsFingerprint);
        }
        boolean complete = token.isEmpty();
        if (complete) {
            if (resume.isPresent()) {
                states.savePollResume(channelId, Optional.empty());
            }
            states.recordPoll(channelId, to, now, events);
        } else {
            // Out of time mid-window: keep the cursor and remember the next page of this window.
            states.savePollResume(channelId, Optional.of(new PollResume(from, to, token.get())));
            states.recordPoll(channelId, state.cursor().orElse(from.plus(overlap)), now, events);
        }
        if (state.health() != ChannelHealth.OK || state.consecutiveRetries() != 0) {
            states.setHealth(channelId, ChannelHealth.OK, "", "", 0, now);
        }
        return new PollResult.Polled(from, to, pages, events, complete, rejected);
    }

    /** The events whose line this instance has not enqueued with exactly this content (see {@link #enqueued}). */
    private List<OrderEvent> notYetEnqueued(List<OrderEvent> events) {
        List<OrderEvent> fresh = new ArrayList<>(events.size());
        for (OrderEvent event : events) {
            if (!contentOf(event).equals(enqueued.get(lineOf(event)))) {
                fresh.add(event);
            }
        }
        return fresh;
    }

    private static String lineOf(OrderEvent e) {
        return e.channelId() + "\u0000" + e.orderId() + "\u0000" + e.lineId();
    }

    /**
     * Everything the ledger changes on; the origin, the time it was seen and the revision are not
     * part of it. Malls without an update time of their own (Rakuten, Yahoo!, Qoo10, au PAY,
     * makeshop) carry the poll's time as the revision, so with it every open order would pass as new
     * at every poll. Leaving it out loses nothing: an event equal in all else changes no quantity, and
     * the revision already stored (the one that set this content) still orders any late delivery.
     */
    static String contentOf(OrderEvent e) {
        return e.itemKey() + "\u0000" + e.quantity() + "\u0000" + e.action() + "\u0000" + e.mallStatus()
                + "\u0000" + e.occurredAt();
    }

    /** One page; a RETRY failure is tried again after 1 s, then 2 s, while the budget allows. */
    private OrderPage fetchWithRetries(ChannelAdapter adapter, Instant from, Instant to, Optional<String> token,
                                       Instant deadline) {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                try {
                    return adapter.orders().fetchChanged(from, to, token);
                } catch (IllegalArgumentException | IllegalStateException unreadable) {
                    // A page the adapter could not read at all (not one order of it): failed like a
                    // mall error, counted and retried next run, never thrown out unrecorded.
                    throw new ChannelException(PushStatus.RETRY, "UNREADABLE_PAGE",
                            String.valueOf(unreadable.getMessage()), Optional.empty());
                }
            } catch (ChannelException e) {
                boolean retryable = e.kind() == PushStatus.RETRY;
                Duration planned = backoff;
                Duration wait = e.retryAfter().filter(r -> r.compareTo(planned) > 0).orElse(planned);
                if (!retryable || attempt >= PAGE_ATTEMPTS || !clock.instant().plus(wait).isBefore(deadline)) {
                    throw e;
                }
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private PollResult failed(String channelId, ChannelState state, PushStatus kind, String mallCode, String text,
                              String fingerprint) {
        Instant now = clock.instant();
        String message = mallCode.isEmpty() ? text : mallCode + ": " + text;
        if (kind == PushStatus.AUTH) {
            states.setHealth(channelId, ChannelHealth.AUTH_ERROR, message, fingerprint, 0, now);
            return new PollResult.Failed(kind, mallCode, text, state.consecutiveRetries() + 1, false);
        }
        int runs = state.consecutiveRetries() + 1;
        boolean degraded = runs >= DEGRADED_AFTER;
        ChannelHealth health = degraded ? ChannelHealth.DEGRADED : state.health();
        states.setHealth(channelId, health == ChannelHealth.AUTH_ERROR ? ChannelHealth.DEGRADED : health,
                message, "", runs, now);
        return new PollResult.Failed(kind, mallCode, text, runs, degraded);
    }
}
