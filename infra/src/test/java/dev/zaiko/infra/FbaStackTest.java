package dev.zaiko.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.deployconfig.ChannelConfig;
import dev.zaiko.deployconfig.ZaikoConfig;
import dev.zaiko.deployconfig.ZaikoConfigParser;
import dev.zaiko.schema.Queues;
import dev.zaiko.schema.TableDef;
import dev.zaiko.schema.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.zaiko.infra.TestStacks.actions;
import static dev.zaiko.infra.TestStacks.environment;
import static dev.zaiko.infra.TestStacks.functionsWith;
import static dev.zaiko.infra.TestStacks.logicalId;
import static dev.zaiko.infra.TestStacks.resources;
import static dev.zaiko.infra.TestStacks.statementsOfFunction;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * FBA enabled with MCF, two amazon accounts and a rakuten account reconciled every 30 minutes in
 * report mode. Synthesised once.
 */
class FbaStackTest {
    private static final String ADDRESS_JSON = "{\"name\":\"Zaiko Shop\",\"addressLine1\":\"1-2-3 Shibuya\","
            + "\"stateOrRegion\":\"Tokyo\",\"postalCode\":\"150-0002\",\"countryCode\":\"JP\",\"phone\":\"03-0000-0000\"}";
    private static ZaikoConfig config;
    private static Template template;
    private static JsonNode json;

    @BeforeAll
    static void synth() {
        config = ZaikoConfigParser.parse("""
                {"region": "ap-northeast-1", "alertEmail": "a@example.com",
                 "fba": {"enabled": true, "mcf": true, "mcfAction": "Hold", "settleMinutes": 20, "maxHoldHours": 72,
                         "mcfAddress": {"name": "Zaiko Shop", "addressLine1": "1-2-3 Shibuya", "stateOrRegion": "Tokyo",
                                        "postalCode": "150-0002", "phone": "03-0000-0000"}},
                 "channels": [
                   {"id": "amazon-jp", "type": "amazon", "secretName": "a", "pollIntervalSeconds": 180},
                   {"id": "amazon-b2b", "type": "amazon", "secretName": "b", "pollIntervalSeconds": 180},
                   {"id": "rakuten-main", "type": "rakuten", "secretName": "r",
                    "reconcileMinutes": 30, "reconcileMode": "report"}]}
                """, "fba");
        template = Template.fromStack(TestStacks.stack(config));
        json = TestStacks.json(template);
    }

    @Test
    void oneFbaSyncPerAmazonChannelEveryFifteenMinutes() {
        template.resourceCountIs("AWS::Scheduler::Schedule", 3 + 3 + 2);
        for (ChannelConfig amazon : config.channelsOfType(dev.zaiko.deployconfig.MallType.AMAZON)) {
            String fn = only(functionsWith(json, FbaSyncConstruct.HANDLER, amazon.id()));
            assertThat(json.at("/Resources/" + fn + "/Properties/Timeout").asInt()).isEqualTo(120);
            List<JsonNode> schedules = schedulesOf(fn);
            assertThat(schedules).as(amazon.id()).hasSize(1);
            JsonNode p = schedules.get(0).get("Properties");
            assertThat(p.get("ScheduleExpression").asText()).isEqualTo("rate(15 minutes)");
            assertThat(p.at("/FlexibleTimeWindow/Mode").asText()).isEqualTo("OFF");
        }
        assertThat(functionsWith(json, FbaSyncConstruct.HANDLER, "rakuten-main")).isEmpty();
        // notifications come through the SP-API queue's consumer, not an event source of the sync
        for (var mapping : resources(json, "AWS::Lambda::EventSourceMapping")) {
            assertThat(mapping.getValue().toString()).doesNotContain("FbaSync");
        }
    }

