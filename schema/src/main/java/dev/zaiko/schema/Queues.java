package dev.zaiko.schema;

import java.util.regex.Pattern;

/** The queues of zaiko-sync. */
public final class Queues {
    private Queues() {
    }

    private static final Pattern CHANNEL_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /** Normalised order events from pollers, webhooks and SP-API notifications, consumed by the ledger. */
    public static final QueueDef ORDERS = new QueueDef(
            "orders", "zaiko-orders", "ORDERS_QUEUE_URL", 180, 5, 4 * 24 * 3600);

    /**
     * SP-API notifications (ORDER_CHANGE, FBA inventory changes) that Amazon delivers to a queue of
     * the seller's, consumed by the notification handler; one for the deployment on AWS.
     */
    public static final QueueDef SPAPI_NOTIFICATIONS = new QueueDef(
            "spapi", "zaiko-spapi", "SPAPI_QUEUE_URL", 180, 5, 4 * 24 * 3600);

    /** The SP-API notification queue of one Amazon channel (the local runtime gives each its own). */
    public static QueueDef spApiNotifications(String channelId) {
        requireChannelId(channelId);
        QueueDef shared = SPAPI_NOTIFICATIONS;
        return new QueueDef(shared.id() + "-" + channelId, shared.defaultName() + "-" + channelId,
                shared.urlEnvVar() + "_" + Names.envSuffix(channelId), shared.visibilityTimeoutSeconds(),
                shared.maxReceiveCount(), shared.retentionSeconds());
    }

    /** Push requests for one channel account's listings, consumed by that channel's pusher. */
    public static QueueDef push(String channelId) {
        requireChannelId(channelId);
        return new QueueDef("push-" + channelId, "zaiko-push-" + channelId,
                "PUSH_QUEUE_URL_" + Names.envSuffix(channelId),
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
