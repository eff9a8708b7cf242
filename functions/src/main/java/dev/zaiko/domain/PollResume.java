package dev.zaiko.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a poll that ran out of time stopped: the window it was reading and the mall's token of the
 * next page. The next run continues there (with the same window, as page tokens require) instead of
 * starting the window again from page 1, so a window longer than one run's budget still finishes.
 */
public record PollResume(Instant from, Instant to, String pageToken) {
    public PollResume {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (pageToken == null || pageToken.isBlank()) {
            throw new IllegalArgumentException("pageToken is required");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("poll window must be non-empty: " + from + " .. " + to);
        }
    }
}
