package dev.zaiko.app.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Applies independent items on a few threads: every item is its own ledger transaction (one SKU,
 * or one listing), so a bulk import is bound by round trips, not by the ledger, and the ledger
 * service already serialises writes to the same SKU.
 */
final class Parallel {
    private Parallel() {
    }

    static <T, R> List<R> map(List<T> items, int threads, String phase, Progress progress, Function<T, R> work) {
        if (items.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, items.size())), r -> {
            Thread thread = new Thread(r, "zaiko-ops-" + phase);
            thread.setDaemon(true);
            return thread;
        });
        AtomicLong done = new AtomicLong();
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    R result = work.apply(item);
                    progress.update(phase, done.incrementAndGet(), items.size());
                    return result;
                }));
            }
            List<R> results = new ArrayList<>(items.size());
            for (Future<R> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException(e.getCause());
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying " + phase, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A file name as it may appear in the journal: its last path segment, printable, at most 200 characters. */
    static String fileLabel(String fileName) {
        String name = fileName == null || fileName.isBlank() ? "upload.csv" : fileName;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder();
        name.codePoints().filter(c -> !Character.isISOControl(c)).forEach(clean::appendCodePoint);
        String label = clean.toString().strip();
        if (label.isEmpty()) {
            label = "upload.csv";
        }
        return label.length() > 200 ? label.substring(0, 200) : label;
    }
}
