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
     * <p>An order the adapter cannot normalise does not fail the page: it comes back in
     * {@link OrderPage#rejected()} (see {@link FetchedOrder#parse}).
     *
     * @throws ChannelException classified RETRY or AUTH
     */
    OrderPage fetchChanged(Instant from, Instant to, Optional<String> pageToken);

    /**
     * Called once the page's events are on the orders queue: only now may the orders it found
     * closed leave the open set (closing them earlier loses their last events if the run dies
     * before enqueueing). Sources without an open set have nothing to do.
     */
    default void pageEnqueued(OrderPage page) {
        if (!page.ordersToClose().isEmpty()) {
            throw new UnsupportedOperationException(getClass().getSimpleName()
                    + " returned orders to close but does not close them");
        }
    }
}
