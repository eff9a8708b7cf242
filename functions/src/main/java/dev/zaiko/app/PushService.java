package dev.zaiko.app;

import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.HoldBack;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushFence;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockUpdate;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.ListingPushLog;
import dev.zaiko.domain.port.PollTrigger;
import dev.zaiko.domain.port.PushQueue;
import dev.zaiko.domain.port.SellableReader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Drains one channel's push queue: coalesces requests by listing, reads each listing's CURRENT
 * sellable quantity (invariant 4, through {@link SellableReader}), writes absolute quantities
 * through the mall's {@code StockSink} in its batch size, and handles each item's answer:
 * OK → done; RETRY → queued again as a new message with a capped backoff, however long the mall is
 * down (it never counts towards the DLQ's redrive limit: an outage of any length loses no push);
 * REJECTED → recorded and reported, not retried; AUTH → channel to AUTH_ERROR, draining stops,
 * every message stays (nothing lost).
 *
 * <p>Invariant 8, the last write a mall receives carries the newest ledger value:
 * <ul>
 *   <li>One drain per channel at a time: a lease whose owner is made per invocation (never in a
 *   constructor: SnapStart would freeze one id into every environment), renewed while draining.</li>
 *   <li>A fence on the mall write itself, for when two pushers overlap anyway (a lease that expired
 *   during a slow mall call): each push carries the ledger versions it read; it claims them in the
 *   push log first (refused when a newer push claimed the listing: not sent) and records the mall's
 *   answer at them after (refused when a newer push claimed meanwhile: this write may have landed
 *   after it, so the current value is pushed again at once).</li>
 * </ul>
 *
 * <p>No wake-up is lost: a pusher woken while another holds the lease marks the channel dirty,
 * and the holder drains again before it releases.
 */
public final class PushService {
    /** Receives per drain pass before giving the mall a breather and the caller a chance to return. */
    static final int MAX_RECEIVES_PER_DRAIN = 200;
    static final Duration LEASE = Duration.ofSeconds(60);
    /** Renewed when less than this is left: a drain runs up to ~110 s, a mall call up to ~30 s. */
    static final Duration RENEW_WHEN_LEFT = Duration.ofSeconds(40);
    /** Drains again after a "dirty" mark at most this often per invocation (then the poller's fallback wakes it). */
    static final int MAX_PASSES = 5;
    /** A listing whose push was superseded is pushed again at most this often per drain. */
    static final int MAX_REPUSHES = 3;
    /** RETRY backoff: 2 s, 4 s, ... capped here, while the channel is DEGRADED, for as long as it takes. */
    static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(5);

    private final SellableReader sellable;
    private final ChannelStates states;
    private final ListingPushLog pushLog;
    private final PollTrigger polls;
    private final Clock clock;
    /**
     * A new lease owner for every drain: never a value made in the constructor, which SnapStart
     * would freeze into the snapshot and hand to every environment restored from it (two
     * environments would then hold "the same" lease and drain one channel at once).
     */
    private final java.util.function.Supplier<String> owners;

    /**
     * @param polls asked to poll a channel whose mall refused a push because it shows less than the
     *              ledger (a sale we may not have yet); the push is retried after it settled
     */
    public PushService(SellableReader sellable, ChannelStates states, ListingPushLog pushLog, PollTrigger polls,
                       Clock clock) {
        this(sellable, states, pushLog, polls, clock, () -> UUID.randomUUID().toString());
    }

    public PushService(SellableReader sellable, ChannelStates states, ListingPushLog pushLog, PollTrigger polls,
                       Clock clock, java.util.function.Supplier<String> owners) {
        this.sellable = sellable;
        this.states = states;
        this.pushLog = pushLog;
        this.polls = polls;
        this.clock = clock;
        this.owners = owners;
    }

    public PushService(SellableReader sellable, ChannelStates states, ListingPushLog pushLog, Clock clock) {
        this(sellable, states, pushLog, PollTrigger.NEXT_SCHEDULED_POLL, clock);
    }

    /**
     * What one drain did, for logs, metrics and tests.
     *
     * @param slowestZeroPushMs for listings pushed as 0 on an urgent request: the longest time from
     *                          the request being queued to the mall accepting the zero (-1 if none)
     * @param stale             pushes not sent because a newer push had claimed the listing
     * @param repushed          pushes sent again at once because a newer push claimed the listing
     *                          while this one was on its way
     * @param passes            drains in this invocation (more than 1: marked dirty meanwhile)
     * @param waitingForOrders  pushes not written because the mall shows less than the ledger (a
     *                          sale not ingested yet?): the channel is polled, they are retried after
     */
    public record DrainResult(int messages, int mallCalls, int ok, int retried, int rejected, boolean authFailed,
                              boolean skipped, String skipReason, long zeroPushes, long slowestZeroPushMs,
                              int stale, int repushed, int passes, int waitingForOrders) {
        static DrainResult skipped(String why) {
            return new DrainResult(0, 0, 0, 0, 0, false, true, why, 0, -1, 0, 0, 0, 0);
        }
    }

    /** Counters of one invocation. */
    private static final class Tally {
        int messages;
        int calls;
        int ok;
        int retried;
        int rejected;
        long zeroPushes;
        long slowestZeroPushMs = -1;
        boolean authFailed;
        boolean leaseLost;
        boolean pollAsked;
        int retryRounds;
        int stale;
        int repushed;
        int passes;
        int waitingForOrders;
    }

    public DrainResult drain(String channelId, ChannelAdapter adapter, PushQueue queue, String credentialsFingerprint,
                             Duration budget) {
        return drain(channelId, adapter, queue, credentialsFingerprint, budget, HoldBack.NONE);
    }

    /**
     * @param holdBack the channel's low-stock hold-back: each listing is written as
     *                 {@link HoldBack#shown} of its sellable quantity (the fence is the ledger's all the same)
     */
    public DrainResult drain(String channelId, ChannelAdapter adapter, PushQueue queue, String credentialsFingerprint,
                             Duration budget, HoldBack holdBack) {
        ChannelState state = states.get(channelId);
        if (state.health() == ChannelHealth.AUTH_ERROR && state.credentialsFingerprint().equals(credentialsFingerprint)) {
            return DrainResult.skipped("AUTH_ERROR: " + state.healthMessage());
        }
        // Per invocation, never per instance: see the class comment.
        Instant now = clock.instant();
        String owner = owners.get();
        if (!states.acquirePushLease(channelId, owner, now, now.plus(LEASE))) {
            // The holder drains again before releasing; if it released in between, take it ourselves.
            states.markPushDirty(channelId);
            now = clock.instant();
            if (!states.acquirePushLease(channelId, owner, now, now.plus(LEASE))) {
                return DrainResult.skipped("another pusher is draining " + channelId + "; marked it to drain again");
            }
        }
        Tally tally = new Tally();
        Instant deadline = now.plus(budget);
        Instant[] leaseUntil = {now.plus(LEASE)};
        boolean released = false;
        try {
            while (tally.passes < MAX_PASSES) {
                tally.passes++;
                drainPass(channelId, adapter, queue, credentialsFingerprint, deadline, owner, leaseUntil, state, tally,
                        holdBack);
                if (tally.authFailed || tally.leaseLost || tally.retryRounds > 0
                        || !clock.instant().isBefore(deadline)) {
                    break;
                }
                if (states.releasePushLease(channelId, owner)) {
                    released = true;
                    break;
                }
                // Marked dirty while we drained: the lease is still ours; drain again.
            }
            updateHealth(channelId, tally.authFailed, tally.retryRounds > 0, tally.ok + tally.rejected > 0);
        } finally {
            // A mark left now would have no one to act on it: the queue keeps the requests and the
            // channel's poller wakes a pusher while it is not empty.
            for (int attempt = 0; !released && attempt < 2 && !tally.leaseLost; attempt++) {
                released = states.releasePushLease(channelId, owner);
            }
        }
        return new DrainResult(tally.messages, tally.calls, tally.ok, tally.retried, tally.rejected, tally.authFailed,
                false, "", tally.zeroPushes, tally.slowestZeroPushMs, tally.stale, tally.repushed, tally.passes,
                tally.waitingForOrders);
    }

    private void drainPass(String channelId, ChannelAdapter adapter, PushQueue queue, String credentialsFingerprint,
                           Instant deadline, String owner, Instant[] leaseUntil, ChannelState state, Tally tally,
                           HoldBack holdBack) {
        Set<ListingKey> pushAgain = new LinkedHashSet<>();
        try {
            drainRounds(channelId, adapter, queue, credentialsFingerprint, deadline, owner, leaseUntil, state, tally,
                    pushAgain, holdBack);
        } finally {
            if (!pushAgain.isEmpty()) {
                // Out of time (or lease) before pushing them again: queue them, never drop them.
                Instant at = clock.instant();
                queue.requeue(pushAgain.stream().map(key -> new PushQueue.Message("", "", key, false, 1, at)).toList(),
                        Duration.ZERO);
            }
        }
    }

    private void drainRounds(String channelId, ChannelAdapter adapter, PushQueue queue, String credentialsFingerprint,
                             Instant deadline, String owner, Instant[] leaseUntil, ChannelState state, Tally tally,
                             Set<ListingKey> pushAgain, HoldBack holdBack) {
        int batch = Math.max(1, Math.min(100, adapter.stock().maxBatchSize()));
        Map<ListingKey, Integer> repushes = new HashMap<>();
        for (int round = 0; round < MAX_RECEIVES_PER_DRAIN && clock.instant().isBefore(deadline); round++) {
            if (!renewIfDue(channelId, owner, leaseUntil)) {
                tally.leaseLost = true;
                return;
            }
            List<PushQueue.Message> received = receiveUpTo(queue, Math.max(0, batch - pushAgain.size()),
                    pushAgain.isEmpty());
            if (received.isEmpty() && pushAgain.isEmpty()) {
                return;
            }
            tally.messages += received.size();
            Map<ListingKey, List<PushQueue.Message>> byListing = new LinkedHashMap<>();
            pushAgain.forEach(key -> byListing.put(key, new ArrayList<>()));
            pushAgain.clear();
            for (PushQueue.Message message : received) {
                byListing.computeIfAbsent(message.listing(), k -> new ArrayList<>()).add(message);
            }
            List<StockUpdate> updates = new ArrayList<>();
            List<ListingKey> keys = new ArrayList<>();
            List<PushFence> fences = new ArrayList<>();
            List<PushQueue.Message> done = new ArrayList<>();
            Map<ListingKey, Optional<SellableReader.Now>> current = sellable.sellable(byListing.keySet());
            Map<ListingKey, OptionalLong> lastPushed = pushLog.lastPushed(byListing.keySet());
            Instant claimedAt = clock.instant();
            for (ListingKey key : byListing.keySet()) {
                Optional<SellableReader.Now> now = current.getOrDefault(key, Optional.empty());
                if (now.isEmpty()) {
                    // Unmapped since the request: the seller no longer syncs it; never zero it blindly.
                    done.addAll(byListing.get(key));
                    continue;
                }
                if (!pushLog.claim(key, now.get().fence(), claimedAt)) {
                    // A push of a newer ledger state claimed the listing: this one is stale, never sent.
                    tally.stale++;
                    done.addAll(byListing.get(key));
                    continue;
                }
                updates.add(new StockUpdate(key.itemKey(), holdBack.shown(now.get().quantity()),
                        lastPushed.getOrDefault(key, OptionalLong.empty())));
                keys.add(key);
                fences.add(now.get().fence());
            }
            List<PushResult> results = updates.isEmpty() ? List.of() : adapter.stock().write(updates);
            if (!updates.isEmpty()) {
                tally.calls++;
            }
            List<PushQueue.Message> again = new ArrayList<>();
            List<PushQueue.Message> settle = new ArrayList<>();
            Duration backoff = Duration.ZERO;
            Instant at = clock.instant();
            for (int i = 0; i < keys.size(); i++) {
                ListingKey key = keys.get(i);
                PushFence fence = fences.get(i);
                long quantity = updates.get(i).quantity();
                PushResult result = i < results.size() ? results.get(i)
                        : PushResult.retry(key.itemKey(), "NO_RESULT", "the mall returned no result for it",
                        Optional.empty());
                List<PushQueue.Message> forListing = byListing.get(key);
                switch (result.status()) {
                    case OK -> {
                        tally.ok++;
                        if (quantity == 0) {
                            tally.zeroPushes++;
                            for (PushQueue.Message message : forListing) {
                                if (message.urgent()) {
                                    tally.slowestZeroPushMs = Math.max(tally.slowestZeroPushMs,
                                            Duration.between(message.sentAt(), at).toMillis());
                                }
                            }
                        }
                        if (!pushLog.record(key, fence, quantity, PushStatus.OK, "", result.message(), at)
                                && repushes.merge(key, 1, Integer::sum) <= MAX_REPUSHES) {
                            // A newer push claimed the listing while ours was on its way: ours may
                            // have landed last with an older number. Write the current one now.
                            tally.repushed++;
                            pushAgain.add(key);
                        }
                        done.addAll(forListing);
                    }
                    case REJECTED -> {
                        tally.rejected++;
                        pushLog.record(key, fence, quantity, PushStatus.REJECTED, result.mallCode(), result.message(), at);
                        done.addAll(forListing);
                    }
                    case RETRY -> {
                        if (result.mallBelowLedger()) {
                            // Not the mall struggling: it may have sold a unit we have not seen yet.
                            // Poll its orders now, push again after they settled.
                            if (!tally.pollAsked) {
                                tally.pollAsked = true;
                                askForPoll(channelId);
                            }
                            tally.waitingForOrders++;
                            pushLog.record(key, fence, quantity, PushStatus.RETRY, result.mallCode(), result.message(),
                                    at);
                            settle.addAll(forListing.isEmpty()
                                    ? List.of(new PushQueue.Message("", "", key, false, 1, at)) : forListing);
                            continue;
                        }
                        tally.retried++;
                        pushLog.record(key, fence, quantity, PushStatus.RETRY, result.mallCode(), result.message(), at);
                        if (forListing.isEmpty()) {
                            // A push-again without a message: keep it as a request so it is not lost.
                            again.add(new PushQueue.Message("", "", key, quantity == 0, 1, at));
                        }
                        again.addAll(forListing);
                        Duration hint = result.retryAfter().orElse(retryDelay(state.consecutiveRetries()));
                        backoff = hint.compareTo(backoff) > 0 ? hint : backoff;
                    }
                    case AUTH -> {
                        tally.authFailed = true;
                        again.addAll(forListing);
                        states.setHealth(channelId, ChannelHealth.AUTH_ERROR,
                                result.mallCode().isEmpty() ? result.message()
                                        : result.mallCode() + ": " + result.message(),
                                credentialsFingerprint, 0, at);
                    }
                }
            }
            queue.delete(done.stream().filter(m -> !m.receipt().isEmpty()).toList());
            if (!settle.isEmpty()) {
                queue.requeue(settle, PushResult.SETTLE);
            }
            if (!again.isEmpty()) {
                if (tally.authFailed) {
                    // Visible again at once; no drain receives them until the credentials change.
                    queue.retryLater(again.stream().filter(m -> !m.receipt().isEmpty()).toList(), Duration.ZERO);
                    queue.requeue(again.stream().filter(m -> m.receipt().isEmpty()).toList(), Duration.ZERO);
                } else {
                    // A new message each time: retries never count towards the DLQ's redrive limit.
                    queue.requeue(again, min(backoff, MAX_RETRY_DELAY));
                }
            }
            if (tally.authFailed) {
                return;
            }
            if (!again.isEmpty()) {
                tally.retryRounds++;
                // The mall is struggling: stop for now, the queue keeps the rest.
                return;
            }
        }
    }

    private void askForPoll(String channelId) {
        try {
            polls.pollNow(channelId);
        } catch (RuntimeException e) {
            // Best effort: the scheduled poll follows within a minute; the push waits either way.
            System.err.println("poll of " + channelId + " could not be started now: " + e);
        }
    }

    /** Renews the lease when it runs low; false when it was lost (expired and taken over). */
    private boolean renewIfDue(String channelId, String owner, Instant[] leaseUntil) {
        Instant now = clock.instant();
        if (Duration.between(now, leaseUntil[0]).compareTo(RENEW_WHEN_LEFT) > 0) {
            return true;
        }
        if (!states.acquirePushLease(channelId, owner, now, now.plus(LEASE))) {
            return false;
        }
        leaseUntil[0] = now.plus(LEASE);
        return true;
    }

    /** Fills a batch; only a round that finds nothing at all asks the queue to confirm it is empty. */
    private List<PushQueue.Message> receiveUpTo(PushQueue queue, int max, boolean confirmEmpty) {
        List<PushQueue.Message> all = new ArrayList<>();
        while (all.size() < max) {
            int want = Math.min(10, max - all.size());
            List<PushQueue.Message> received = all.isEmpty() && confirmEmpty ? queue.receiveOrConfirmEmpty(want)
                    : queue.receive(want);
            if (received.isEmpty()) {
                break;
            }
            all.addAll(received);
        }
        return all;
    }

    /**
     * Capped exponential backoff by the channel's consecutive retried drains (2 s, 4 s, 8 s, ... 5
     * minutes), with jitter in the upper half so many listings do not come back at once.
     */
    static Duration retryDelay(int consecutiveRetries) {
        long ceiling = Math.min(MAX_RETRY_DELAY.toMillis(), 2_000L << Math.min(10, Math.max(0, consecutiveRetries)));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void updateHealth(String channelId, boolean authFailed, boolean retried, boolean succeeded) {
        if (authFailed) {
            return;
        }
        Instant now = clock.instant();
        ChannelState current = states.get(channelId);
        if (retried) {
            int retries = current.consecutiveRetries() + 1;
            ChannelHealth health = retries >= PollService.DEGRADED_AFTER ? ChannelHealth.DEGRADED : current.health();
            states.setHealth(channelId, health, "stock writes are being retried", "", retries, now);
        } else if (succeeded && (current.health() != ChannelHealth.OK || current.consecutiveRetries() > 0)) {
            states.setHealth(channelId, ChannelHealth.OK, "", "", 0, now);
        }
    }
}
