package dev.zaiko.handler;

import dev.zaiko.schema.Names;

import java.util.Map;
import java.util.Optional;

/**
 * The channel an invocation is for: one function per concern serves every channel, and the
 * channel comes with the input (a schedule's {@code {"channelId": ...}}, a pusher wake-up).
 * A handler built for one channel (tests, the local runtime) falls back to that one.
 */
final class ChannelInput {
    private ChannelInput() {
    }

    static String channelId(Map<String, Object> input, Optional<String> only) {
        Object value = input == null ? null : input.get(Names.CHANNEL_ID_INPUT);
        if (value instanceof String id && !id.isBlank()) {
            if (only.isPresent() && !only.get().equals(id)) {
                throw new IllegalArgumentException("this handler serves channel " + only.get() + ", not " + id);
            }
            return id;
        }
        return only.orElseThrow(() -> new IllegalArgumentException(
                "the input names no channel: expected {\"" + Names.CHANNEL_ID_INPUT + "\": \"<channel id>\"}"));
    }

    /** The input asks for one poll now ({@code "reason": "pollNow"}), not a scheduled run. */
    static boolean pollNow(Map<String, Object> input) {
        return input != null && Names.POLL_NOW_REASON.equals(input.get(Names.REASON_INPUT));
    }
}
