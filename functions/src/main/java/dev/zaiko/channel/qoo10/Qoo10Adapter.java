package dev.zaiko.channel.qoo10;

import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.StockReader;
import dev.zaiko.domain.channel.StockSink;

import java.util.List;

/** Qoo10 Japan (QAPI) for one channel account; built by {@link Qoo10AdapterFactory}. Polling only: Qoo10 has no webhooks. */
public final class Qoo10Adapter implements ChannelAdapter {
    private final Qoo10OrderSource orders;
    private final Qoo10StockSink stock;
    private final Qoo10StockReader shownStock;
    private final Qoo10Auth auth;

    Qoo10Adapter(Qoo10OrderSource orders, Qoo10StockSink stock, Qoo10StockReader shownStock, Qoo10Auth auth) {
        this.orders = orders;
        this.stock = stock;
        this.shownStock = shownStock;
        this.auth = auth;
    }

    @Override
    public String type() {
        return Qoo10AdapterFactory.TYPE;
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
