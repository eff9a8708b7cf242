package dev.zaiko.domain.port;

import dev.zaiko.domain.channel.ChannelAdapter;

import java.util.List;
import java.util.Optional;

/**
 * The channel accounts this deployment syncs, as the seller's tools see them: which exist, each
 * one's adapter (built from its stored credentials) and how many push requests wait for it.
 */
public interface ChannelDirectory {
    /** Every channel account, by id. */
    List<Entry> channels();

    default Optional<Entry> find(String channelId) {
        return channels().stream().filter(c -> c.id().equals(channelId)).findFirst();
    }

    /**
     * The channel's adapter for its current credentials.
     *
     * @throws IllegalArgumentException for an unknown channel
     * @throws RuntimeException         when the adapter cannot be built (missing secret, bad option): the
     *                                  message names the channel and never a secret value
     */
    ChannelAdapter adapter(String channelId);

    /** Push requests waiting in the channel's queue (approximate); -1 when the queue cannot be read. */
    int pushQueueDepth(String channelId);

    /** Messages in the channel's push dead-letter queue (pushes that need a person); -1 when unknown. */
    default int pushDeadLetterDepth(String channelId) {
        return -1;
    }

    /** Order names and seller-screen links of a channel account; {@code NONE} for an unknown one. */
    default dev.zaiko.domain.channel.SellerScreen sellerScreen(String channelId) {
        return dev.zaiko.domain.channel.SellerScreen.NONE;
    }

    /**
     * The channel's low-stock hold-back: it should show {@code holdBack.shown(sellable)}, not the
     * whole sellable quantity (none for an unknown channel).
     */
    default dev.zaiko.domain.HoldBack holdBack(String channelId) {
        return dev.zaiko.domain.HoldBack.NONE;
    }

    record Entry(String id, String type) {
    }
}
