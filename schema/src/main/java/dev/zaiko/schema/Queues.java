package dev.zaiko.schema;

import java.util.Locale;
import java.util.regex.Pattern;

/** The queues of zaiko-sync. */
public final class Queues {
    private Queues() {
    }

    private static final Pattern CHANNEL_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /** Normalised order events from pollers, webhooks and SP-API notifications, consumed by the ledger. */
    public static final QueueDef ORDERS = new QueueDef(
            "orders", "zaiko-orders", "ORDERS_QUEUE_URL", 180, 5, 4 * 24 * 3600);

    /** Push requests for one channel account's listings, consumed by that channel's pusher. */
    public static QueueDef push(String channelId) {
        requireChannelId(channelId);
        return new QueueDef("push-" + channelId, "zaiko-push-" + channelId,
                "PUSH_QUEUE_URL_" + channelId.toUpperCase(Locale.ROOT).replace('-', '_'),
                180, 8, 4 * 24 * 3600);
    }

    /** Channel ids become queue names, construct ids and env var names: keep them to that alphabet. */
    public static String requireChannelId(String channelId) {
        if (channelId == null || !CHANNEL_ID.matcher(channelId).matches()) {
            throw new IllegalArgumentException("channel id must match " + CHANNEL_ID.pattern() + ": " + channelId);
        }
        return channelId;
    }
}
