package dev.zaiko.channel.fakemall;

import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.OpenOrders;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.StockReader;
import dev.zaiko.domain.channel.StockSink;

import java.util.List;

/**
 * The adapter half of a ninth mall that exists only for {@code AddingAMallTest}: registered by
 * {@code src/test/fakemall/META-INF/services}, which only that test puts on its class path. It is
 * never polled or pushed to, so its ports refuse, saying so.
 */
public final class FakeMallAdapterFactory implements ChannelAdapterFactory {
    @Override
    public String type() {
        return "fakemall";
    }

    @Override
    public ChannelAdapter create(ChannelSettings settings, OpenOrders openOrders) {
        return new ChannelAdapter() {
            @Override
            public String type() {
                return "fakemall";
            }

            @Override
            public OrderSource orders() {
                throw new UnsupportedOperationException("the fake mall is never polled");
            }

            @Override
            public StockSink stock() {
                throw new UnsupportedOperationException("the fake mall is never pushed to");
            }

            @Override
            public StockReader shownStock() {
                throw new UnsupportedOperationException("the fake mall is never reconciled");
            }

            @Override
            public List<CredentialStatus> credentials() {
                return List.of();
            }
        };
    }
}
