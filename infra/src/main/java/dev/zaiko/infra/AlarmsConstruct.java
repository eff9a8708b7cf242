package dev.zaiko.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.LogQueryVisualizationType;
import software.amazon.awscdk.services.cloudwatch.LogQueryWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.Ec2Action;
import software.amazon.awscdk.services.cloudwatch.actions.Ec2InstanceAction;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What tells the seller something is wrong, by e-mail through one SNS topic, and a dashboard,
 * with a FIXED number of alarms whatever the number of channels (CloudWatch bills $0.10 per alarm
 * metric beyond the ten free ones, metric math counting each metric it reads):
 * <ol>
 *   <li>{@code AnyDlqNotEmpty}: one alarm over the few dead-letter queues (orders, the ONE shared
 *       push DLQ, SP-API notifications, failed scheduled runs), MAX by metric math;</li>
 *   <li>{@code PollFailures} and {@code AuthErrors}: the functions' EMF metrics, written with the
 *       channel dimension AND without it; the alarm watches the aggregate, the dimension tells
 *       which channel (dashboard, {@code zaiko channels}). Custom metrics are billed per hour
 *       in which they are published, and these are only published when something failed;</li>
 *   <li>{@code LedgerErrors} (the ledger function's Errors), {@code Throttles} (account-wide
 *       Lambda throttles), {@code OrderLineOversold} (the one business alarm);</li>
 *   <li>{@code NatInstanceRecover}: with a NAT instance, StatusCheckFailed_System recovers the
 *       instance (same IP, same EIP) and notifies.</li>
 * </ol>
 */
public final class AlarmsConstruct extends Construct {
    public static final String NAMESPACE = "ZaikoSync";
    public static final String OVERSOLD_METRIC = "OrderLinesOversold";
    public static final String ORDERS_APPLIED_METRIC = "OrdersApplied";
    /** EMF, from the poll handler (functions' {@code Metrics.POLL_FAILURES}). */
    public static final String POLL_FAILURES_METRIC = "PollFailures";
    /** EMF, from the poll and push handlers (functions' {@code Metrics.AUTH_ERRORS}). */
    public static final String AUTH_ERRORS_METRIC = "AuthErrors";
    /** The most alarm metrics any config may bill (the budget). */
    public static final int MAX_BILLABLE_ALARM_METRICS = 10;
    /** The dashboard's drift table: the reconcilers' report lines, summed per channel. */
    public static final List<String> DRIFT_QUERY = List.of(
            "filter event = \"channel_reconciled\"",
            "stats sum(drifted) as drifted, sum(missing) as missingOnMall, sum(repairsRequested) as repairs,"
                    + " count(*) as runs, latest(status) as lastStatus by channel",
            "sort drifted desc");

    /**
     * @param deadLetterQueues name to queue: every DLQ (and the failed-runs queue)
     * @param orderAppliers    functions whose logs carry {@code order_applied} / {@code order_line_oversold}
     * @param natInstanceId    the NAT instance, when the config uses one
     */
    public record Props(String alertEmail, Map<String, IQueue> deadLetterQueues, List<ZaikoFunction> orderAppliers,
                        ZaikoFunction ledger, List<ZaikoFunction> reconcilers, Optional<String> natInstanceId) {
        public Props {
            Objects.requireNonNull(alertEmail, "alertEmail");
            deadLetterQueues = new LinkedHashMap<>(deadLetterQueues);
            orderAppliers = List.copyOf(orderAppliers);
            Objects.requireNonNull(ledger, "ledger");
            reconcilers = List.copyOf(reconcilers);
            Objects.requireNonNull(natInstanceId, "natInstanceId");
        }
    }

    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Dashboard dashboard;

    public AlarmsConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        this.topic = Topic.Builder.create(this, "AlertTopic").displayName("zaiko-sync alerts").build();
        topic.addSubscription(new EmailSubscription(props.alertEmail()));
        Duration five = Duration.minutes(5);

