package dev.zaiko.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.deployconfig.ZaikoConfig;
import dev.zaiko.deployconfig.ZaikoConfigParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits a real deploy hits, for the example config (8 accounts) and for 30 accounts: every
 * stack at most 500 resources, every function's environment at most 4 KB with every
 * CloudFormation-generated name at its maximum length ({@link MaxLengthResolver}), at most 10
 * billable alarm metrics. The figures are printed (README).
 */
class DeployLimitsStackTest {
    static final int MAX_RESOURCES = 500;
    static final int MAX_ENVIRONMENT_BYTES = 4096;

    private static JsonNode example;
    private static JsonNode thirty;
    private static ZaikoConfig thirtyConfig;

    @BeforeAll
    static void synth() {
        example = TestStacks.json(Template.fromStack(TestStacks.stack(TestStacks.exampleConfig())));
        thirtyConfig = ZaikoConfigParser.parse(TestStacks.repoRoot().resolve("infra/zaiko.30-accounts.json"));
        thirty = TestStacks.json(Template.fromStack(TestStacks.stack(thirtyConfig)));
    }

    @Test
    void theThirtyAccountConfigHasThirtyChannelsOnEveryMall() {
        assertThat(thirtyConfig.channels()).hasSize(30);
        assertThat(thirtyConfig.channels().stream().map(c -> c.type()).distinct()).hasSize(8);
    }

    @Test
    void everyStackHasAtMost500Resources() {
        int exampleCount = example.get("Resources").size();
        int thirtyCount = thirty.get("Resources").size();
        System.out.printf("resources per stack: example (8 accounts) %d, 30 accounts %d%n", exampleCount, thirtyCount);

        assertThat(exampleCount).isLessThanOrEqualTo(MAX_RESOURCES);
        assertThat(thirtyCount).isLessThanOrEqualTo(MAX_RESOURCES);
        // what one more account costs: its config parameter, push queue (+ TLS policy), two schedules
        // (three with FBA for amazon): the shared functions do not multiply
        assertThat(thirtyCount - exampleCount).isLessThanOrEqualTo(22 * 6);
    }

    @Test
    void everyFunctionEnvironmentFitsIn4KbResolvedAtMaximumLengths() {
        for (JsonNode template : new JsonNode[] {example, thirty}) {
            MaxLengthResolver resolver = new MaxLengthResolver(template);
            Map<String, Integer> bytes = new TreeMap<>();
            TestStacks.resources(template, "AWS::Lambda::Function").forEach(e -> {
                JsonNode variables = e.getValue().at("/Properties/Environment/Variables");
                bytes.put(e.getValue().at("/Properties/Handler").asText() + " " + e.getKey(),
                        variables.isMissingNode() ? 0 : resolver.environmentBytes(variables));
            });
            System.out.println("environment bytes at maximum name lengths (" + (template == example ? "example" : "30 accounts")
                    + "): " + bytes);
            assertThat(bytes.values()).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(MAX_ENVIRONMENT_BYTES));
        }
    }

    @Test
    void noEnvironmentVariableDependsOnTheNumberOfChannels() {
        // the 30-account config enables FBA (one more function, FBA_* settings): compare the rest
        Map<String, TreeSet<String>> thirtyKeys = environmentKeysByHandler(thirty);
        thirtyKeys.remove("dev.zaiko.handler.FbaSyncHandler::handleRequest");
        thirtyKeys.values().forEach(keys -> keys.removeIf(k -> k.startsWith("FBA_")));
        assertThat(thirtyKeys).isEqualTo(environmentKeysByHandler(example));
        assertThat(TestStacks.resources(thirty, "AWS::Lambda::Function"))
                .hasSize(TestStacks.resources(example, "AWS::Lambda::Function").size() + 1);
    }

    @Test
    void atMostTenBillableAlarmMetricsFor8And30Channels() {
        int example8 = billableAlarmMetrics(example);
        int thirty30 = billableAlarmMetrics(thirty);
        System.out.printf("alarms: example %d alarms / %d billable metrics; 30 accounts %d alarms / %d billable metrics%n",
                TestStacks.resources(example, "AWS::CloudWatch::Alarm").size(), example8,
                TestStacks.resources(thirty, "AWS::CloudWatch::Alarm").size(), thirty30);

        assertThat(example8).isEqualTo(10);
        assertThat(thirty30).isEqualTo(10);
        assertThat(alarmIds(thirty)).isEqualTo(alarmIds(example));
    }

    /** CloudWatch bills an alarm per metric it reads: metric math counts each metric in it. */
    static int billableAlarmMetrics(JsonNode template) {
        int total = 0;
        for (var alarm : TestStacks.resources(template, "AWS::CloudWatch::Alarm")) {
            JsonNode metrics = alarm.getValue().at("/Properties/Metrics");
            if (metrics.isArray()) {
                for (JsonNode m : metrics) {
                    if (m.has("MetricStat")) {
                        total++;
                    }
                }
            } else {
                total++;
            }
        }
        return total;
    }

    private static TreeSet<String> alarmIds(JsonNode template) {
        TreeSet<String> ids = new TreeSet<>();
        TestStacks.resources(template, "AWS::CloudWatch::Alarm").forEach(e -> ids.add(e.getKey()));
        return ids;
    }

    private static Map<String, TreeSet<String>> environmentKeysByHandler(JsonNode template) {
        Map<String, TreeSet<String>> keys = new TreeMap<>();
        TestStacks.resources(template, "AWS::Lambda::Function").forEach(e -> {
            TreeSet<String> names = new TreeSet<>();
            e.getValue().at("/Properties/Environment/Variables").fieldNames().forEachRemaining(names::add);
            String vpc = e.getValue().at("/Properties/VpcConfig").isMissingNode() ? "" : " (vpc)";
            keys.merge(e.getValue().at("/Properties/Handler").asText() + vpc, names, (a, b) -> {
                a.addAll(b);
                return a;
            });
        });
        return keys;
    }
}
