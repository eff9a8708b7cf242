package dev.zaiko.local.demo;

import dev.zaiko.domain.ListingKey;
import dev.zaiko.local.LocalRuntime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The demo's "typical sync tool" (a GoQ 在庫連携-style SaaS) on the same runtime: no webhooks, no
 * urgent path; every {@code interval} it polls every mall, lets the ledger take the orders found,
 * then pushes stock to every mall once (the listings the ledger changed, plus any listing whose mall
 * shows another number: such tools push their whole stock each cycle). Between cycles nothing is
 * pushed: the pushers' wake-ups are held.
 */
final class PollCycle implements AutoCloseable {
    private final LocalRuntime runtime;
    private final java.util.function.Supplier<Map<ListingKey, long[]>> differences;
    private final Duration interval;
    private final Consumer<String> events;
    private final ExecutorService polls = Executors.newFixedThreadPool(8, r -> {
        Thread thread = new Thread(r, "typical-poll");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread loop;
    private volatile boolean running = true;
    private long completed;

    /** @param differences the listings whose mall shows another number than the ledger (listing → {ledger, shown}) */
    PollCycle(LocalRuntime runtime, java.util.function.Supplier<Map<ListingKey, long[]>> differences, Duration interval,
              Consumer<String> events) {
        this.runtime = runtime;
        this.differences = differences;
        this.interval = interval;
        this.events = events;
        this.loop = new Thread(this::loop, "typical-cycle");
        this.loop.setDaemon(true);
        runtime.pushers().holdWakeUps(true);
    }

    void start() {
        loop.start();
    }

    private void loop() {
        long next = System.nanoTime() + interval.toNanos();
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            next += interval.toNanos();
            try {
                cycle();
            } catch (RuntimeException e) {
                if (running) {
                    events.accept("typical tool: cycle failed: " + e);
                }
            }
            synchronized (this) {
                completed++;
                notifyAll();
            }
        }
    }

    /** Poll every mall, wait for the ledger, push once to every mall. */
    private void cycle() {
        List<Future<?>> running = new ArrayList<>();
        for (String channelId : runtime.channels().keySet()) {
            running.add(polls.submit(() -> runtime.poll(channelId)));
        }
        for (Future<?> poll : running) {
            try {
                poll.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                events.accept("typical tool: poll failed: " + e.getCause().getMessage());
            } catch (java.util.concurrent.TimeoutException e) {
                events.accept("typical tool: a poll took over 60 s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (runtime.ordersInFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Map<ListingKey, long[]> differ = differences.get();
        if (!differ.isEmpty()) {
            runtime.ledger.requestListingPushes(differ.keySet());
        }
        runtime.pushers().drainNow(runtime.channels().keySet(), Duration.ofSeconds(60));
    }

    synchronized long completed() {
        return completed;
    }

    /** Waits until a cycle after the {@code seen}-th has completed; false on timeout. */
    synchronized boolean awaitCycleAfter(long seen, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (completed <= seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        polls.shutdownNow();
    }
}
