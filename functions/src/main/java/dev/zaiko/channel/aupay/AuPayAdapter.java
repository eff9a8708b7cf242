package dev.zaiko.channel.aupay;

import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.StockReader;
import dev.zaiko.domain.channel.StockSink;

import java.util.List;

/** au PAY Market (Wowma Shop API) for one shop; built by {@link AuPayAdapterFactory}. Polling only: no webhooks. */
public final class AuPayAdapter implements ChannelAdapter {
    private final AuPayOrderSource orders;
    private final AuPayStockSink stock;
    private final AuPayStockReader shownStock;
    private final AuPayAuth auth;

    AuPayAdapter(AuPayOrderSource orders, AuPayStockSink stock, AuPayStockReader shownStock, AuPayAuth auth) {
        this.orders = orders;
        this.stock = stock;
        this.shownStock = shownStock;
        this.auth = auth;
    }

    @Override
    public String type() {
        return AuPayAdapterFactory.TYPE;
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
        return shownStock;
    }

    @Override
    public List<CredentialStatus> credentials() {
        return auth.statuses();
    }
}
