package dev.zaiko.app.ops;

import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.ReconcileReports;

import java.security.SecureRandom;
import java.time.Clock;
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
 */
public final class ShownRefresh {
    /** Runs a REPORT-mode reconcile of one channel and returns the report it saved. */
    @FunctionalInterface
    public interface MallRead {
        ReconcileReports.Report read(String channelId);
    }

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
        this.read = read;
        this.channels = channels;
        this.onReport = onReport;
        this.clock = clock;
        this.runner = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("shown-refresh-", 0).factory());
    }

    public boolean available() {
        return read.isPresent();
    }

    /** Starts (or joins) a read of each channel; all channels when none are named. */
    public Job start(List<String> channelIds) {
        MallRead reader = read.orElseThrow(() -> new OpsException(OpsException.Kind.BAD_REQUEST,
                "REFRESH_UNAVAILABLE", Map.of(), "this deployment reads malls only on the reconcile schedule"));
        List<String> known = channels.channels().stream().map(ChannelDirectory.Entry::id).sorted().toList();
        List<String> wanted = channelIds.isEmpty() ? known : channelIds;
        for (String id : wanted) {
            if (!known.contains(id)) {
                throw OpsException.unknownChannel(id, known);
            }
        }
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
        return Optional.ofNullable(jobs.get(id)).map(this::view);
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
