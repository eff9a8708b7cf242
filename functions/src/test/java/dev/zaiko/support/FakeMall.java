package dev.zaiko.support;

import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.StockReader;
import dev.zaiko.domain.channel.StockSink;
import dev.zaiko.domain.channel.StockUpdate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A mall for service tests, no sockets: it keeps what it shows per item and every write it received,
 * in order. {@link #answer} decides each item's result (OK by default); {@link #beforeWrite} runs
 * inside a write call (a latch to hold a pusher mid-call, a clock to move).
 */
public final class FakeMall implements ChannelAdapter {
    public record Write(String itemKey, long quantity) {
    }

    private final Map<String, Long> shown = new LinkedHashMap<>();
    private final List<Write> writes = new ArrayList<>();
    private final int batchSize;
    public volatile Function<StockUpdate, PushResult> answer = update -> PushResult.ok(update.itemKey());
    public volatile Runnable beforeWrite = () -> {
    };

    public FakeMall(int batchSize) {
        this.batchSize = batchSize;
    }

    public synchronized void show(String itemKey, long quantity) {
        shown.put(itemKey, quantity);
    }

    public synchronized Long shown(String itemKey) {
        return shown.get(itemKey);
    }

    public synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    @Override
    public String type() {
        return "fake";
    }

    @Override
    public OrderSource orders() {
        throw new UnsupportedOperationException("the fake mall has no orders");
    }

    @Override
    public StockSink stock() {
        return new StockSink() {
            @Override
            public int maxBatchSize() {
                return batchSize;
            }

            @Override
            public List<PushResult> write(List<StockUpdate> updates) {
                beforeWrite.run();
                List<PushResult> results = new ArrayList<>();
                synchronized (FakeMall.this) {
                    for (StockUpdate update : updates) {
                        PushResult result = answer.apply(update);
                        if (result.status() == dev.zaiko.domain.channel.PushStatus.OK) {
                            writes.add(new Write(update.itemKey(), update.quantity()));
                            shown.put(update.itemKey(), update.quantity());
                        }
                        results.add(result);
                    }
                }
                return results;
            }
        };
    }

    @Override
    public StockReader shownStock() {
        return (Collection<String> itemKeys) -> {
            synchronized (FakeMall.this) {
                Map<String, Long> result = new LinkedHashMap<>();
                itemKeys.forEach(key -> {
                    if (shown.containsKey(key)) {
                        result.put(key, shown.get(key));
                    }
                });
                return result;
            }
        };
    }

    @Override
    public List<CredentialStatus> credentials() {
        return List.of();
    }
}
