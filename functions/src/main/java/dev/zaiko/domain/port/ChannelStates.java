package dev.zaiko.domain.port;

import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.PollResume;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Per-channel memory: cursor, health, the pusher's lease and webhook de-duplication. */
public interface ChannelStates {
    ChannelState get(String channelId);

    /** Moves the cursor forward only (never back), and records the poll. */
    void recordPoll(String channelId, Instant cursor, Instant polledAt, long events);

    /** Where the last incomplete poll window stopped (its window and next page token), if it did. */
    Optional<PollResume> pollResume(String channelId);

    /** Saves where an incomplete window stopped; empty clears it (the window finished). */
    void savePollResume(String channelId, Optional<PollResume> resume);

    /**
     * Sets health. {@code credentialsFingerprint} is remembered with AUTH_ERROR so a later run can
     * tell whether the credentials changed since.
     */
    void setHealth(String channelId, ChannelHealth health, String message, String credentialsFingerprint,
                   int consecutiveRetries, Instant at);

    /**
     * Takes the channel's push lease until {@code until} unless someone else holds an unexpired one;
     * the holder calls it again to renew. A new holder spends any "drain again" mark.
     */
    boolean acquirePushLease(String channelId, String owner, Instant now, Instant until);

    /**
     * Marks the channel "drain again": a pusher woken while another held the lease leaves this mark
     * so the holder does not release before draining what the wake-up was for (no wake-up is lost).
     */
    void markPushDirty(String channelId);

    /**
     * Releases {@code owner}'s lease unless the channel was marked dirty while it held it: then the
     * mark is spent, the lease kept, and the holder must drain again.
     *
     * @return true when released (or not {@code owner}'s any more); false: drain again, then release
     */
    boolean releasePushLease(String channelId, String owner);

    /**
     * Claims an out-of-schedule poll of the channel until {@code until} (the state item's
     * {@code pollRequestedUntil}), unless an earlier claim is still running at {@code now}: one
     * conditional write, so of a burst of stale pushes in any number of containers exactly one
     * starts the poll per window.
     *
     * @return true: the caller starts the poll; false: one was started within the window
     */
    boolean claimPollNow(String channelId, Instant now, Instant until);

    /** Remembers a delivery id for {@code keepFor}; true if it was not remembered yet. */
    boolean firstDelivery(String channelId, String deliveryId, Instant now, Duration keepFor);

    boolean deliverySeen(String channelId, String deliveryId);
}
