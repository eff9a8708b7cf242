package dev.zaiko.channel.makeshop;

import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.StockReader;
import dev.zaiko.domain.channel.StockSink;
import dev.zaiko.domain.channel.WebhookOrders;
import dev.zaiko.domain.channel.WebhookVerifier;

import java.util.List;
import java.util.Optional;

/** makeshop (next-generation GraphQL API) for one channel account; built by {@link MakeshopAdapterFactory}. */
final class MakeshopAdapter implements ChannelAdapter {
    private final MakeshopOrderSource orders;
    private final MakeshopStockSink stock;
    private final MakeshopStockReader reader;
    private final Optional<WebhookVerifier> verifier;
    private final MakeshopWebhookOrders webhookOrders;
    private final MakeshopAuth auth;

    MakeshopAdapter(MakeshopOrderSource orders, MakeshopStockSink stock, MakeshopStockReader reader,
                   Optional<WebhookVerifier> verifier, MakeshopWebhookOrders webhookOrders, MakeshopAuth auth) {
        this.orders = orders;
        this.stock = stock;
        this.reader = reader;
        this.verifier = verifier;
        this.webhookOrders = webhookOrders;
        this.auth = auth;
    }

    @Override
    public String type() {
        return MakeshopAdapterFactory.TYPE;
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
