package dev.zaiko.channel.yahoo;

import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.StockReader;
import dev.zaiko.domain.channel.StockSink;

import java.util.List;

/** Yahoo! Shopping (Store API) for one store. Built by {@link YahooAdapterFactory}. */
public final class YahooAdapter implements ChannelAdapter {
    private final YahooOrderSource orders;
    private final YahooStockSink stock;
    private final YahooStockReader shownStock;
    private final YahooCredentials credentials;

    YahooAdapter(YahooOrderSource orders, YahooStockSink stock, YahooStockReader shownStock,
                 YahooCredentials credentials) {
        this.orders = orders;
        this.stock = stock;
        this.shownStock = shownStock;
        this.credentials = credentials;
    }

    @Override
    public String type() {
        return YahooAdapterFactory.TYPE;
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

    /** Refresh token (28 days, re-consent link in the renewal text) and public key (1 year). */
    @Override
    public List<CredentialStatus> credentials() {
        return credentials.statuses();
    }

    /** The stock call answers success for keys the mall does not know (and purges them later). */
    @Override
    public boolean acceptsUnknownItemKeysSilently() {
        return true;
    }
}
