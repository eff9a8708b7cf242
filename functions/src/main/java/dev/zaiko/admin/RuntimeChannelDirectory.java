package dev.zaiko.admin;

import dev.zaiko.config.ChannelRuntime;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.port.ChannelDirectory;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The channel directory over {@link ChannelRuntime}s (what the Lambda wiring and the local runtime
 * build from their config): adapters are built lazily from the stored credentials.
 *
 * <p>{@code runtimes}: by id; a supplier, so a runtime that adds channels later is seen
 * {@code queueDepth}: visible messages in a channel's push queue
 */
public final class RuntimeChannelDirectory implements ChannelDirectory {
    private final Supplier<Map<String, ChannelRuntime>> runtimes;
    private final ToIntFunction<String> queueDepth;
    private final ToIntFunction<String> deadLetterDepth;

    public RuntimeChannelDirectory(Supplier<Map<String, ChannelRuntime>> runtimes, ToIntFunction<String> queueDepth) {
        this(runtimes, queueDepth, id -> -1);
    }

    /** @param deadLetterDepth messages in a channel's push DLQ */
    public RuntimeChannelDirectory(Supplier<Map<String, ChannelRuntime>> runtimes, ToIntFunction<String> queueDepth,
                                   ToIntFunction<String> deadLetterDepth) {
        this.runtimes = runtimes;
        this.queueDepth = queueDepth;
        this.deadLetterDepth = deadLetterDepth;
    }

    @Override
    public int pushDeadLetterDepth(String channelId) {
        try {
            return deadLetterDepth.applyAsInt(channelId);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public List<Entry> channels() {
        return runtimes.get().values().stream().map(c -> new Entry(c.channelId(), c.type()))
                .sorted(java.util.Comparator.comparing(Entry::id)).toList();
    }

    @Override
    public ChannelAdapter adapter(String channelId) {
        ChannelRuntime runtime = runtimes.get().get(channelId);
        if (runtime == null) {
            throw new IllegalArgumentException("unknown channel '" + channelId + "'");
        }
        return runtime.adapter();
    }

    @Override
    public dev.zaiko.domain.channel.SellerScreen sellerScreen(String channelId) {
        ChannelRuntime runtime = runtimes.get().get(channelId);
        return runtime == null ? dev.zaiko.domain.channel.SellerScreen.NONE : runtime.sellerScreen();
    }

    @Override
    public dev.zaiko.domain.HoldBack holdBack(String channelId) {
        ChannelRuntime runtime = runtimes.get().get(channelId);
        return runtime == null ? dev.zaiko.domain.HoldBack.NONE : runtime.holdBack();
    }

    @Override
    public int pushQueueDepth(String channelId) {
        try {
            return queueDepth.applyAsInt(channelId);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
