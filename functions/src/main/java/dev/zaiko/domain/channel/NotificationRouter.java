package dev.zaiko.domain.channel;

import java.util.Objects;

/**
 * Decides which channel account a queued mall notification belongs to (Amazon SP-API: by its
 * SellerId and ApplicationId), so a notification meant for another seller or application is dropped
 * and counted instead of applied. Built by the composition root; the mall's package owns the rules.
 */
@FunctionalInterface
public interface NotificationRouter {
    Route route(String body);

    sealed interface Route {
        record Matched(String channelId) implements Route {
            public Matched {
                Objects.requireNonNull(channelId, "channelId");
            }
        }

        record Dropped(String reason) implements Route {
        }
    }
}
