package dev.zaiko.app.ops;

import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.ReconcileReports;
import dev.zaiko.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * 再取得 where the read runs elsewhere (AWS: the reconcile function invoked in the background): a fake
 * trigger records the invokes, an in-memory report store stands in for the table, a clock the test
 * moves. The job is followed through the stored reports only, so a second instance (another Lambda
 * container) answers the same job id.
 */
class ShownRefreshTriggeredTest {
    static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");
    final MutableClock clock = new MutableClock(T0);
    final List<String> invoked = new ArrayList<>();
    final Map<String, ReconcileReports.Report> stored = new ConcurrentHashMap<>();
    final List<ReconcileReports.Report> seen = new ArrayList<>();
    final ReconcileReports reports = new ReconcileReports() {
        @Override
        public void save(Report report) {
            stored.put(report.channelId(), report);
        }

        @Override
        public Optional<Report> latest(String channelId) {
            return Optional.ofNullable(stored.get(channelId));
        }
    };
    final ChannelDirectory channels = new ChannelDirectory() {
        @Override
        public List<Entry> channels() {
            return List.of(new Entry("rakuten-main", "rakuten"), new Entry("yahoo-main", "yahoo"));
        }

        @Override
        public ChannelAdapter adapter(String channelId) {
            throw new IllegalStateException("the admin process never calls a mall here");
        }

        @Override
        public int pushQueueDepth(String channelId) {
            return 0;
        }
    };
    final ShownRefresh refresh = new ShownRefresh(invoked::add, reports, channels, seen::add, clock);

    static ReconcileReports.Report report(String channelId, Instant startedAt, Instant finishedAt) {
        return new ReconcileReports.Report(channelId, ReconcileReports.Mode.REPORT, ReconcileReports.Status.COMPLETE,
                "", startedAt, finishedAt, 40, 40, 39, 1, 0, 0, List.of(), 0);
    }

    @Test
    void eachChannelIsInvokedOnceAndTheJobIsDoneWhenItsReportStartedAfterTheRequest() {
        reports.save(report("rakuten-main", T0.minus(Duration.ofHours(1)), T0.minus(Duration.ofMinutes(59))));

        ShownRefresh.Job job = refresh.start(List.of());

        assertThat(invoked).containsExactly("rakuten-main", "yahoo-main");
        assertThat(job.id()).isEqualTo(T0.toEpochMilli() + ".rakuten-main.yahoo-main");
        assertThat(job.state()).isEqualTo(ShownRefresh.State.RUNNING);
        assertThat(job.channels()).extracting(ShownRefresh.ChannelRun::state)
                .containsExactly(ShownRefresh.State.RUNNING, ShownRefresh.State.RUNNING);

        clock.advance(Duration.ofSeconds(40));
        reports.save(report("rakuten-main", T0.plusSeconds(1), T0.plusSeconds(38)));
        assertThat(refresh.job(job.id()).orElseThrow().channels()).extracting(ShownRefresh.ChannelRun::state)
                .containsExactly(ShownRefresh.State.DONE, ShownRefresh.State.RUNNING);

        reports.save(report("yahoo-main", T0.plusSeconds(2), T0.plusSeconds(40)));
        ShownRefresh.Job done = refresh.job(job.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(ShownRefresh.State.DONE);
        assertThat(done.channels().get(1).report().orElseThrow().finishedAt()).isEqualTo(T0.plusSeconds(40));
        // the stock table's snapshot is told of each finished report
        assertThat(seen).extracting(ReconcileReports.Report::channelId).contains("rakuten-main", "yahoo-main");
        assertThat(invoked).hasSize(2);
    }

    @Test
    void anotherContainerAnswersTheSameJobFromTheStore() {
        ShownRefresh.Job job = refresh.start(List.of("yahoo-main"));
        reports.save(report("yahoo-main", T0.plusSeconds(3), T0.plusSeconds(9)));

        ShownRefresh other = new ShownRefresh(id -> { throw new AssertionError("not invoked again"); }, reports,
                channels, r -> { }, clock);

        assertThat(other.job(job.id()).orElseThrow().state()).isEqualTo(ShownRefresh.State.DONE);
        assertThat(other.job("nonsense")).isEmpty();
        assertThat(other.job(T0.toEpochMilli() + ".amazon-main")).isEmpty();
    }

    @Test
    void aSecondPressWhileTheReadRunsJoinsItAndOneAfterItFinishedInvokesAgain() {
        ShownRefresh.Job first = refresh.start(List.of("rakuten-main"));
        clock.advance(Duration.ofSeconds(30));

        ShownRefresh.Job second = refresh.start(List.of("rakuten-main"));

        assertThat(invoked).containsExactly("rakuten-main");
        assertThat(second.id()).isEqualTo(first.id());

        reports.save(report("rakuten-main", T0.plusSeconds(1), T0.plusSeconds(50)));
        clock.advance(Duration.ofSeconds(30));
        ShownRefresh.Job third = refresh.start(List.of("rakuten-main"));
        assertThat(invoked).containsExactly("rakuten-main", "rakuten-main");
        assertThat(third.id()).isEqualTo(T0.plusSeconds(60).toEpochMilli() + ".rakuten-main");
        assertThat(third.state()).isEqualTo(ShownRefresh.State.RUNNING);
    }

    @Test
    void aReadThatNeverReportsFailsAfterTheReconcilersTimeout() {
        ShownRefresh.Job job = refresh.start(List.of("yahoo-main"));

        clock.advance(ShownRefresh.TRIGGERED_TIMEOUT);
        assertThat(refresh.job(job.id()).orElseThrow().state()).isEqualTo(ShownRefresh.State.RUNNING);
        clock.advance(Duration.ofSeconds(1));
        ShownRefresh.Job failed = refresh.job(job.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(ShownRefresh.State.FAILED);
        assertThat(failed.channels().get(0).error()).isEqualTo("no report of yahoo-main within 15 minutes of the request");
    }

    @Test
    void anInvokeThatFailsIsRefusedWithACodeTheConsoleTranslates() {
        ShownRefresh broken = new ShownRefresh(id -> { throw new IllegalStateException("AccessDenied"); }, reports,
                channels, r -> { }, clock);

        assertThatThrownBy(() -> broken.start(List.of("rakuten-main")))
                .isInstanceOfSatisfying(OpsException.class, e -> {
                    assertThat(e.code()).isEqualTo("REFRESH_START_FAILED");
                    assertThat(e.params()).containsEntry("channel", "rakuten-main").containsEntry("message", "AccessDenied");
                });
        assertThatThrownBy(() -> refresh.start(List.of("amazon-main")))
                .isInstanceOfSatisfying(OpsException.class, e -> assertThat(e.code()).isEqualTo("UNKNOWN_CHANNEL"));
        assertThat(invoked).isEmpty();
    }
}
