package dev.zaiko.app.ops;

import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.ReconcileReports;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * 再取得: reads again what each mall shows, in the background, as a report-only reconcile run per
 * channel (the reconciler's own bulk reads, through the channel's adapter and so its rate limiter;
 * nothing is pushed). At most one run per channel at a time: a second request for a channel that is
 * being read joins the running read instead of starting another, so a seller pressing the button
 * repeatedly never costs a mall more than one read. Each request gets a job id the page polls.
 *
 * <p>Two ways to run the read:
 * <ul>
 *   <li>{@link MallRead}: in this process (the local runtime, the CLI), the job kept in memory;</li>
 *   <li>{@link Trigger}: elsewhere, in the background (on AWS an asynchronous invoke of the reconcile
 *       function in REPORT mode: an admin Lambda stops running once it has answered, and the next
 *       poll may reach another container). The job id then carries the request time and the
 *       channels, and a channel is done when its stored report ({@link ReconcileReports#latest})
 *       started after the request: any container answers the poll from the store.</li>
 * </ul>
 */
public final class ShownRefresh {
    /** Runs a REPORT-mode reconcile of one channel and returns the report it saved. */
    @FunctionalInterface
    public interface MallRead {
        ReconcileReports.Report read(String channelId);
    }

    /** Starts a REPORT-mode reconcile of one channel somewhere else and returns at once (it saves its report). */
    @FunctionalInterface
    public interface Trigger {
        void start(String channelId);
    }

    /** How long a triggered read may take before the page is told it failed (the reconcile function's timeout). */
    public static final java.time.Duration TRIGGERED_TIMEOUT = java.time.Duration.ofMinutes(15);
    /** A second press within this time after a trigger joins it instead of invoking again (per container). */
    static final java.time.Duration JOIN_WITHIN = java.time.Duration.ofMinutes(2);
    /** Clocks of two functions may differ a little: a report that started this much before the request still counts. */
    static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofSeconds(2);

    public enum State { RUNNING, DONE, FAILED }

    /** One channel's read within a job. */
    public record ChannelRun(String channelId, State state, Optional<ReconcileReports.Report> report, String error) {
    }

    public record Job(String id, Instant startedAt, List<ChannelRun> channels) {
        public State state() {
            if (channels.stream().anyMatch(c -> c.state() == State.RUNNING)) {
                return State.RUNNING;
            }
            return channels.stream().anyMatch(c -> c.state() == State.FAILED) ? State.FAILED : State.DONE;
        }
    }

    private static final int KEEP_JOBS = 100;

    private final Optional<MallRead> read;
    private final Optional<Trigger> trigger;
    private final Optional<ReconcileReports> reports;
    /** Per channel, when this container last triggered a read (to join repeated presses). */
    private final Map<String, Instant> triggered = new ConcurrentHashMap<>();
    private final ChannelDirectory channels;
    private final Consumer<ReconcileReports.Report> onReport;
    private final Clock clock;
    private final ExecutorService runner;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, CompletableFuture<ReconcileReports.Report>> running = new ConcurrentHashMap<>();
    private final Map<String, JobRecord> jobs = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JobRecord> eldest) {
            return size() > KEEP_JOBS;
        }
    });

    private record JobRecord(String id, Instant startedAt, Map<String, CompletableFuture<ReconcileReports.Report>> runs) {
    }

    /**
     * @param read     empty where this deployment cannot read malls from the admin process (the page says so)
     * @param onReport told of each finished report (the stock table's snapshot takes it)
     */
    public ShownRefresh(Optional<MallRead> read, ChannelDirectory channels, Consumer<ReconcileReports.Report> onReport,
                        Clock clock) {
        this(read, Optional.empty(), Optional.empty(), channels, onReport, clock);
    }

    /**
     * A refresh that runs elsewhere ({@link Trigger}) and is followed through the stored reports.
     *
     * @param onReport told of each report seen to finish a job (the stock table's snapshot takes it)
     */
    public ShownRefresh(Trigger trigger, ReconcileReports reports, ChannelDirectory channels,
                        Consumer<ReconcileReports.Report> onReport, Clock clock) {
        this(Optional.empty(), Optional.of(trigger), Optional.of(reports), channels, onReport, clock);
    }

    private ShownRefresh(Optional<MallRead> read, Optional<Trigger> trigger, Optional<ReconcileReports> reports,
                         ChannelDirectory channels, Consumer<ReconcileReports.Report> onReport, Clock clock) {
        this.read = read;
        this.trigger = trigger;
        this.reports = reports;
        this.channels = channels;
        this.onReport = onReport;
        this.clock = clock;
        this.runner = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("shown-refresh-", 0).factory());
    }

    public boolean available() {
        return read.isPresent() || trigger.isPresent();
    }

    /** Starts (or joins) a read of each channel; all channels when none are named. */
    public Job start(List<String> channelIds) {
        if (read.isEmpty() && trigger.isEmpty()) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "REFRESH_UNAVAILABLE", Map.of(),
                    "this deployment reads malls only on the reconcile schedule");
        }
        List<String> known = channels.channels().stream().map(ChannelDirectory.Entry::id).sorted().toList();
        List<String> wanted = channelIds.isEmpty() ? known : channelIds.stream().distinct().toList();
        for (String id : wanted) {
            if (!known.contains(id)) {
                throw OpsException.unknownChannel(id, known);
            }
        }
        if (read.isEmpty()) {
            return startTriggered(wanted);
        }
        MallRead reader = read.get();
        Map<String, CompletableFuture<ReconcileReports.Report>> runs = new LinkedHashMap<>();
        for (String id : wanted) {
            runs.put(id, running.computeIfAbsent(id, c -> {
                CompletableFuture<ReconcileReports.Report> future = CompletableFuture.supplyAsync(() -> {
                    ReconcileReports.Report report = reader.read(c);
                    onReport.accept(report);
                    return report;
                }, runner);
                future.whenComplete((r, e) -> running.remove(c, future));
                return future;
            }));
        }
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        JobRecord job = new JobRecord(HexFormat.of().formatHex(bytes), clock.instant(), runs);
        jobs.put(job.id(), job);
        return view(job);
    }

    public Optional<Job> job(String id) {
        if (trigger.isPresent()) {
            return triggeredJob(id);
        }
        return Optional.ofNullable(jobs.get(id)).map(this::view);
    }

    // ------------------------------------------------------------------ triggered elsewhere

    /** The job id of a triggered refresh: {@code <request epoch millis>.<channel>.<channel>…} (ids are [a-z0-9-]). */
    private Job startTriggered(List<String> wanted) {
        Instant now = clock.instant();
        Instant requestedAt = now;
        for (String id : wanted) {
            Instant last = triggered.get(id);
            boolean running = last != null && Duration.between(last, now).compareTo(JOIN_WITHIN) < 0
                    && !finishedSince(id, last);
            if (running) {
                // joins the read this container started: the job waits for a report since that one
                requestedAt = requestedAt.isAfter(last) ? last : requestedAt;
                continue;
            }
            try {
                trigger.get().start(id);
            } catch (RuntimeException e) {
                throw new OpsException(OpsException.Kind.CHANNEL_FAILED, "REFRESH_START_FAILED",
                        Map.of("channel", id, "message", String.valueOf(e.getMessage())),
                        "could not start the read of " + id + ": " + e.getMessage());
            }
            triggered.put(id, now);
        }
        String jobId = requestedAt.toEpochMilli() + "." + String.join(".", wanted);
        return triggeredJob(jobId).orElseThrow();
    }

    private boolean finishedSince(String channelId, Instant since) {
        return reports.orElseThrow().latest(channelId)
                .filter(r -> !r.startedAt().isBefore(since.minus(CLOCK_SKEW))).isPresent();
    }

    private Optional<Job> triggeredJob(String jobId) {
        String[] parts = jobId.split("\\.");
        if (parts.length < 2 || !parts[0].matches("[0-9]{1,15}")) {
            return Optional.empty();
        }
        Instant requestedAt = Instant.ofEpochMilli(Long.parseLong(parts[0]));
        List<String> known = channels.channels().stream().map(ChannelDirectory.Entry::id).toList();
        Instant now = clock.instant();
        List<ChannelRun> runs = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String id = parts[i];
            if (!known.contains(id)) {
                return Optional.empty();
            }
            Optional<ReconcileReports.Report> report = reports.orElseThrow().latest(id)
                    .filter(r -> !r.startedAt().isBefore(requestedAt.minus(CLOCK_SKEW)));
            if (report.isPresent()) {
                onReport.accept(report.get());
                runs.add(new ChannelRun(id, State.DONE, report, ""));
            } else if (Duration.between(requestedAt, now).compareTo(TRIGGERED_TIMEOUT) > 0) {
                runs.add(new ChannelRun(id, State.FAILED, Optional.empty(),
                        "no report of " + id + " within " + TRIGGERED_TIMEOUT.toMinutes() + " minutes of the request"));
            } else {
                runs.add(new ChannelRun(id, State.RUNNING, Optional.empty(), ""));
            }
        }
        return Optional.of(new Job(jobId, requestedAt, runs));
    }

    private Job view(JobRecord job) {
        List<ChannelRun> runs = new ArrayList<>();
        job.runs().forEach((id, future) -> {
            if (!future.isDone()) {
                runs.add(new ChannelRun(id, State.RUNNING, Optional.empty(), ""));
            } else if (future.isCompletedExceptionally()) {
                Throwable cause = future.exceptionNow();
                runs.add(new ChannelRun(id, State.FAILED, Optional.empty(),
                        cause.getMessage() == null ? cause.toString() : cause.getMessage()));
            } else {
                runs.add(new ChannelRun(id, State.DONE, Optional.of(future.resultNow()), ""));
            }
        });
        return new Job(job.id(), job.startedAt(), runs);
    }
}
