package dev.zaiko.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.channel.SellerScreen;

import java.net.URI;
import java.util.Optional;

/**
 * Shopify admin: {@code https://<shop>.myshopify.com/admin/orders/<numeric id>} (the store's own
 * admin path, which Shopify forwards to {@code admin.shopify.com}; the shape is the one many public
 * apps link to). Lines are keyed by the numeric order id (5200000102); the seller knows the order
 * by its {@code name} ({@code #1001}), which ingestion keeps on the line, and which is read here
 * from the raw order of a quarantined one. Without a {@code shopDomain} option (a simulator's
 * {@code baseUrl}) there is no link.
 */
final class ShopifySellerScreen implements SellerScreen {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Optional<String> shopDomain;

    ShopifySellerScreen(Optional<String> shopDomain) {
        this.shopDomain = shopDomain.filter(d -> ShopifyAdapterFactory.SHOP_DOMAIN.matcher(d).matches());
    }

    @Override
    public Optional<OrderLink> order(String orderId) {
        Optional<String> numeric = ShopifyIds.isDigits(orderId) ? Optional.of(orderId)
                : ShopifyIds.numeric(orderId, "Order");
        if (shopDomain.isEmpty() || numeric.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OrderLink(URI.create("https://" + shopDomain.get() + "/admin/orders/" + numeric.get()),
                true));
    }

    /** {@code name} of the raw order (GraphQL node or webhook body), when it is readable. */
    @Override
    public Optional<String> orderName(String rawOrder) {
        try {
            JsonNode name = JSON.readTree(rawOrder).path("name");
            return name.isTextual() && !name.asText().isBlank() ? Optional.of(name.asText().strip()) : Optional.empty();
        } catch (java.io.IOException | RuntimeException e) {
            // a raw excerpt cut at 2 KB is not valid JSON any more: no name, the order id stays
            return Optional.empty();
        }
    }
}