    /** Every variable FbaSyncHandler declares, the channel's, the tables' and every channel's push route. */
    @Test
    void fbaSyncEnvironmentIsComplete() {
        List<String> declared = HandlerEnvironment.constantsOf("FbaSyncHandler");
        assertThat(declared).containsExactlyInAnyOrder(FbaSyncConstruct.MCF_ENABLED_ENV,
                FbaSyncConstruct.MCF_ADDRESS_ENV, FbaSyncConstruct.MCF_ACTION_ENV,
                FbaSyncConstruct.MCF_SHIPPING_SPEED_ENV, FbaSyncConstruct.SETTLE_MINUTES_ENV,
                FbaSyncConstruct.MAX_HOLD_HOURS_ENV);
        for (String fn : functionsWith(json, FbaSyncConstruct.HANDLER, null)) {
            JsonNode env = environment(json, fn);
            List<String> expected = new ArrayList<>(declared);
            expected.addAll(List.of("CHANNEL_ID", "CHANNEL_TYPE", "CHANNEL_SECRET_ARN", "CHANNEL_OPTIONS",
                    Tables.STOCK.nameEnvVar(), Tables.LISTINGS.nameEnvVar(), Tables.JOURNAL.nameEnvVar(),
                    Tables.CHANNELS.nameEnvVar()));
            for (ChannelConfig c : config.channels()) {
                expected.add(Queues.push(c.id()).urlEnvVar());
                expected.add("PUSHER_FUNCTION_" + c.envSuffix());
            }
            for (String key : expected) {
                assertThat(env.has(key)).as(fn + " " + key).isTrue();
            }
            assertThat(env.get("CHANNEL_TYPE").asText()).isEqualTo("amazon");
            assertFbaSettings(env);
        }
    }

    @Test
    void fbaSyncWritesStockAndJournalButNotOrderLinesAndReadsOnlyItsSecret() {
        String stock = logicalId(json, "LedgerStockTable");
        String journal = logicalId(json, "LedgerJournalTable");
        String channels = logicalId(json, "LedgerChannelsTable");
        String listings = logicalId(json, "LedgerListingsTable");
        String orderLines = logicalId(json, "LedgerOrderLinesTable");
        for (String fn : functionsWith(json, FbaSyncConstruct.HANDLER, null)) {
            Set<String> written = new HashSet<>();
            Set<String> secrets = new HashSet<>();
            Set<String> sendsTo = new HashSet<>();
            for (JsonNode st : statementsOfFunction(json, fn)) {
                String resources = st.get("Resource").toString();
                assertThat(resources).as(fn).doesNotContain("\"" + orderLines + "\"");
                if (actions(st).contains("dynamodb:PutItem")) {
                    for (String table : List.of(stock, journal, channels, listings)) {
                        if (resources.contains("\"" + table + "\"")) {
                            written.add(table);
                        }
                    }
                }
                if (actions(st).contains("secretsmanager:GetSecretValue")) {
                    resourcesOf(st).forEach(r -> secrets.add(r.at("/Ref").asText()));
                }
                if (actions(st).contains("sqs:SendMessage")) {
                    resourcesOf(st).forEach(r -> sendsTo.add(r.at("/Fn::GetAtt/0").asText()));
                }
            }
            assertThat(written).as(fn).containsExactlyInAnyOrder(stock, journal, channels);
            assertThat(secrets).as(fn).containsExactly(environment(json, fn).at("/CHANNEL_SECRET_ARN/Ref").asText());
            // every push queue, and the failed-runs queue
            assertThat(sendsTo).as(fn).hasSize(config.channels().size() + 1)
                    .contains(logicalId(json, "FailedRunsQueue"));
        }
    }

    /** FBA notifications are applied by the SP-API consumer with the same settings and writes. */
    @Test
    void notificationConsumersApplyFbaWithTheSameSettings() {
        String stock = logicalId(json, "LedgerStockTable");
        String journal = logicalId(json, "LedgerJournalTable");
        String channels = logicalId(json, "LedgerChannelsTable");
        List<String> consumers = functionsWith(json, SpApiNotificationsConstruct.HANDLER, null);
        assertThat(consumers).hasSize(2);
        for (String fn : consumers) {
            assertFbaSettings(environment(json, fn));
            for (String table : List.of(stock, journal, channels)) {
                assertThat(statementsOfFunction(json, fn)).as(fn + " writes " + table).anyMatch(st ->
                        st.get("Resource").toString().contains("\"" + table + "\"")
                                && actions(st).contains("dynamodb:UpdateItem"));
            }
        }
    }

