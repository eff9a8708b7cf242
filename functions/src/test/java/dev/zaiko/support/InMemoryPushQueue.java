package dev.zaiko.support;

import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.port.PushQueue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A push queue in memory with SQS's visibility and redrive rules on a virtual clock: a received
 * message is invisible for the visibility timeout, and one received more than {@code maxReceives}
 * times goes to the dead-letter list.
 */
public final class InMemoryPushQueue implements PushQueue {
    private static final Duration VISIBILITY = Duration.ofSeconds(120);

    private final Clock clock;
    private final int maxReceives;
    private final Map<String, Stored> messages = new LinkedHashMap<>();
    private final List<ListingKey> deadLetters = new ArrayList<>();
    private int nextId;
    /** Runs once, outside the lock, the first time a receive finds nothing visible. */
    public volatile Runnable onFirstEmptyReceive = () -> {
    };

    private static final class Stored {
        final String id;
        final ListingKey listing;
        final boolean urgent;
        final Instant sentAt;
        Instant visibleAt;
        int receives;
        String receipt = "";

        Stored(String id, ListingKey listing, boolean urgent, Instant sentAt, Instant visibleAt) {
            this.id = id;
            this.listing = listing;
            this.urgent = urgent;
            this.sentAt = sentAt;
            this.visibleAt = visibleAt;
        }
    }

    public InMemoryPushQueue(Clock clock, int maxReceives) {
        this.clock = clock;
        this.maxReceives = maxReceives;
    }

    public synchronized void send(ListingKey listing, boolean urgent) {
        send(listing, urgent, Duration.ZERO);
    }

    private void send(ListingKey listing, boolean urgent, Duration delay) {
        String id = "m" + (++nextId);
        messages.put(id, new Stored(id, listing, urgent, clock.instant(), clock.instant().plus(delay)));
    }

    @Override
    public List<Message> receive(int max) {
        List<Message> received = receiveNow(max);
        if (received.isEmpty()) {
            Runnable hook = onFirstEmptyReceive;
            onFirstEmptyReceive = () -> {
            };
            hook.run();
        }
        return received;
    }

    private synchronized List<Message> receiveNow(int max) {
        List<Message> received = new ArrayList<>();
        Instant now = clock.instant();
        for (Stored stored : new ArrayList<>(messages.values())) {
            if (received.size() >= max) {
                break;
            }
            if (stored.visibleAt.isAfter(now)) {
                continue;
            }
            if (stored.receives >= maxReceives) {
                messages.remove(stored.id);
                deadLetters.add(stored.listing);
                continue;
            }
            stored.receives++;
            stored.receipt = stored.id + "#" + stored.receives;
            stored.visibleAt = now.plus(VISIBILITY);
            received.add(new Message(stored.id, stored.receipt, stored.listing, stored.urgent, stored.receives,
                    stored.sentAt));
        }
        return received;
    }

    @Override
    public synchronized void delete(List<Message> toDelete) {
        for (Message message : toDelete) {
            Stored stored = messages.get(message.id());
            if (stored != null && stored.receipt.equals(message.receipt())) {
                messages.remove(message.id());
            }
        }
    }

    @Override
    public synchronized void retryLater(List<Message> later, Duration delay) {
        for (Message message : later) {
            Stored stored = messages.get(message.id());
            if (stored != null) {
                stored.visibleAt = clock.instant().plus(delay);
            }
        }
    }

    @Override
    public synchronized void requeue(List<Message> again, Duration delay) {
        for (Message message : again) {
            send(message.listing(), message.urgent(), delay);
        }
        delete(again.stream().filter(m -> !m.receipt().isEmpty()).toList());
    }

    @Override
    public synchronized int visibleCount() {
        Instant now = clock.instant();
        return (int) messages.values().stream().filter(m -> !m.visibleAt.isAfter(now)).count();
    }

    @Override
    public synchronized int deadLetterCount() {
        return deadLetters.size();
    }

    /** Every message still queued, visible or not. */
    public synchronized int size() {
        return messages.size();
    }
}
