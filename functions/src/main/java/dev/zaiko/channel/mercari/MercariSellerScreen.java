package dev.zaiko.channel.mercari;

import dev.zaiko.domain.channel.SellerScreen;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * メルカリShops 管理画面の注文: {@code https://mercari-shops.com/seller/shops/<shop id>/orders/<order id>}.
 * UNCONFIRMED: Mercari documents no seller-screen links; two public tools use this shape, so the
 * console marks the link unconfirmed. The shop id (as in the seller screen's address) is the
 * channel's {@code shopId} option; without it there is no link.
 */
final class MercariSellerScreen implements SellerScreen {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private final Optional<String> shopId;

    MercariSellerScreen(Optional<String> shopId) {
        this.shopId = shopId.map(String::strip).filter(s -> ID.matcher(s).matches());
    }

    @Override
    public Optional<OrderLink> order(String orderId) {
        if (shopId.isEmpty() || orderId == null || !ID.matcher(orderId).matches()) {
            return Optional.empty();
        }
        return Optional.of(new OrderLink(URI.create("https://mercari-shops.com/seller/shops/" + shopId.get()
                + "/orders/" + orderId), false));
    }
}
