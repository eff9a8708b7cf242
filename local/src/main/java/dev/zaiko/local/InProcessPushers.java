package dev.zaiko.local;

import dev.zaiko.domain.port.PusherTrigger;

import java.util.Collection;
import java.util.List;
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
    private volatile boolean held;

    public InProcessPushers(Consumer<String> drain) {
        this.drain = drain;
    }

    @Override
    public void wake(Collection<String> channelIds) {
        if (held) {
            // A cadence without an urgent path (the demo's "typical sync tool"): requests wait in
            // their queues for the next drainNow.
            return;
        }
        for (String channelId : channelIds) {
            wakeUps.incrementAndGet();
            AtomicBoolean flag = pending.computeIfAbsent(channelId, c -> new AtomicBoolean());
            if (!flag.compareAndSet(false, true)) {
                continue;
            }
            worker(channelId).execute(() -> {
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

    /**
     * While held, wake-ups (the ledger's urgent path, the poll's fallback) are ignored: only
     * {@link #drainNow} drains. The demo uses it to play a sync tool that pushes once per poll cycle.
     */
    public void holdWakeUps(boolean hold) {
        this.held = hold;
    }

    /**
     * Drains these channels now, each on its own worker (one drain per channel at a time, as
     * always), and waits for all of them, at most {@code timeout}. Returns false on timeout.
     */
    public boolean drainNow(Collection<String> channelIds, java.time.Duration timeout) {
        List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
        for (String channelId : channelIds) {
            running.add(worker(channelId).submit(() -> {
                drains.incrementAndGet();
                try {
                    drain.accept(channelId);
                } catch (RuntimeException e) {
                    if (!closed) {
                        System.err.println("pusher " + channelId + " failed: " + e);
                    }
                }
            }));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (java.util.concurrent.Future<?> future : running) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                // reported by the task itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private ExecutorService worker(String channelId) {
        return workers.computeIfAbsent(channelId, c -> Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "pusher-" + c);
            thread.setDaemon(true);
            return thread;
        }));
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