        if (props.deadLetterQueues().size() > 9) {
            throw new IllegalArgumentException("too many DLQs for one alarm: " + props.deadLetterQueues().keySet());
        }
        Map<String, IMetric> dlqs = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, IQueue> q : props.deadLetterQueues().entrySet()) {
            dlqs.put("dlq" + i++, q.getValue().metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                    .period(five).statistic("Maximum").label(q.getKey()).build()));
        }
        alarm("AnyDlqNotEmpty", MathExpression.Builder.create()
                        .expression("MAX([" + String.join(",", dlqs.keySet()) + "])")
                        .usingMetrics(dlqs).period(five).label("messages in any DLQ").build(),
                0, ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING,
                "Messages in a dead-letter queue (" + String.join(", ", props.deadLetterQueues().keySet())
                        + "): they were not processed. Inspect them (zaiko dlq) and redrive; failed scheduled runs"
                        + " name the function and the error.");

        alarm("PollFailures", custom(POLL_FAILURES_METRIC, "Sum", Duration.minutes(15)), 3,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.NOT_BREACHING,
                "Polls failed 3 times in 15 minutes (mall outage, maintenance, dead NAT instance...): that mall's"
                        + " orders are not coming in. The metric's channel dimension and zaiko channels say which.");
        alarm("AuthErrors", custom(AUTH_ERRORS_METRIC, "Sum", five), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.NOT_BREACHING,
                "A channel's credentials were refused (AUTH_ERROR): it stopped calling the mall. Store new ones"
                        + " with zaiko secrets put --channel ID (the channel dimension says which).");
        alarm("LedgerErrors", props.ledger().function().metricErrors(MetricOptions.builder()
                        .period(five).statistic("Sum").build()), 0, ComparisonOperator.GREATER_THAN_THRESHOLD,
                TreatMissingData.NOT_BREACHING, "The ledger function failed: orders wait in the orders queue.");
        alarm("Throttles", Metric.Builder.create().namespace("AWS/Lambda").metricName("Throttles")
                        .statistic("Sum").period(five).build(), 0, ComparisonOperator.GREATER_THAN_THRESHOLD,
                TreatMissingData.NOT_BREACHING,
                "Lambda throttled invocations in this account (concurrency limit): runs are late or dropped.");

        for (ZaikoFunction f : props.orderAppliers()) {
            filter(f, "Oversold", "order_line_oversold", OVERSOLD_METRIC);
            filter(f, "OrdersApplied", "order_applied", ORDERS_APPLIED_METRIC);
        }
        alarm("OrderLineOversold", custom(OVERSOLD_METRIC, "Sum", five), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.NOT_BREACHING,
                "A mall sold stock we did not have: the order line is OVERSOLD (zaiko attention lists it).");

        props.natInstanceId().ifPresent(instance -> {
            Alarm recover = alarm("NatInstanceRecover", Metric.Builder.create().namespace("AWS/EC2")
                            .metricName("StatusCheckFailed_System").dimensionsMap(Map.of("InstanceId", instance))
                            .statistic("Maximum").period(Duration.minutes(1)).build(), 0,
                    ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.MISSING,
                    "The NAT instance failed its system status check: EC2 recovers it (same instance, same"
                            + " Elastic IP); the fixed-IP channels wait until it is back.");
            recover.addAlarmAction(new Ec2Action(Ec2InstanceAction.RECOVER));
        });

        this.dashboard = Dashboard.Builder.create(this, "Dashboard").build();
        Duration minute = Duration.minutes(1);
        dashboard.addWidgets(
                graph("Orders / min", List.of(custom(ORDERS_APPLIED_METRIC, "Sum", minute),
                        props.ledger().function().metricInvocations(MetricOptions.builder()
                                .period(minute).statistic("Sum").label("ledger invocations").build()))),
                graph("Poll failures and AUTH errors", List.of(custom(POLL_FAILURES_METRIC, "Sum", five),
                        custom(AUTH_ERRORS_METRIC, "Sum", five))),
                AlarmStatusWidget.Builder.create().title("Alarms").width(8).height(6)
                        .alarms(List.copyOf(alarms)).build());
        if (!props.reconcilers().isEmpty()) {
            dashboard.addWidgets(LogQueryWidget.Builder.create()
                    .title("Reconcile: listings drifted / missing on the mall, per channel")
                    .logGroupNames(props.reconcilers().stream().map(f -> f.logGroup().getLogGroupName()).toList())
                    .queryLines(DRIFT_QUERY)
                    .view(LogQueryVisualizationType.TABLE)
                    .width(24).height(6)
                    .build());
        }
    }

    private void filter(ZaikoFunction f, String id, String event, String metric) {
        MetricFilter.Builder.create(this, id + "Filter-" + software.amazon.awscdk.Names.uniqueId(f))
                .logGroup(f.logGroup())
                .filterPattern(FilterPattern.stringValue("$.event", "=", event))
                .metricNamespace(NAMESPACE)
                .metricName(metric)
                .metricValue("1")
                .build();
    }

    private static Metric custom(String name, String statistic, Duration period) {
        return Metric.Builder.create().namespace(NAMESPACE).metricName(name)
                .statistic(statistic).period(period).build();
    }

    private Alarm alarm(String id, IMetric metric, double threshold, ComparisonOperator op,
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
        return alarm;
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
