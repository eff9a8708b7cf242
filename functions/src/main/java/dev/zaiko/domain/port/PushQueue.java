package dev.zaiko.domain.port;

import dev.zaiko.domain.ListingKey;

import java.time.Duration;
import java.util.List;

/** One channel's queue of push requests, drained by that channel's pusher. */
public interface PushQueue {
    List<Message> receive(int max);

    void delete(List<Message> messages);

    /** Leaves the messages in the queue, invisible for {@code delay}; the queue's redrive policy bounds the attempts. */
    void retryLater(List<Message> messages, Duration delay);

    /** Messages waiting (visible), approximately. */
    int visibleCount();

    /** @param sentAt when the request was queued (for the zero-push latency the dashboard shows) */
    record Message(String id, String receipt, ListingKey listing, boolean urgent, int receiveCount,
                   java.time.Instant sentAt) {
    }
}
