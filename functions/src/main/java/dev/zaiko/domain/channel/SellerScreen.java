package dev.zaiko.domain.channel;

import java.net.URI;
import java.util.Optional;

/**
 * What a seller needs to find an order in the mall's own seller screen (楽天 RMS, ストアクリエイターPro,
 * Seller Central, Shopify admin, …): the name the mall shows for it and a link to its page. Each
 * mall's package implements it ({@link ChannelAdapterFactory#sellerScreen}); nothing else knows the
 * URL shapes. Seller-screen URLs are not part of any mall's API: where no public source shows one
 * the mall gets no link, and a link whose shape only third-party code shows is marked unconfirmed.
 */
public interface SellerScreen {
    /** A mall without a public order page: no links, names as the mall's order ids. */
    SellerScreen NONE = orderId -> Optional.empty();

    /**
     * The order's page in the seller screen.
     *
     * @param confirmed false where only third-party public code (not the mall's documentation or
     *                  several independent sources) shows the URL shape; the console says so
     */
    record OrderLink(URI url, boolean confirmed) {
        public OrderLink {
            java.util.Objects.requireNonNull(url, "url");
            if (!"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("a seller-screen link must be https: " + url);
            }
        }
    }

    /** The page of the order the mall knows as {@code orderId} (as our lines and quarantine key it); empty when none. */
    Optional<OrderLink> order(String orderId);

    /**
     * The order's own name or number, read from the mall's raw order text of a quarantined order
     * (e.g. Shopify's {@code "name":"#1001"}); empty where the order id already is what the seller sees.
     */
    default Optional<String> orderName(String rawOrder) {
        return Optional.empty();
    }
}
