package dev.zaiko.app;

import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockUpdate;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.ListingPushLog;
import dev.zaiko.domain.port.PushQueue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Drains one channel's push queue: coalesces requests by listing, reads each listing's CURRENT
 * sellable quantity from the ledger (invariant 4), writes absolute quantities through the mall's
 * {@code StockSink} in its batch size, and handles each item's answer:
 * OK → done; RETRY → back in the queue with backoff (the redrive policy moves it to the DLQ after
 * the queue's max receives); REJECTED → recorded on the listing and reported, not retried;
 * AUTH → channel to AUTH_ERROR, draining stops, every message stays (nothing lost).
 *
 * <p>One drain per channel at a time (a lease in the channel state), so bursts pile up in the
 * queue and coalesce into the next batch instead of fanning out one mall call per order.
 */
public final class PushService {
    /** Receives per drain before giving the mall a breather and the caller a chance to return. */
    static final int MAX_RECEIVES_PER_DRAIN = 200;
    static final Duration LEASE = Duration.ofSeconds(60);

    private final LedgerService ledger;
    private final ChannelStates states;
    private final ListingPushLog pushLog;
    private final Clock clock;
    /**
     * A new lease owner for every drain: never a value made in the constructor, which SnapStart
     * would freeze into the snapshot and hand to every environment restored from it (two
     * environments would then hold "the same" lease and drain one channel at once).
     */
    private final java.util.function.Supplier<String> owners;

    public PushService(LedgerService ledger, ChannelStates states, ListingPushLog pushLog, Clock clock) {
        this(ledger, states, pushLog, clock, () -> UUID.randomUUID().toString());
    }

    public PushService(LedgerService ledger, ChannelStates states, ListingPushLog pushLog, Clock clock,
                       java.util.function.Supplier<String> owners) {
        this.ledger = ledger;
        this.states = states;
        this.pushLog = pushLog;
        this.clock = clock;
        this.owners = owners;
    }

    /** What one drain did, for logs, metrics and tests. */
    /**
     * @param slowestZeroPushMs for listings pushed as 0 on an urgent request: the longest time from
     *                          the request being queued to the mall accepting the zero (-1 if none)
     */
    public record DrainResult(int messages, int mallCalls, int ok, int retried, int rejected, boolean authFailed,
                              boolean skipped, String skipReason, long zeroPushes, long slowestZeroPushMs) {
        static DrainResult skipped(String why) {
            return new DrainResult(0, 0, 0, 0, 0, false, true, why, 0, -1);
        }
    }

    public DrainResult drain(String channelId, ChannelAdapter adapter, PushQueue queue, String credentialsFingerprint,
                             Duration budget) {
        ChannelState state = states.get(channelId);
        if (state.health() == ChannelHealth.AUTH_ERROR && state.credentialsFingerprint().equals(credentialsFingerprint)) {
            return DrainResult.skipped("AUTH_ERROR: " + state.healthMessage());
        }
        Instant now = clock.instant();
        String owner = owners.get();
        if (!states.acquirePushLease(channelId, owner, now, now.plus(LEASE))) {
            return DrainResult.skipped("another pusher is draining " + channelId);
        }
        int messages = 0;
        int calls = 0;
        int ok = 0;
        int retried = 0;
        int rejected = 0;
        long zeroPushes = 0;
        long slowestZeroPushMs = -1;
        boolean authFailed = false;
        int retriesThisDrain = 0;
        try {
            Instant deadline = now.plus(budget);
            int batch = Math.max(1, adapter.stock().maxBatchSize());
            for (int round = 0; round < MAX_RECEIVES_PER_DRAIN && clock.instant().isBefore(deadline); round++) {
                List<PushQueue.Message> received = receiveUpTo(queue, Math.min(batch, 100));
                if (received.isEmpty()) {
                    break;
                }
                messages += received.size();
                Map<ListingKey, List<PushQueue.Message>> byListing = new LinkedHashMap<>();
                for (PushQueue.Message message : received) {
                    byListing.computeIfAbsent(message.listing(), k -> new ArrayList<>()).add(message);
                }
                List<StockUpdate> updates = new ArrayList<>();
                List<ListingKey> keys = new ArrayList<>();
                List<PushQueue.Message> done = new ArrayList<>();
                Map<ListingKey, java.util.OptionalLong> sellable = ledger.sellable(byListing.keySet());
                Map<ListingKey, java.util.OptionalLong> lastPushed = pushLog.lastPushed(byListing.keySet());
                for (ListingKey key : byListing.keySet()) {
                    if (sellable.get(key).isEmpty()) {
                        // Unmapped since the request: the seller no longer syncs it; never zero it blindly.
                        done.addAll(byListing.get(key));
                        continue;
                    }
                    updates.add(new StockUpdate(key.itemKey(), sellable.get(key).getAsLong(), lastPushed.get(key)));
                    keys.add(key);
                }
                List<PushResult> results = updates.isEmpty() ? List.of() : adapter.stock().write(updates);
                if (!updates.isEmpty()) {
                    calls++;
                }
                List<PushQueue.Message> again = new ArrayList<>();
                Duration backoff = Duration.ZERO;
                Instant at = clock.instant();
                for (int i = 0; i < keys.size(); i++) {
                    ListingKey key = keys.get(i);
                    PushResult result = i < results.size() ? results.get(i)
                            : PushResult.retry(key.itemKey(), "NO_RESULT", "the mall returned no result for it",
                            java.util.Optional.empty());
                    List<PushQueue.Message> forListing = byListing.get(key);
                    switch (result.status()) {
                        case OK -> {
                            ok++;
                            if (updates.get(i).quantity() == 0) {
                                zeroPushes++;
                                for (PushQueue.Message message : forListing) {
                                    if (message.urgent()) {
                                        slowestZeroPushMs = Math.max(slowestZeroPushMs,
                                                Duration.between(message.sentAt(), at).toMillis());
                                    }
                                }
                            }
                            pushLog.record(key, updates.get(i).quantity(), PushStatus.OK, "", result.message(), at);
                            done.addAll(forListing);
                        }
                        case REJECTED -> {
                            rejected++;
                            pushLog.record(key, updates.get(i).quantity(), PushStatus.REJECTED, result.mallCode(),
                                    result.message(), at);
                            done.addAll(forListing);
                        }
                        case RETRY -> {
                            retried++;
                            again.addAll(forListing);
                            Duration hint = result.retryAfter().orElse(backoffFor(forListing));
                            backoff = hint.compareTo(backoff) > 0 ? hint : backoff;
                        }
                        case AUTH -> {
                            authFailed = true;
                            again.addAll(forListing);
                            states.setHealth(channelId, ChannelHealth.AUTH_ERROR,
                                    result.mallCode().isEmpty() ? result.message()
                                            : result.mallCode() + ": " + result.message(),
                                    credentialsFingerprint, 0, at);
                        }
                    }
                }
                queue.delete(done);
                if (!again.isEmpty()) {
                    // AUTH: visible again at once; no drain receives them (and so no redrive counts
                    // them) until the credentials change, then the next wake-up pushes them.
                    queue.retryLater(again, authFailed ? Duration.ZERO : backoff);
                }
                if (authFailed) {
                    break;
                }
                if (!again.isEmpty()) {
                    retriesThisDrain++;
                    // The mall is struggling: stop for now, the queue keeps the rest.
                    break;
                }
            }
            updateHealth(channelId, state, authFailed, retriesThisDrain > 0, ok + rejected > 0);
        } finally {
            states.releasePushLease(channelId, owner);
        }
        return new DrainResult(messages, calls, ok, retried, rejected, authFailed, false, "", zeroPushes,
                slowestZeroPushMs);
    }

    private List<PushQueue.Message> receiveUpTo(PushQueue queue, int max) {
        List<PushQueue.Message> all = new ArrayList<>();
        while (all.size() < max) {
            List<PushQueue.Message> received = queue.receive(Math.min(10, max - all.size()));
            if (received.isEmpty()) {
                break;
            }
            all.addAll(received);
        }
        return all;
    }

    /** Exponential by delivery count: 2 s, 4 s, 8 s, … capped at 5 minutes. */
    static Duration backoffFor(List<PushQueue.Message> messages) {
        int attempts = messages.stream().mapToInt(PushQueue.Message::receiveCount).max().orElse(1);
        long seconds = Math.min(300, 1L << Math.min(8, Math.max(1, attempts)));
        return Duration.ofSeconds(seconds);
    }

    private void updateHealth(String channelId, ChannelState before, boolean authFailed, boolean retried,
                              boolean succeeded) {
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
