package dev.zaiko.domain.channel;

import java.time.Instant;
import java.util.Optional;

/** A mall's orders, normalised. */
public interface OrderSource {
    /**
     * Order lines that changed in [{@code from}, {@code to}), one page per call; pass the previous
     * page's token to continue. Malls that filter only by order date re-check the orders they still
     * hold open (see {@link OpenOrders}) so cancellations and later statuses are still seen.
     *
     * @throws ChannelException classified RETRY or AUTH
     */
    OrderPage fetchChanged(Instant from, Instant to, Optional<String> pageToken);
}
