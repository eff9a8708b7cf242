package dev.zaiko.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.LogQueryVisualizationType;
import software.amazon.awscdk.services.cloudwatch.LogQueryWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.Unit;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.IFilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What tells the seller something is wrong, by e-mail through one SNS topic, and a dashboard.
 *
 * <p>Alarms: every DLQ not empty; an order line sold that we did not have (OVERSOLD, from the
 * log event {@code order_line_oversold}); a channel whose credentials expired
 * ({@code channel_auth_error}); a poller that did not run for three intervals; a pusher
 * failing; a reconciler or FBA sync run that failed (one alarm on the failed-runs queue for all
 * of them). Log-derived metrics come from metric filters on the functions' JSON logs
 * ({@code $.event}), namespace {@value #NAMESPACE}, without dimensions: six custom metrics,
 * inside CloudWatch's ten free ones. Drift found by the reconcilers is a dashboard table, not an
 * alarm (repair mode fixes it, {@code zaiko diff} shows the rows): a Logs Insights query over the
 * reconcilers' {@code channel_reconciled} lines, per channel, which costs no resource, no custom
 * metric and no metric filter (each would count against CloudFormation's 500 resources per stack).
 *
 * <p>Cost: each alarm is $0.10/month beyond the ten free per account (30 alarms for 8 channels
 * with one amazon channel: 10 DLQs + oversold + auth + credentials expiring + 8 pollers + 8
 * pushers + failed runs).
 */
public final class AlarmsConstruct extends Construct {
    public static final String NAMESPACE = "ZaikoSync";
    public static final String OVERSOLD_METRIC = "OrderLinesOversold";
    public static final String ORDERS_APPLIED_METRIC = "OrdersApplied";
    public static final String AUTH_ERRORS_METRIC = "ChannelAuthErrors";
    public static final String CREDENTIALS_EXPIRING_METRIC = "CredentialsExpiring";
    public static final String PUSHES_WRITTEN_METRIC = "PushesWritten";
    public static final String ZERO_PUSH_LATENCY_METRIC = "ZeroStockPushLatency";
    /** The dashboard's drift table: the reconcilers' report lines, summed per channel (CDK joins with "\n| "). */
    public static final List<String> DRIFT_QUERY = List.of(
            "filter event = \"channel_reconciled\"",
            "stats sum(drifted) as drifted, sum(missing) as missingOnMall, sum(repairsRequested) as repairs,"
                    + " count(*) as runs, latest(status) as lastStatus by channel",
            "sort drifted desc");

    /**
     * @param queues         every queue with a DLQ
     * @param orderAppliers  functions that apply orders (ledger, webhook, notifications): their
     *                       logs carry {@code order_applied} and {@code order_line_oversold}
     * @param ledger         the ledger function (orders/min on the dashboard)
     * @param channels       every channel (poller/pusher alarms, auth errors, pushes)
     * @param reconcilers    the reconcilers: their logs carry {@code channel_reconciled} with counts,
     *                       queried by the dashboard
     * @param fbaSyncs       the FBA syncs: their logs carry {@code channel_auth_error}
     * @param failedRuns     where the reconcilers' and FBA syncs' failed runs land
     */
    public record Props(String alertEmail, List<QueueWithDlq> queues, List<ZaikoFunction> orderAppliers,
                        ZaikoFunction ledger, List<ChannelConstruct> channels, List<ZaikoFunction> reconcilers,
                        List<ZaikoFunction> fbaSyncs, Optional<FailedRunsQueue> failedRuns) {
        public Props {
            Objects.requireNonNull(alertEmail, "alertEmail");
            queues = List.copyOf(queues);
            orderAppliers = List.copyOf(orderAppliers);
            Objects.requireNonNull(ledger, "ledger");
            channels = List.copyOf(channels);
            reconcilers = List.copyOf(reconcilers);
            fbaSyncs = List.copyOf(fbaSyncs);
            Objects.requireNonNull(failedRuns, "failedRuns");
        }

        public Props(String alertEmail, List<QueueWithDlq> queues, List<ZaikoFunction> orderAppliers,
                     ZaikoFunction ledger, List<ChannelConstruct> channels) {
            this(alertEmail, queues, orderAppliers, ledger, channels, List.of(), List.of(), Optional.empty());
        }
    }

    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Dashboard dashboard;

    public AlarmsConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        this.topic = Topic.Builder.create(this, "AlertTopic").displayName("zaiko-sync alerts").build();
        topic.addSubscription(new EmailSubscription(props.alertEmail()));

        for (QueueWithDlq q : props.queues()) {
            alarm("DlqNotEmpty-" + q.definition().id(), q.deadLetterQueue().metricApproximateNumberOfMessagesVisible(
                            MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()),
                    0, ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING,
                    "Messages in the dead-letter queue of " + q.definition().id()
                            + ": they were not processed. Inspect them (zaiko dlq) and redrive.");
        }

        for (ZaikoFunction f : props.orderAppliers()) {
            filter(f, "Oversold", event("order_line_oversold"), OVERSOLD_METRIC, "1", null);
            filter(f, "OrdersApplied", event("order_applied"), ORDERS_APPLIED_METRIC, "1", null);
        }
        Metric oversold = custom(OVERSOLD_METRIC, "Sum", Duration.minutes(5));
        alarm("OrderLineOversold", oversold, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                TreatMissingData.NOT_BREACHING,
                "A mall sold stock we did not have: the order line is OVERSOLD (zaiko attention lists it).");

        for (ChannelConstruct c : props.channels()) {
            filter(c.poller(), "AuthError", event("channel_auth_error"), AUTH_ERRORS_METRIC, "1", null);
            filter(c.poller(), "CredentialExpiring", event("credential_expiring"), CREDENTIALS_EXPIRING_METRIC,
                    "1", null);
            filter(c.pusher(), "AuthError", event("channel_auth_error"), AUTH_ERRORS_METRIC, "1", null);
            filter(c.pusher(), "PushWritten", event("push_written"), PUSHES_WRITTEN_METRIC, "1", null);
            filter(c.pusher(), "ZeroPushLatency",
                    FilterPattern.all(FilterPattern.stringValue("$.event", "=", "push_written"),
                            FilterPattern.exists("$.zeroPushMs")),
                    ZERO_PUSH_LATENCY_METRIC, "$.zeroPushMs", Unit.MILLISECONDS);
        }
        for (ZaikoFunction f : props.fbaSyncs()) {
            filter(f, "AuthError", event("channel_auth_error"), AUTH_ERRORS_METRIC, "1", null);
        }
        alarm("ChannelAuthError", custom(AUTH_ERRORS_METRIC, "Sum", Duration.minutes(5)), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.NOT_BREACHING,
                "A channel's credentials were refused (AUTH_ERROR): it stopped calling the mall."
                        + " Renew the credentials in its secret (zaiko status shows which channel).");

        alarm("CredentialsExpiringSoon", custom(CREDENTIALS_EXPIRING_METRIC, "Sum", Duration.hours(1)), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.NOT_BREACHING,
                "A channel's credentials expire within 14 days (Rakuten licenseKey, Yahoo re-consent, au PAY key, "
                        + "Amazon LWA secret...): renew them before the channel stops. The poller logs which one.");

        for (ChannelConstruct c : props.channels()) {
            String ch = c.channel().id();
            int window = 3 * c.channel().scheduleRateMinutes();
            alarm("PollerNotRun-" + ch, c.poller().function().metricInvocations(MetricOptions.builder()
                            .period(Duration.minutes(window)).statistic("Sum").build()),
                    1, ComparisonOperator.LESS_THAN_THRESHOLD, TreatMissingData.BREACHING,
                    "The " + ch + " poller has not run for " + window + " minutes (three intervals).");
            alarm("PusherErrors-" + ch, c.pusher().function().metricErrors(MetricOptions.builder()
                            .period(Duration.minutes(5)).statistic("Sum").build()),
                    0, ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING,
                    "The " + ch + " pusher failed: stock on " + ch + " may be stale.");
        }

        props.failedRuns().ifPresent(q -> alarm("ScheduledRunFailed",
                q.queue().metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Maximum").build()),
                0, ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING,
                "A reconciler or FBA sync run failed (error or timeout). Each message in the failed-runs queue"
                        + " (stack output FailedRunsQueueUrl) names the function and the error; fix it, then purge"
                        + " the queue. The next scheduled run retries by itself."));

        this.dashboard = Dashboard.Builder.create(this, "Dashboard").build();
        Duration minute = Duration.minutes(1);
        dashboard.addWidgets(
                graph("Orders / min", List.of(custom(ORDERS_APPLIED_METRIC, "Sum", minute),
                        props.ledger().function().metricInvocations(MetricOptions.builder()
                                .period(minute).statistic("Sum").label("ledger invocations").build()))),
                graph("Pushes / min", List.of(custom(PUSHES_WRITTEN_METRIC, "Sum", minute))),
                graph("Zero-stock push latency (ms)", List.of(
                        custom(ZERO_PUSH_LATENCY_METRIC, "p50", Duration.minutes(5)),
                        custom(ZERO_PUSH_LATENCY_METRIC, "p95", Duration.minutes(5)),
                        custom(ZERO_PUSH_LATENCY_METRIC, "Maximum", Duration.minutes(5)))));
        List<IMetric> polls = new ArrayList<>();
        List<IMetric> failures = new ArrayList<>();
        for (ChannelConstruct c : props.channels()) {
            String ch = c.channel().id();
            polls.add(c.poller().function().metricInvocations(MetricOptions.builder()
                    .period(Duration.minutes(5)).statistic("Sum").label(ch + " polls").build()));
            failures.add(c.poller().function().metricErrors(MetricOptions.builder()
                    .period(Duration.minutes(5)).statistic("Sum").label(ch + " poll errors").build()));
            failures.add(c.pusher().function().metricErrors(MetricOptions.builder()
                    .period(Duration.minutes(5)).statistic("Sum").label(ch + " push errors").build()));
        }
        failures.add(custom(AUTH_ERRORS_METRIC, "Sum", Duration.minutes(5)));
        if (!props.reconcilers().isEmpty()) {
            dashboard.addWidgets(LogQueryWidget.Builder.create()
                    .title("Reconcile: listings drifted / missing on the mall, per channel")
                    .logGroupNames(props.reconcilers().stream().map(f -> f.logGroup().getLogGroupName()).toList())
                    .queryLines(DRIFT_QUERY)
                    .view(LogQueryVisualizationType.TABLE)
                    .width(24).height(6)
                    .build());
        }
        dashboard.addWidgets(
                graph("Channel health: polls per 5 min", polls),
                graph("Channel health: errors per 5 min", failures),
                AlarmStatusWidget.Builder.create().title("Alarms").width(8).height(6)
                        .alarms(List.copyOf(alarms)).build());
    }

    private static IFilterPattern event(String name) {
        return FilterPattern.stringValue("$.event", "=", name);
    }

    private void filter(ZaikoFunction f, String id, IFilterPattern pattern, String metric, String value, Unit unit) {
        MetricFilter.Builder b = MetricFilter.Builder.create(this, id + "Filter-" + Names.uniqueId(f))
                .logGroup(f.logGroup())
                .filterPattern(pattern)
                .metricNamespace(NAMESPACE)
                .metricName(metric)
                .metricValue(value);
        if (unit != null) {
            b.unit(unit);
        }
        b.build();
    }

    private static Metric custom(String name, String statistic, Duration period) {
        return Metric.Builder.create().namespace(NAMESPACE).metricName(name)
                .statistic(statistic).period(period).build();
    }

    private void alarm(String id, IMetric metric, double threshold, ComparisonOperator op,
                       TreatMissingData missing, String description) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(op)
                .evaluationPeriods(1)
                .treatMissingData(missing)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarms.add(alarm);
    }

    private static IWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).width(8).height(6).left(metrics).build();
    }

    public Topic topic() {
        return topic;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
