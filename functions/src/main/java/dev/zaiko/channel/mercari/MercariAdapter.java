package dev.zaiko.channel.mercari;

import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.StockReader;
import dev.zaiko.domain.channel.StockSink;
import dev.zaiko.domain.channel.WebhookOrders;
import dev.zaiko.domain.channel.WebhookVerifier;

import java.util.List;
import java.util.Optional;

/** Mercari Shops for one channel account; built by {@link MercariAdapterFactory}. */
final class MercariAdapter implements ChannelAdapter {
    private final MercariOrderSource orders;
    private final MercariStockSink stock;
    private final MercariStockReader reader;
    private final Optional<WebhookVerifier> verifier;
    private final MercariWebhookOrders webhookOrders;
    private final MercariAuth auth;

    MercariAdapter(MercariOrderSource orders, MercariStockSink stock, MercariStockReader reader,
                   Optional<WebhookVerifier> verifier, MercariWebhookOrders webhookOrders, MercariAuth auth) {
        this.orders = orders;
        this.stock = stock;
        this.reader = reader;
        this.verifier = verifier;
        this.webhookOrders = webhookOrders;
        this.auth = auth;
    }

    @Override
    public String type() {
        return MercariAdapterFactory.TYPE;
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

    /** Only with a verifier: an unverifiable delivery must never reach the ledger. */
    @Override
    public Optional<WebhookOrders> webhookOrders() {
        return verifier.map(v -> webhookOrders);
    }

    @Override
    public List<CredentialStatus> credentials() {
        return auth.credentials();
    }
}
