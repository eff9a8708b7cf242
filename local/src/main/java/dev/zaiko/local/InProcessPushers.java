package dev.zaiko.local;

import dev.zaiko.domain.port.PusherTrigger;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The local stand-in for asynchronous Lambda invocations of the pushers: one worker thread per
 * channel (like one pusher invocation at a time per channel); a wake-up while a drain is pending
 * is folded into it, so bursts coalesce exactly as they do on AWS.
 */
public final class InProcessPushers implements PusherTrigger, AutoCloseable {
    private final Consumer<String> drain;
    private final Map<String, ExecutorService> workers = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> pending = new ConcurrentHashMap<>();
    private final AtomicLong wakeUps = new AtomicLong();
    private final AtomicLong drains = new AtomicLong();
    private volatile boolean closed;

    public InProcessPushers(Consumer<String> drain) {
        this.drain = drain;
    }

    @Override
    public void wake(Collection<String> channelIds) {
        for (String channelId : channelIds) {
            wakeUps.incrementAndGet();
            AtomicBoolean flag = pending.computeIfAbsent(channelId, c -> new AtomicBoolean());
            if (!flag.compareAndSet(false, true)) {
                continue;
            }
            workers.computeIfAbsent(channelId, c -> Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "pusher-" + c);
                thread.setDaemon(true);
                return thread;
            })).execute(() -> {
                flag.set(false);
                drains.incrementAndGet();
                try {
                    drain.accept(channelId);
                } catch (RuntimeException e) {
                    if (!closed) {
                        System.err.println("pusher " + channelId + " failed: " + e);
                    }
                }
            });
        }
    }

    public long wakeUps() {
        return wakeUps.get();
    }

    public long drains() {
        return drains.get();
    }

    @Override
    public void close() {
        // A drain cut short by shutdown is not a failure worth reporting; its requests stay queued.
        closed = true;
        workers.values().forEach(ExecutorService::shutdownNow);
        for (ExecutorService worker : workers.values()) {
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
