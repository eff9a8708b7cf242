package dev.zaiko.channel.shopify;

import dev.zaiko.domain.channel.CatalogReader;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.StockReader;
import dev.zaiko.domain.channel.StockSink;
import dev.zaiko.domain.channel.WebhookOrders;
import dev.zaiko.domain.channel.WebhookVerifier;

import java.util.List;
import java.util.Optional;

/** One Shopify store (one channel account); see {@link ShopifyAdapterFactory} for its settings. */
public final class ShopifyAdapter implements ChannelAdapter {
    private final ShopifyOrderSource orders;
    private final ShopifyStockSink stock;
    private final ShopifyStockReader reader;
    private final Optional<WebhookVerifier> verifier;
    private final ShopifyWebhookOrders webhookOrders;
    private final ShopifyAccess access;
    private final Optional<CatalogReader> catalog;

    ShopifyAdapter(ShopifyOrderSource orders, ShopifyStockSink stock, ShopifyStockReader reader,
                   Optional<WebhookVerifier> verifier, ShopifyWebhookOrders webhookOrders, ShopifyAccess access) {
        this(orders, stock, reader, verifier, webhookOrders, access, Optional.empty());
    }

    ShopifyAdapter(ShopifyOrderSource orders, ShopifyStockSink stock, ShopifyStockReader reader,
                   Optional<WebhookVerifier> verifier, ShopifyWebhookOrders webhookOrders, ShopifyAccess access,
                   Optional<CatalogReader> catalog) {
        this.catalog = catalog;
        this.orders = orders;
        this.stock = stock;
        this.reader = reader;
        this.verifier = verifier;
        this.webhookOrders = webhookOrders;
        this.access = access;
    }

    @Override
    public String type() {
        return ShopifyAdapterFactory.TYPE;
    }

    @Override
    public OrderSource orders() {
        return orders;
    }

    @Override
    public StockSink stock() {
        return stock;
    }

    @Override
    public StockReader shownStock() {
        return reader;
    }

    @Override
    public Optional<WebhookVerifier> webhookVerifier() {
        return verifier;
    }

    @Override
    public Optional<WebhookOrders> webhookOrders() {
        return Optional.of(webhookOrders);
    }

    @Override
    public Optional<CatalogReader> catalog() {
        return catalog;
    }

    @Override
    public List<CredentialStatus> credentials() {
        return List.of(access.status());
    }
}
