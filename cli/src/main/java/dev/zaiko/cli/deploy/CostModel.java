package dev.zaiko.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A monthly cost estimate from a synthesized template's counts (functions, schedules and their
 * rates, queues polled by event source mappings, billable alarm metrics, NAT, HTTP API, budgets)
 * and ONE table of published ap-northeast-1 prices, with the always-free tiers applied.
 *
 * <p>Workload assumptions (stated in the output): per order 1 SQS message into the orders queue,
 * one ledger transaction (4 items, transactional = 2 WRU each) plus one push per other channel
 * (a queue message, a pusher run of ~300 ms, 2 reads and 1 write); every poll ~400 ms and one
 * state write; every reconcile run ~20 s; 1.5 KB of logs per invocation; webhooks deliver 30% of
 * orders (3 HTTP requests each).
 */
public final class CostModel {
    /** Where the prices come from, and when they were read. */
    public static final String PRICE_SOURCE = "https://aws.amazon.com/pricing/ (Lambda, SQS, DynamoDB, EventBridge,"
            + " CloudWatch, API Gateway, KMS, EC2 pages), region ap-northeast-1";
    public static final String PRICE_DATE = "2026-12-03";
    /** Lambda arm64 rate and free tier confirmed against a public copy of the pricing page; the rest as published, unconfirmed here. */
    public static final String PRICE_NOTE = "Lambda arm64 $0.0000133334/GB-s and the free tier were checked against public"
            + " copies of the pricing page; the other Tokyo prices are the published list prices as read on the date"
            + " above and were not re-confirmed by a search on this machine";

    /** USD, ap-northeast-1. */
    public static final Map<String, Double> PRICES = Map.ofEntries(
            Map.entry("lambda.requestPerMillion", 0.20),
            Map.entry("lambda.arm64PerGbSecond", 0.0000133334),
            Map.entry("lambda.freeRequests", 1_000_000.0),
            Map.entry("lambda.freeGbSeconds", 400_000.0),
            Map.entry("sqs.perMillionRequests", 0.40),
            Map.entry("sqs.freeRequests", 1_000_000.0),
            Map.entry("dynamodb.perMillionWriteUnits", 0.715),
            Map.entry("dynamodb.perMillionReadUnits", 0.1425),
            Map.entry("dynamodb.storagePerGbMonth", 0.285),
            Map.entry("dynamodb.freeStorageGb", 25.0),
            Map.entry("dynamodb.pitrPerGbMonth", 0.228),
            Map.entry("scheduler.perMillionInvocations", 1.00),
            Map.entry("scheduler.freeInvocations", 14_000_000.0),
            Map.entry("cloudwatch.alarmMetric", 0.10),
            Map.entry("cloudwatch.freeAlarmMetrics", 10.0),
            Map.entry("cloudwatch.customMetric", 0.30),
            Map.entry("cloudwatch.freeCustomMetrics", 10.0),
            Map.entry("logs.ingestPerGb", 0.76),
            Map.entry("logs.freeGb", 5.0),
            Map.entry("apigw.httpPerMillion", 1.29),
            Map.entry("kms.per10kRequests", 0.03),
            Map.entry("kms.freeRequests", 20_000.0),
            Map.entry("ec2.t4gNanoPerHour", 0.0054),
            Map.entry("ebs.gp3PerGbMonth", 0.096),
            Map.entry("ipv4.perHour", 0.005),
            Map.entry("natGateway.perHour", 0.062));

    static final double HOURS = 730;
    static final double MINUTES = HOURS * 60;
    /** ReceiveMessage calls of one idle SQS event source mapping per month (long polling, ~5 pollers). */
    static final double ESM_RECEIVES_PER_QUEUE = 650_000;

    public record Line(String item, String basis, double usd) {
    }

