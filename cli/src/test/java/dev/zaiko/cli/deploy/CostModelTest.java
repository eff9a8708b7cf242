package dev.zaiko.cli.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CostModelTest {
    private static final String TEMPLATE = """
            {"Resources": {
              "ChannelAPollScheduleX": {"Type": "AWS::Scheduler::Schedule", "Properties": {"ScheduleExpression": "rate(1 minute)"}},
              "ChannelAReconcileScheduleX": {"Type": "AWS::Scheduler::Schedule", "Properties": {"ScheduleExpression": "rate(60 minutes)"}},
              "ChannelBPollScheduleX": {"Type": "AWS::Scheduler::Schedule", "Properties": {"ScheduleExpression": "rate(3 minutes)"}},
              "Esm": {"Type": "AWS::Lambda::EventSourceMapping"},
              "Nat": {"Type": "AWS::EC2::Instance"},
              "A1": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Metrics": [{"Id": "m", "Expression": "MAX([a,b])"},
                     {"Id": "a", "MetricStat": {}}, {"Id": "b", "MetricStat": {}}]}},
              "A2": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"MetricName": "Throttles"}}
            }}""";

    @Test
    void countsComeFromTheTemplateAndFreeTiersApply() throws Exception {
        CostModel.Estimate e = CostModel.estimate(new ObjectMapper().readTree(TEMPLATE), 10_000, false);

        assertThat(e.counts()).containsEntry("channels", 2).containsEntry("billableAlarmMetrics", 3);
        assertThat(line(e, "EventBridge Scheduler").basis()).startsWith("59,130 invocations");
        assertThat(line(e, "CloudWatch alarms").usd()).isZero();
        // one ESM: 650,000 receives + 10,000 x 3 + 10,000 pushes x 3 + 43,800 polls... over the free million: 0
        assertThat(line(e, "SQS requests").usd()).isZero();
        assertThat(e.lines()).noneMatch(l -> l.item().startsWith("NAT"));
    }

    @Test
    void theNatInstanceIsAddedOnlyWhenAsked() throws Exception {
        CostModel.Estimate e = CostModel.estimate(new ObjectMapper().readTree(TEMPLATE), 10_000, true);

        // 730 h x ($0.0054 + $0.005) + 8 GB x $0.096
        assertThat(CostModel.round(line(e, "NAT instance").usd())).isEqualTo(8.36);
    }

    private static CostModel.Line line(CostModel.Estimate e, String prefix) {
        return e.lines().stream().filter(l -> l.item().startsWith(prefix)).findFirst().orElseThrow();
    }
}
