package dev.zaiko.domain.port;

import dev.zaiko.domain.ListingKey;

import java.time.Duration;
import java.util.List;

/** One channel's queue of push requests, drained by that channel's pusher. */
public interface PushQueue {
    /** Up to {@code max} visible messages, cheaply (may answer empty while a few wait, as an SQS short poll does). */
    List<Message> receive(int max);

    /**
     * Like {@link #receive} but empty only when the queue has none visible: an adapter whose cheap
     * read may answer empty falsely checks again (for the last receive of a drain, so a request is
     * never left behind until the next wake-up).
     */
    default List<Message> receiveOrConfirmEmpty(int max) {
        return receive(max);
    }

    void delete(List<Message> messages);

    /** Leaves the messages in the queue, invisible for {@code delay}; the queue's redrive policy bounds the attempts. */
    void retryLater(List<Message> messages, Duration delay);

    /**
     * Queues these requests again as NEW messages, invisible for {@code delay}, and deletes the
     * received ones (messages without a receipt were never received: only sent): a retry that does
     * not count towards the redrive limit, for a mall that is down for longer than the limit allows.
     */
    default void requeue(List<Message> messages, Duration delay) {
        retryLater(messages.stream().filter(m -> !m.receipt().isEmpty()).toList(), delay);
    }

    /** Messages in the dead-letter queue (poison), approximately; 0 when there is none. */
    default int deadLetterCount() {
        return 0;
    }

    /** Messages waiting (visible), approximately. */
    int visibleCount();

    /** @param sentAt when the request was queued (for the zero-push latency the dashboard shows) */
    record Message(String id, String receipt, ListingKey listing, boolean urgent, int receiveCount,
                   java.time.Instant sentAt) {
    }
}