    @Test
    void reconcileIntervalAndModeComeFromTheChannel() {
        String fn = only(functionsWith(json, ReconcilerConstruct.HANDLER, "rakuten-main"));
        assertThat(environment(json, fn).get(ReconcilerConstruct.RECONCILE_MODE_ENV).asText()).isEqualTo("report");
        assertThat(only(schedulesOf(fn).stream().map(s -> s.at("/Properties/ScheduleExpression").asText()).toList()))
                .isEqualTo("rate(30 minutes)");
    }

    @Test
    void failedFbaRunsAreRecordedAndAuthErrorsCounted() {
        String failedRuns = logicalId(json, "FailedRunsQueue");
        for (String fn : functionsWith(json, FbaSyncConstruct.HANDLER, null)) {
            template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Match.objectLike(Map.of(
                    "FunctionName", Map.of("Ref", fn),
                    "MaximumRetryAttempts", 0,
                    "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                            Map.of("Fn::GetAtt", List.of(failedRuns, "Arn")))))));
            String logGroup = json.at("/Resources/" + fn + "/Properties/LoggingConfig/LogGroup/Ref").asText();
            template.hasResourceProperties("AWS::Logs::MetricFilter", Match.objectLike(Map.of(
                    "LogGroupName", Map.of("Ref", logGroup),
                    "FilterPattern", "{ $.event = \"channel_auth_error\" }")));
        }
        // still one alarm for every failed scheduled run, whatever the number of functions
        List<String> failedRunAlarms = resources(json, "AWS::CloudWatch::Alarm").stream()
                .filter(a -> a.getValue().toString().contains(failedRuns)).map(Map.Entry::getKey).toList();
        assertThat(failedRunAlarms).hasSize(1);
    }

    @Test
    void noWildcardOnDataServices() {
        for (var policy : resources(json, "AWS::IAM::Policy")) {
            for (JsonNode st : policy.getValue().at("/Properties/PolicyDocument/Statement")) {
                List<String> actions = actions(st);
                if (actions.stream().noneMatch(a -> a.equals("*") || a.startsWith("dynamodb:")
                        || a.startsWith("sqs:") || a.startsWith("secretsmanager:"))) {
                    continue;
                }
                assertThat(actions).as(policy.getKey()).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
                assertThat(resourcesOf(st)).as(policy.getKey() + " " + actions)
                        .noneMatch(r -> r.isTextual() && r.asText().equals("*"));
            }
        }
    }

    private static void assertFbaSettings(JsonNode env) {
        assertThat(env.path(FbaSyncConstruct.MCF_ENABLED_ENV).asText()).isEqualTo("true");
        assertThat(env.path(FbaSyncConstruct.MCF_ADDRESS_ENV).asText()).isEqualTo(ADDRESS_JSON);
        assertThat(env.path(FbaSyncConstruct.MCF_ACTION_ENV).asText()).isEqualTo("Hold");
        assertThat(env.path(FbaSyncConstruct.MCF_SHIPPING_SPEED_ENV).asText()).isEqualTo("Standard");
        assertThat(env.path(FbaSyncConstruct.SETTLE_MINUTES_ENV).asText()).isEqualTo("20");
        assertThat(env.path(FbaSyncConstruct.MAX_HOLD_HOURS_ENV).asText()).isEqualTo("72");
    }

    private static List<JsonNode> resourcesOf(JsonNode statement) {
        JsonNode resource = statement.get("Resource");
        List<JsonNode> out = new ArrayList<>();
        if (resource.isArray()) {
            resource.forEach(out::add);
        } else {
            out.add(resource);
        }
        return out;
    }

    /** Schedules whose target is the alias of this function. */
    private static List<JsonNode> schedulesOf(String functionId) {
        Set<String> aliases = new HashSet<>();
        for (var a : resources(json, "AWS::Lambda::Alias")) {
            if (a.getValue().at("/Properties/FunctionName/Ref").asText().equals(functionId)) {
                aliases.add(a.getKey());
            }
        }
        return resources(json, "AWS::Scheduler::Schedule").stream().map(Map.Entry::getValue)
                .filter(s -> aliases.contains(s.at("/Properties/Target/Arn/Ref").asText()))
                .toList();
    }

    private static <T> T only(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}
