package dev.zaiko.channel.rakuten;

import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.StockReader;
import dev.zaiko.domain.channel.StockSink;

import java.util.List;

/** Rakuten Ichiba (RMS WEB SERVICE) for one shop. Built by {@link RakutenAdapterFactory}. */
public final class RakutenAdapter implements ChannelAdapter {
    private final RakutenOrderSource orders;
    private final RakutenStockSink stock;
    private final RakutenStockReader shownStock;
    private final RakutenLicense license;

    RakutenAdapter(RakutenOrderSource orders, RakutenStockSink stock, RakutenStockReader shownStock,
                   RakutenLicense license) {
        this.orders = orders;
        this.stock = stock;
        this.shownStock = shownStock;
        this.license = license;
    }

    @Override
    public String type() {
        return RakutenAdapterFactory.TYPE;
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

    /** The licenseKey's expiry, asked of Rakuten on every call (the caller decides how often). */
    @Override
    public List<CredentialStatus> credentials() {
        return List.of(license.status());
    }

    /** The stock call answers success for keys the mall does not know (and purges them later). */
    @Override
    public boolean acceptsUnknownItemKeysSilently() {
        return true;
    }
}
