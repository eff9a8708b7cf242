package dev.zaiko.support;

import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.port.ChannelStates;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link ChannelStates} in memory, with the lease and dirty-mark rules of the store adapters. */
public final class InMemoryChannelStates implements ChannelStates {
    private final Map<String, ChannelState> states = new HashMap<>();
    private final Map<String, String> leaseOwner = new HashMap<>();
    private final Map<String, Instant> leaseUntil = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> deliveries = new HashSet<>();
    private final Map<String, dev.zaiko.domain.PollResume> resumes = new HashMap<>();
    public final java.util.List<String> owners = new java.util.ArrayList<>();

    @Override
    public synchronized Optional<dev.zaiko.domain.PollResume> pollResume(String channelId) {
        return Optional.ofNullable(resumes.get(channelId));
    }

    @Override
    public synchronized void savePollResume(String channelId, Optional<dev.zaiko.domain.PollResume> resume) {
        resume.ifPresentOrElse(r -> resumes.put(channelId, r), () -> resumes.remove(channelId));
    }

    @Override
    public synchronized ChannelState get(String channelId) {
        return states.getOrDefault(channelId, ChannelState.fresh(channelId));
    }

    @Override
    public synchronized void recordPoll(String channelId, Instant cursor, Instant polledAt, long events) {
        ChannelState s = get(channelId);
        Optional<Instant> next = s.cursor().isPresent() && s.cursor().get().isAfter(cursor) ? s.cursor()
                : Optional.of(cursor);
        states.put(channelId, new ChannelState(channelId, next, s.health(), s.healthMessage(), s.healthSince(),
                Optional.of(polledAt), events, s.credentialsFingerprint(), s.consecutiveRetries()));
    }

    @Override
    public synchronized void setHealth(String channelId, ChannelHealth health, String message,
                                       String credentialsFingerprint, int consecutiveRetries, Instant at) {
        ChannelState s = get(channelId);
        states.put(channelId, new ChannelState(channelId, s.cursor(), health, message,
                s.health() == health ? s.healthSince() : Optional.of(at), s.lastPollAt(), s.lastPollEvents(),
                credentialsFingerprint, consecutiveRetries));
    }

    @Override
    public synchronized boolean acquirePushLease(String channelId, String owner, Instant now, Instant until) {
        String holder = leaseOwner.get(channelId);
        boolean free = holder == null || leaseUntil.get(channelId).isBefore(now);
        if (!free && !holder.equals(owner)) {
            return false;
        }
        if (!owner.equals(holder)) {
            dirty.remove(channelId);
            owners.add(owner);
        }
        leaseOwner.put(channelId, owner);
        leaseUntil.put(channelId, until);
        return true;
    }

    private final Map<String, Instant> pollRequestedUntil = new HashMap<>();

    @Override
    public synchronized boolean claimPollNow(String channelId, Instant now, Instant until) {
        Instant claimed = pollRequestedUntil.get(channelId);
        if (claimed != null && claimed.isAfter(now)) {
            return false;
        }
        pollRequestedUntil.put(channelId, until);
        return true;
    }

    @Override
    public synchronized void markPushDirty(String channelId) {
        dirty.add(channelId);
    }

    @Override
    public synchronized boolean releasePushLease(String channelId, String owner) {
        if (!owner.equals(leaseOwner.get(channelId))) {
            return true;
        }
        if (dirty.remove(channelId)) {
            return false;
        }
        leaseOwner.remove(channelId);
        leaseUntil.remove(channelId);
        return true;
    }

    public synchronized Optional<Instant> leaseUntil(String channelId) {
        return Optional.ofNullable(leaseUntil.get(channelId));
    }

    @Override
    public synchronized boolean firstDelivery(String channelId, String deliveryId, Instant now, Duration keepFor) {
        return deliveries.add(channelId + "#" + deliveryId);
    }

    @Override
    public synchronized boolean deliverySeen(String channelId, String deliveryId) {
        return deliveries.contains(channelId + "#" + deliveryId);
    }
}
