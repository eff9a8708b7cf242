package dev.zaiko.channel.amazon;

import dev.zaiko.domain.channel.SellerScreen;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Seller Central's order details: {@code https://sellercentral.amazon.co.jp/orders-v3/order/<AmazonOrderId>}
 * (the shape many public seller tools link to; not in the SP-API documentation). The Amazon order
 * id ({@code 503-1234567-1234567}) is the number the seller sees, so no separate name. Only the JP
 * marketplace's Seller Central is linked: others have their own domains, which this product does
 * not configure.
 */
final class AmazonSellerScreen implements SellerScreen {
    private static final Pattern ORDER_ID = Pattern.compile("\\d{3}-\\d{7}-\\d{7}");
    private final boolean japan;

    AmazonSellerScreen(Optional<String> marketplaceId) {
        this.japan = marketplaceId.orElse(AmazonApi.JP_MARKETPLACE_ID).equals(AmazonApi.JP_MARKETPLACE_ID);
    }

    @Override
    public Optional<OrderLink> order(String orderId) {
        if (!japan || orderId == null || !ORDER_ID.matcher(orderId).matches()) {
            return Optional.empty();
        }
        return Optional.of(new OrderLink(URI.create("https://sellercentral.amazon.co.jp/orders-v3/order/" + orderId),
                true));
    }
}
