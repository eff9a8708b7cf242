package dev.zaiko.domain.port;

/**
 * Polls a channel's orders now (new and open ones), out of schedule: asked when a mall shows LESS
 * than the ledger, which may be a sale we have not ingested yet (invariant 8). Best effort: the
 * channel's scheduled poll (at most a minute away) does the same.
 */
public interface PollTrigger {
    /** Leaves it to the channel's next scheduled poll. */
    PollTrigger NEXT_SCHEDULED_POLL = channelId -> {
    };

    void pollNow(String channelId);
}