    public record Estimate(int ordersPerMonth, List<Line> lines, double totalUsd, Map<String, Integer> counts) {
    }

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) minutes?\\)");

    public static Estimate estimate(JsonNode template, int ordersPerMonth, boolean includeNat) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        JsonNode resources = template.get("Resources");
        double pollRuns = 0;
        double reconcileRuns = 0;
        double fbaRuns = 0;
        int channels = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getValue().path("Type").asText();
            counts.merge(type, 1, Integer::sum);
            if (type.equals("AWS::Scheduler::Schedule")) {
                Matcher m = RATE.matcher(e.getValue().at("/Properties/ScheduleExpression").asText());
                double runs = m.matches() ? MINUTES / Integer.parseInt(m.group(1)) : 0;
                if (e.getKey().contains("PollSchedule")) {
                    pollRuns += runs;
                    channels++;
                } else if (e.getKey().contains("ReconcileSchedule")) {
                    reconcileRuns += runs;
                } else {
                    fbaRuns += runs;
                }
            }
        }
        int alarmMetrics = 0;
        for (JsonNode r : resources) {
            if (r.path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                JsonNode metrics = r.at("/Properties/Metrics");
                if (metrics.isArray()) {
                    for (JsonNode m : metrics) {
                        alarmMetrics += m.has("MetricStat") ? 1 : 0;
                    }
                } else {
                    alarmMetrics++;
                }
            }
        }
        int esm = counts.getOrDefault("AWS::Lambda::EventSourceMapping", 0);
        boolean natInstance = counts.getOrDefault("AWS::EC2::Instance", 0) > 0;
        boolean natGateway = counts.getOrDefault("AWS::EC2::NatGateway", 0) > 0;
        boolean httpApi = counts.getOrDefault("AWS::ApiGatewayV2::Api", 0) > 0;
        int functions = counts.getOrDefault("AWS::Lambda::Function", 0);
        counts.put("channels", channels);
        counts.put("billableAlarmMetrics", alarmMetrics);

        double pushRuns = ordersPerMonth * Math.max(1, channels - 1.0);
        double ledgerRuns = ordersPerMonth;
        double invocations = pollRuns + reconcileRuns + fbaRuns + pushRuns + ledgerRuns;
        double gbSeconds = 1.0 * (pollRuns * 0.4 + reconcileRuns * 20 + fbaRuns * 5 + pushRuns * 0.3 + ledgerRuns * 0.2);
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("Lambda requests", fmt(invocations) + " invocations, 1M free",
                over(invocations, p("lambda.freeRequests")) / 1e6 * p("lambda.requestPerMillion")));
        lines.add(new Line("Lambda duration (arm64, 1024 MB)", fmt(gbSeconds) + " GB-s, 400,000 free",
                over(gbSeconds, p("lambda.freeGbSeconds")) * p("lambda.arm64PerGbSecond")));
        double sqs = esm * ESM_RECEIVES_PER_QUEUE + ordersPerMonth * 3 + pushRuns * 3 + pollRuns;
        lines.add(new Line("SQS requests", esm + " event source mappings long-polling + messages: " + fmt(sqs)
                + " requests, 1M free", over(sqs, p("sqs.freeRequests")) / 1e6 * p("sqs.perMillionRequests")));
        double writes = ordersPerMonth * 8 + pushRuns + pollRuns + reconcileRuns * 2;
        double reads = ordersPerMonth * 4 + pushRuns * 2 + pollRuns + reconcileRuns * 50;
        lines.add(new Line("DynamoDB on-demand requests", fmt(writes) + " WRU, " + fmt(reads) + " RRU",
                writes / 1e6 * p("dynamodb.perMillionWriteUnits") + reads / 1e6 * p("dynamodb.perMillionReadUnits")));
        double storageGb = 0.5;
        lines.add(new Line("DynamoDB storage + point-in-time recovery", storageGb + " GB (25 GB free), PITR on "
                + counts.getOrDefault("AWS::DynamoDB::Table", 0) + " tables",
                over(storageGb, p("dynamodb.freeStorageGb")) * p("dynamodb.storagePerGbMonth")
                        + storageGb * p("dynamodb.pitrPerGbMonth")));
        double scheduled = pollRuns + reconcileRuns + fbaRuns;
        lines.add(new Line("EventBridge Scheduler", fmt(scheduled) + " invocations, 14M free",
                over(scheduled, p("scheduler.freeInvocations")) / 1e6 * p("scheduler.perMillionInvocations")));
        lines.add(new Line("CloudWatch alarms", alarmMetrics + " billable alarm metrics, 10 free",
                over(alarmMetrics, p("cloudwatch.freeAlarmMetrics")) * p("cloudwatch.alarmMetric")));
        // metric filters: OrdersApplied, OrderLinesOversold; EMF failure metrics only in failing hours
        int customMetrics = 2;
        lines.add(new Line("CloudWatch custom metrics", customMetrics + " always published (EMF failure metrics"
                + " only in failing hours), 10 free",
                over(customMetrics, p("cloudwatch.freeCustomMetrics")) * p("cloudwatch.customMetric")));
        double logGb = invocations * 1.5 / 1024 / 1024;
        lines.add(new Line("CloudWatch Logs ingestion", String.format("%.2f GB, 5 GB free", logGb),
                over(logGb, p("logs.freeGb")) * p("logs.ingestPerGb")));
        double httpRequests = httpApi ? ordersPerMonth * 0.3 * 3 + 3_000 : 0;
        lines.add(new Line("API Gateway HTTP API", fmt(httpRequests) + " requests (webhooks + console)",
                httpRequests / 1e6 * p("apigw.httpPerMillion")));
        double kms = functions * 2 * 4 * HOURS;
        lines.add(new Line("KMS (SecureString reads, AWS-managed key)", fmt(kms)
                + " decrypts (credentials cached 15 min), 20,000 free",
                over(kms, p("kms.freeRequests")) / 10_000 * p("kms.per10kRequests")));
        lines.add(new Line("SSM Parameter Store (standard)", "config and credential parameters, standard tier", 0));
        lines.add(new Line("Secrets Manager", "not used", 0));
        lines.add(new Line("AWS Budgets", counts.getOrDefault("AWS::Budgets::Budget", 0) + " budget(s), 2 free", 0));
        lines.add(new Line("Cognito, CloudFront, S3, SNS e-mail", "within their free tiers for one seller", 0));
        if (includeNat && natInstance) {
            lines.add(new Line("NAT instance (t4g.nano + 8 GB gp3 + public IPv4)", "730 h",
                    HOURS * (p("ec2.t4gNanoPerHour") + p("ipv4.perHour")) + 8 * p("ebs.gp3PerGbMonth")));
        } else if (includeNat && natGateway) {
            lines.add(new Line("NAT Gateway + public IPv4", "730 h, data processing extra",
                    HOURS * (p("natGateway.perHour") + p("ipv4.perHour"))));
        }
        double total = lines.stream().mapToDouble(Line::usd).sum();
        return new Estimate(ordersPerMonth, lines, round(total), counts);
    }

    private static double p(String key) {
        return PRICES.get(key);
    }

    private static double over(double used, double free) {
        return Math.max(0, used - free);
    }

    static double round(double usd) {
        return Math.round(usd * 100) / 100.0;
    }

    private static String fmt(double n) {
        return String.format("%,.0f", n);
    }
}
