package dev.zaiko.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.deployconfig.ChannelConfig;
import dev.zaiko.deployconfig.MallType;
import dev.zaiko.deployconfig.ZaikoConfig;
import dev.zaiko.schema.IndexDef;
import dev.zaiko.schema.Queues;
import dev.zaiko.schema.TableDef;
import dev.zaiko.schema.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.zaiko.infra.TestStacks.resources;
import static org.assertj.core.api.Assertions.assertThat;

/** The stack for infra/zaiko.example.json: one account on each of the 8 malls. Synthesised once. */
class ZaikoStackTest {
    private static ZaikoConfig config;
    private static Template template;
    private static JsonNode json;

    @BeforeAll
    static void synth() {
        config = TestStacks.exampleConfig();
        template = Template.fromStack(TestStacks.stack(config));
        json = TestStacks.json(template);
    }

    // ---------------------------------------------------------------- counts

    @Test
    void exampleNamesEveryMallType() {
        assertThat(config.channels()).extracting(ChannelConfig::type).containsExactlyInAnyOrder(MallType.values());
    }

    @Test
    void resourceCountsPerChannel() {
        int n = config.channels().size();
        int amazon = config.channelsOfType(MallType.AMAZON).size();
        // per channel poller + pusher + reconciler; ledger; webhook; one notification consumer per
        // amazon channel; admin API (+ CDK's own function that copies the console's files to its bucket,
        // which has no alias); no FBA sync (the example leaves fba disabled)
        template.resourceCountIs("AWS::Lambda::Function", 3 * n + 1 + 1 + amazon + 1 + 1);
        template.resourceCountIs("AWS::Lambda::Alias", 3 * n + 1 + 1 + amazon + 1);
        // orders, per channel push, per amazon channel SP-API: each with its DLQ; failed runs
        template.resourceCountIs("AWS::SQS::Queue", 2 * (1 + n + amazon) + 1);
        // per channel: poll + reconcile
        template.resourceCountIs("AWS::Scheduler::Schedule", 2 * n);
        template.resourceCountIs("AWS::SecretsManager::Secret", n);
        template.resourceCountIs("AWS::DynamoDB::Table", Tables.ALL.size());
        // only the ledger and the SP-API consumer long-poll; pushers drain on demand
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1 + amazon);
    }

    @Test
    void functionsPerChannelCarryTheirChannel() {
        for (ChannelConfig c : config.channels()) {
            assertThat(functionsWith(ChannelConstruct.POLL_HANDLER, c.id())).as(c.id() + " poller").hasSize(1);
            assertThat(functionsWith(ChannelConstruct.PUSH_HANDLER, c.id())).as(c.id() + " pusher").hasSize(1);
            assertThat(functionsWith(ReconcilerConstruct.HANDLER, c.id())).as(c.id() + " reconciler").hasSize(1);
        }
        assertThat(functionsWith(FbaSyncConstruct.HANDLER, null)).as("fba disabled").isEmpty();
    }

    // ---------------------------------------------------------------- functions

    @Test
    void everyFunctionIsJava21Arm64SnapStartJsonLogs() {
        List<JsonNode> ours = ourFunctions().stream().map(f -> f.getValue().path("Properties")).toList();
        assertThat(ours).hasSize(resources(json, "AWS::Lambda::Function").size() - 1);
        for (JsonNode f : ours) {
            assertThat(f.path("Runtime").asText()).as(f.path("Handler").asText()).isEqualTo("java21");
            assertThat(f.path("Architectures").toString()).isEqualTo("[\"arm64\"]");
            assertThat(f.path("MemorySize").asInt()).isEqualTo(1024);
            assertThat(f.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
            assertThat(f.path("LoggingConfig").path("LogFormat").asText()).isEqualTo("JSON");
        }
        template.allResourcesProperties("AWS::Lambda::Alias", Match.objectLike(Map.of("Name", "live")));
        template.allResourcesProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 30)));
    }

    @Test
    void everyAliasPointsAtAPublishedVersionOfItsFunction() {
        Set<String> functions = ourFunctions().stream().map(Map.Entry::getKey).collect(Collectors.toSet());
        Map<String, String> versionToFunction = new HashMap<>();
        for (var v : resources(json, "AWS::Lambda::Version")) {
            versionToFunction.put(v.getKey(), v.getValue().at("/Properties/FunctionName/Ref").asText());
        }
        Set<String> aliased = new HashSet<>();
        for (var a : resources(json, "AWS::Lambda::Alias")) {
            String version = a.getValue().at("/Properties/FunctionVersion/Fn::GetAtt/0").asText();
            assertThat(versionToFunction).containsKey(version);
            aliased.add(versionToFunction.get(version));
        }
        assertThat(aliased).isEqualTo(functions);
    }

    @Test
    void ledgerConsumesOrdersQueueInBatchesOfTenWithPartialFailures() {
        String ledger = only(functionsWith(LedgerConstruct.HANDLER, null));
        List<JsonNode> mappings = resources(json, "AWS::Lambda::EventSourceMapping").stream()
                .map(Map.Entry::getValue)
                .filter(m -> m.at("/Properties/FunctionName").toString().contains("\"" + aliasOf(ledger) + "\""))
                .toList();
        assertThat(mappings).hasSize(1);
        JsonNode p = mappings.get(0).get("Properties");
        assertThat(p.get("BatchSize").asInt()).isEqualTo(10);
        assertThat(p.get("MaximumBatchingWindowInSeconds").asInt()).isZero();
        assertThat(p.get("FunctionResponseTypes").toString()).contains("ReportBatchItemFailures");
        assertThat(p.get("EventSourceArn").toString()).contains(logicalIdContaining("LedgerOrdersQueue"));
        assertThat(p.at("/ScalingConfig/MaximumConcurrency").asInt()).as("bounded (issue 15 defect 8)")
                .isEqualTo(LedgerConstruct.MAX_LEDGER_CONCURRENCY);
    }

    @Test
    void ledgerKnowsEveryPushQueueAndPusher() {
        JsonNode env = environment(only(functionsWith(LedgerConstruct.HANDLER, null)));
        for (ChannelConfig c : config.channels()) {
            assertThat(env.has(Queues.push(c.id()).urlEnvVar())).as(c.id()).isTrue();
            assertThat(env.has("PUSHER_FUNCTION_" + c.envSuffix())).as(c.id()).isTrue();
        }
        for (TableDef t : List.of(Tables.STOCK, Tables.LISTINGS, Tables.ORDER_LINES, Tables.JOURNAL)) {
            assertThat(env.has(t.nameEnvVar())).as(t.nameEnvVar()).isTrue();
        }
    }

    @Test
    void pollerEnvironmentIsComplete() {
        for (ChannelConfig c : config.channels()) {
            JsonNode env = environment(only(functionsWith(ChannelConstruct.POLL_HANDLER, c.id())));
            assertThat(env.get("CHANNEL_TYPE").asText()).isEqualTo(c.type().configName());
            assertThat(env.get("POLL_INTERVAL_SECONDS").asText()).isEqualTo(Integer.toString(c.pollIntervalSeconds()));
            for (String key : List.of("CHANNEL_SECRET_ARN", "ORDERS_QUEUE_URL", Tables.CHANNELS.nameEnvVar(),
                    Queues.push(c.id()).urlEnvVar(), "PUSHER_FUNCTION_" + c.envSuffix(), "CHANNEL_OPTIONS")) {
                assertThat(env.has(key)).as(c.id() + " " + key).isTrue();
            }
            assertThat(env.get("CHANNEL_OPTIONS").asText()).isEqualTo(c.optionsJson());
        }
    }

    /** What PushHandler's FlowWiring reads: the channel, its queue, stock/listings/channels tables. */
    @Test
    void pusherEnvironmentIsComplete() {
        for (ChannelConfig c : config.channels()) {
            JsonNode env = environment(only(functionsWith(ChannelConstruct.PUSH_HANDLER, c.id())));
            for (String key : List.of("CHANNEL_ID", "CHANNEL_TYPE", "CHANNEL_SECRET_ARN", "CHANNEL_OPTIONS",
                    Queues.push(c.id()).urlEnvVar(), Tables.STOCK.nameEnvVar(), Tables.LISTINGS.nameEnvVar(),
                    Tables.CHANNELS.nameEnvVar())) {
                assertThat(env.has(key)).as(c.id() + " " + key).isTrue();
            }
        }
    }

    /**
     * What ReconcileHandler reads: FlowWiring's channel variables, RECONCILE_MODE, the tables its
     * adapters use (stock, listings, channels), its own push queue and pusher, and no other channel's.
     */
    @Test
    void reconcilerEnvironmentIsComplete() {
        List<String> read = HandlerEnvironment.constantsOf("ReconcileHandler");
        assertThat(read).containsExactly(ReconcilerConstruct.RECONCILE_MODE_ENV);
        for (ChannelConfig c : config.channels()) {
            JsonNode env = environment(only(functionsWith(ReconcilerConstruct.HANDLER, c.id())));
            List<String> expected = new ArrayList<>(read);
            expected.addAll(List.of("CHANNEL_ID", "CHANNEL_TYPE", "CHANNEL_SECRET_ARN", "CHANNEL_OPTIONS",
                    Tables.STOCK.nameEnvVar(), Tables.LISTINGS.nameEnvVar(), Tables.CHANNELS.nameEnvVar(),
                    Queues.push(c.id()).urlEnvVar(), "PUSHER_FUNCTION_" + c.envSuffix()));
            for (String key : expected) {
                assertThat(env.has(key)).as(c.id() + " " + key).isTrue();
            }
            assertThat(env.get("CHANNEL_TYPE").asText()).isEqualTo(c.type().configName());
            assertThat(env.get("CHANNEL_OPTIONS").asText()).isEqualTo(c.optionsJson());
            assertThat(env.get(ReconcilerConstruct.RECONCILE_MODE_ENV).asText()).isEqualTo("repair");
            List<String> routes = new ArrayList<>();
            env.fieldNames().forEachRemaining(k -> {
                if (k.startsWith("PUSH_QUEUE_URL_") || k.startsWith("PUSHER_FUNCTION_")) {
                    routes.add(k);
                }
            });
            assertThat(routes).as(c.id()).containsExactlyInAnyOrder(Queues.push(c.id()).urlEnvVar(),
                    "PUSHER_FUNCTION_" + c.envSuffix());
        }
    }

    /** What WebhookHandler's FlowWiring reads for each webhook channel. */
    @Test
    void webhookEnvironmentNamesEveryWebhookChannel() {
        JsonNode env = environment(only(functionsWith(WebhookConstruct.HANDLER, null)));
        List<ChannelConfig> hooked = config.channels().stream().filter(ChannelConfig::webhook).toList();
        assertThat(env.get("WEBHOOK_CHANNELS").asText().split(","))
                .containsExactlyElementsOf(hooked.stream().map(ChannelConfig::id).toList());
        for (ChannelConfig c : hooked) {
            for (String key : List.of("CHANNEL_TYPE_", "CHANNEL_SECRET_ARN_", "CHANNEL_OPTIONS_")) {
                assertThat(env.has(key + c.envSuffix())).as(key + c.envSuffix()).isTrue();
            }
        }
        assertThat(env.has("ORDERS_QUEUE_URL")).isTrue();
    }

    @Test
    void onlyFixedIpChannelsRunInTheVpc() {
        for (ChannelConfig c : config.channels()) {
            for (String handler : List.of(ChannelConstruct.POLL_HANDLER, ChannelConstruct.PUSH_HANDLER,
                    ReconcilerConstruct.HANDLER)) {
                JsonNode fn = json.get("Resources").get(only(functionsWith(handler, c.id())));
                assertThat(fn.at("/Properties/VpcConfig").isMissingNode()).as(c.id()).isEqualTo(!c.fixedIp());
            }
        }
        JsonNode ledger = json.get("Resources").get(only(functionsWith(LedgerConstruct.HANDLER, null)));
        assertThat(ledger.at("/Properties/VpcConfig").isMissingNode()).isTrue();
    }

    // ---------------------------------------------------------------- schedules

    @Test
    void everyChannelIsPolledOnItsRateWithoutFlexibleWindow() {
        List<Map.Entry<String, JsonNode>> schedules = resources(json, "AWS::Scheduler::Schedule");
        template.allResourcesProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                "FlexibleTimeWindow", Map.of("Mode", "OFF"),
                "State", "ENABLED")));
        for (ChannelConfig c : config.channels()) {
            String poller = only(functionsWith(ChannelConstruct.POLL_HANDLER, c.id()));
            List<JsonNode> mine = schedules.stream().map(Map.Entry::getValue)
                    .filter(s -> s.at("/Properties/Target/Arn/Ref").asText().equals(aliasOf(poller)))
                    .toList();
            assertThat(mine).as(c.id()).hasSize(1);
            int minutes = c.scheduleRateMinutes();
            assertThat(mine.get(0).at("/Properties/ScheduleExpression").asText())
                    .isEqualTo(minutes == 1 ? "rate(1 minute)" : "rate(" + minutes + " minutes)");
            assertThat(mine.get(0).at("/Properties/Target/RetryPolicy/MaximumRetryAttempts").asInt()).isZero();
        }
    }

    @Test
    void everyChannelIsReconciledHourlyWithoutFlexibleWindowOrRetries() {
        for (ChannelConfig c : config.channels()) {
            String reconciler = only(functionsWith(ReconcilerConstruct.HANDLER, c.id()));
            List<JsonNode> mine = resources(json, "AWS::Scheduler::Schedule").stream().map(Map.Entry::getValue)
                    .filter(s -> s.at("/Properties/Target/Arn/Ref").asText().equals(aliasOf(reconciler)))
                    .toList();
            assertThat(mine).as(c.id()).hasSize(1);
            JsonNode p = mine.get(0).get("Properties");
            assertThat(p.get("ScheduleExpression").asText()).isEqualTo("rate(1 hour)");
            assertThat(p.at("/FlexibleTimeWindow/Mode").asText()).isEqualTo("OFF");
            assertThat(p.at("/Target/RetryPolicy/MaximumRetryAttempts").asInt()).isZero();
            JsonNode fn = json.get("Resources").get(reconciler).get("Properties");
            assertThat(fn.get("Timeout").asInt()).isEqualTo(15 * 60);
        }
    }

    /** A failed scheduled run lands in the failed-runs queue (one alarm for all), never retried at once. */
    @Test
    void reconcilersRecordFailedRunsInTheFailedRunsQueue() {
        String failedRuns = logicalIdContaining("FailedRunsQueue");
        for (String reconciler : functionsWith(ReconcilerConstruct.HANDLER, null)) {
            List<JsonNode> configs = resources(json, "AWS::Lambda::EventInvokeConfig").stream()
                    .map(Map.Entry::getValue)
                    .filter(c -> c.at("/Properties/FunctionName/Ref").asText().equals(reconciler))
                    .toList();
            assertThat(configs).as(reconciler).hasSize(1);
            JsonNode p = configs.get(0).get("Properties");
            assertThat(p.get("MaximumRetryAttempts").asInt()).isZero();
            assertThat(p.at("/DestinationConfig/OnFailure/Destination/Fn::GetAtt/0").asText()).isEqualTo(failedRuns);
            assertThat(p.at("/Qualifier").toString()).contains(aliasOf(reconciler));
        }
    }

    @Test
    void scheduleRolesMayInvokeOnlyTheirPoller() {
        for (var s : resources(json, "AWS::Scheduler::Schedule")) {
            String role = s.getValue().at("/Properties/Target/RoleArn/Fn::GetAtt/0").asText();
            List<JsonNode> statements = statementsOfRole(role);
            assertThat(statements).isNotEmpty();
            for (JsonNode st : statements) {
                assertThat(actions(st)).containsOnly("lambda:InvokeFunction");
                String target = s.getValue().at("/Properties/Target/Arn").toString();
                for (JsonNode r : list(st.get("Resource"))) {
                    assertThat(target).contains(r.toString().replaceAll(".*\\{\"Ref\":\"([^\"]+)\"}.*", "$1"));
                }
            }
        }
    }

    // ---------------------------------------------------------------- queues

    @Test
    void everyQueueHasADlqAndEveryQueueIsEncryptedAndTlsOnly() {
        // the failed-runs queue is itself a sink (Lambda's on-failure destination), like a DLQ
        String failedRuns = logicalIdContaining("FailedRunsQueue");
        List<Map.Entry<String, JsonNode>> queues = resources(json, "AWS::SQS::Queue").stream()
                .filter(q -> !q.getKey().equals(failedRuns)).toList();
        Set<String> dlqs = new HashSet<>();
        int withRedrive = 0;
        for (var q : queues) {
            assertThat(q.getValue().at("/Properties/SqsManagedSseEnabled").asBoolean()).as(q.getKey()).isTrue();
            JsonNode redrive = q.getValue().at("/Properties/RedrivePolicy");
            if (!redrive.isMissingNode()) {
                withRedrive++;
                dlqs.add(redrive.at("/deadLetterTargetArn/Fn::GetAtt/0").asText());
                assertThat(redrive.get("maxReceiveCount").asInt()).isPositive();
            }
        }
        assertThat(withRedrive).isEqualTo(queues.size() / 2);
        for (var q : queues) {
            boolean isDlq = dlqs.contains(q.getKey());
            assertThat(isDlq || !q.getValue().at("/Properties/RedrivePolicy").isMissingNode()).as(q.getKey()).isTrue();
            if (isDlq) {
                assertThat(q.getValue().at("/Properties/MessageRetentionPeriod").asInt()).isEqualTo(14 * 24 * 3600);
            }
        }
        JsonNode sink = json.get("Resources").get(failedRuns).get("Properties");
        assertThat(sink.get("SqsManagedSseEnabled").asBoolean()).isTrue();
        assertThat(sink.get("MessageRetentionPeriod").asInt()).isEqualTo(14 * 24 * 3600);
        // enforceSSL: every queue has a policy denying aws:SecureTransport=false
        for (var q : resources(json, "AWS::SQS::Queue")) {
            boolean tlsOnly = resources(json, "AWS::SQS::QueuePolicy").stream().anyMatch(p ->
                    p.getValue().at("/Properties/Queues").toString().contains("\"" + q.getKey() + "\"")
                            && p.getValue().toString().contains("aws:SecureTransport"));
            assertThat(tlsOnly).as(q.getKey()).isTrue();
        }
    }

    @Test
    void queueTimingsComeFromTheSchema() {
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "VisibilityTimeout", Queues.ORDERS.visibilityTimeoutSeconds(),
                "MessageRetentionPeriod", Queues.ORDERS.retentionSeconds(),
                "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", Queues.ORDERS.maxReceiveCount())))));
        var push = Queues.push("rakuten-main");
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "VisibilityTimeout", push.visibilityTimeoutSeconds(),
                "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", push.maxReceiveCount())))));
    }

    @Test
    void spApiQueueLetsAmazonSendAndReadAttributes() {
        template.hasResourceProperties("AWS::SQS::QueuePolicy", Match.objectLike(Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow",
                        "Principal", Map.of("AWS", "arn:aws:iam::437568002678:root"),
                        "Action", List.of("sqs:SendMessage", "sqs:GetQueueAttributes"))))))))));
        String consumer = only(functionsWith(SpApiNotificationsConstruct.HANDLER, null));
        assertThat(environment(consumer).get("CHANNEL_ID").asText())
                .isEqualTo(config.channelsOfType(MallType.AMAZON).get(0).id());
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"))));
    }

    // ---------------------------------------------------------------- tables

    @Test
    void tablesAreBuiltFromTheSchema() {
        for (TableDef def : Tables.ALL) {
            List<Map<String, Object>> keys = new ArrayList<>();
            keys.add(Map.of("AttributeName", def.partitionKey().name(), "KeyType", "HASH"));
            def.sortKey().ifPresent(k -> keys.add(Map.of("AttributeName", k.name(), "KeyType", "RANGE")));
            Map<String, Object> expected = new HashMap<>(Map.of(
                    "KeySchema", keys,
                    "BillingMode", "PAY_PER_REQUEST",
                    "DeletionProtectionEnabled", true,
                    "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
            def.ttlAttribute().ifPresent(ttl -> expected.put("TimeToLiveSpecification",
                    Map.of("AttributeName", ttl, "Enabled", true)));
            if (!def.globalIndexes().isEmpty()) {
                List<Object> gsis = new ArrayList<>();
                for (IndexDef index : def.globalIndexes()) {
                    gsis.add(Match.objectLike(Map.of("IndexName", index.name(),
                            "Projection", Map.of("ProjectionType", "ALL"))));
                }
                expected.put("GlobalSecondaryIndexes", gsis);
            }
            template.hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                    "Properties", Match.objectLike(expected),
                    "DeletionPolicy", "Retain",
                    "UpdateReplacePolicy", "Retain")));
        }
    }

    // ---------------------------------------------------------------- webhook, egress, outputs

    @Test
    void webhookRouteIsThrottled() {
        template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of(
                "RouteKey", "POST /webhooks/{channelId}", "ApiId", Match.anyValue(), "Target", Match.anyValue(),
                "AuthorizationType", "NONE"));
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of(
                "RouteKey", "POST /webhooks/{channelId}/{token}", "ApiId", Match.anyValue(), "Target", Match.anyValue(),
                "AuthorizationType", "NONE"));
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Match.objectLike(Map.of(
                "StageName", "$default",
                "DefaultRouteSettings", Map.of("ThrottlingBurstLimit", 50, "ThrottlingRateLimit", 20))));
        JsonNode env = environment(only(functionsWith(WebhookConstruct.HANDLER, null)));
        assertThat(env.get("WEBHOOK_CHANNELS").asText().split(",")).containsExactlyInAnyOrderElementsOf(
                config.webhookChannels().stream().map(ChannelConfig::id).toList());
    }

    @Test
    void fixedIpGoesThroughOneNatInstanceWithAnElasticIp() {
        template.resourceCountIs("AWS::EC2::VPC", 1);
        template.resourceCountIs("AWS::EC2::NatGateway", 0);
        template.resourceCountIs("AWS::EC2::EIP", 1);
        template.hasResourceProperties("AWS::EC2::Instance", Match.objectLike(Map.of(
                "InstanceType", "t4g.nano", "SourceDestCheck", false)));
        template.resourceCountIs("AWS::EC2::EIPAssociation", 1);
        template.resourceCountIs("AWS::EC2::Subnet", 4);
    }

    @Test
    void outputs() {
        template.hasOutput("FixedEgressIp", Match.objectLike(Map.of(
                "Value", Map.of("Fn::GetAtt", List.of(logicalIdContaining("EgressElasticIp"), "PublicIp")))));
        template.hasOutput("SpApiNotificationQueueArn", Match.anyValue());
        template.hasOutput("WebhookBaseUrl", Match.anyValue());
        for (ChannelConfig c : config.webhookChannels()) {
            String outputId = "WebhookUrl" + ZaikoStack.pascal(c.id());
            assertThat(json.at("/Outputs/" + outputId + "/Value").toString()).as(outputId)
                    .contains("/webhooks/" + c.id());
        }
    }

    // ---------------------------------------------------------------- alarms

    @Test
    void alarmsExist() {
        int n = config.channels().size();
        int dlqs = 1 + n + config.channelsOfType(MallType.AMAZON).size();
        // DLQs, oversold, auth error, credentials expiring, per channel: poller not run + pusher
        // errors; one for every failed reconcile / FBA run
        template.resourceCountIs("AWS::CloudWatch::Alarm", dlqs + 1 + 1 + 1 + n + n + 1);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 0,
                "Dimensions", List.of(Map.of("Name", "QueueName",
                        "Value", Map.of("Fn::GetAtt", List.of(logicalIdContaining("FailedRunsQueue"), "QueueName")))))));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", config.alertEmail(), "TopicArn", Match.anyValue()));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 0,
                "ComparisonOperator", "GreaterThanThreshold")));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "Invocations", "Period", 180, "Threshold", 1,
                "ComparisonOperator", "LessThanThreshold", "TreatMissingData", "breaching")));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "Errors", "ComparisonOperator", "GreaterThanThreshold")));
        for (String metric : List.of(AlarmsConstruct.OVERSOLD_METRIC, AlarmsConstruct.AUTH_ERRORS_METRIC,
                AlarmsConstruct.CREDENTIALS_EXPIRING_METRIC)) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "MetricName", metric, "Namespace", AlarmsConstruct.NAMESPACE)));
        }
        template.allResourcesProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmActions", List.of(Map.of("Ref", logicalIdContaining("AlarmsAlertTopic"))))));
        template.hasResourceProperties("AWS::Logs::MetricFilter", Match.objectLike(Map.of(
                "FilterPattern", "{ $.event = \"order_line_oversold\" }")));
        template.hasResourceProperties("AWS::Logs::MetricFilter", Match.objectLike(Map.of(
                "FilterPattern", "{ $.event = \"channel_auth_error\" }")));
        template.hasResourceProperties("AWS::Logs::MetricFilter", Match.objectLike(Map.of(
                "MetricTransformations", List.of(Match.objectLike(Map.of("MetricValue", "$.zeroPushMs"))))));
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    /**
     * The reconcilers log "channel_reconciled" with counts: drift is a Logs Insights table on the
     * dashboard, not an alarm, and costs no metric filter (resources per stack are scarce).
     */
    @Test
    void reconcileDriftIsADashboardQueryOverTheReconcilersLogs() {
        String dashboard = resources(json, "AWS::CloudWatch::Dashboard").get(0).getValue().toString();
        assertThat(dashboard).contains("filter event = ", "channel_reconciled", "| stats sum(drifted) as drifted,",
                "by channel\\\\n| sort drifted desc").doesNotContain("| |");
        Set<String> reconcilerLogs = new HashSet<>();
        for (String fn : functionsWith(ReconcilerConstruct.HANDLER, null)) {
            String logGroup = json.get("Resources").get(fn).at("/Properties/LoggingConfig/LogGroup/Ref").asText();
            assertThat(dashboard).as(fn).contains("\"" + logGroup + "\"");
            reconcilerLogs.add(logGroup);
        }
        assertThat(reconcilerLogs).hasSize(config.channels().size());
        for (var filter : resources(json, "AWS::Logs::MetricFilter")) {
            assertThat(filter.getValue().at("/Properties/LogGroupName/Ref").asText()).isNotIn(reconcilerLogs);
        }
    }

    // ---------------------------------------------------------------- IAM

    @Test
    void noWildcardActionOrResourceOnDataServices() {
        for (var policy : resources(json, "AWS::IAM::Policy")) {
            for (JsonNode st : list(policy.getValue().at("/Properties/PolicyDocument/Statement"))) {
                List<String> actions = actions(st);
                boolean data = actions.stream().anyMatch(a -> a.equals("*") || a.startsWith("dynamodb:")
                        || a.startsWith("sqs:") || a.startsWith("secretsmanager:"));
                if (!data) {
                    continue;
                }
                assertThat(actions).as(policy.getKey()).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
                for (JsonNode r : list(st.get("Resource"))) {
                    assertThat(r.isTextual() && r.asText().equals("*")).as(policy.getKey() + " " + actions).isFalse();
                }
            }
        }
    }

    static final Set<String> DYNAMO_WRITES = Set.of("dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");

    @Test
    void pushersNeverWriteStock() {
        String stock = logicalIdContaining("LedgerStockTable");
        Set<String> writes = DYNAMO_WRITES;
        for (String pusher : functionsWith(ChannelConstruct.PUSH_HANDLER, null)) {
            List<JsonNode> statements = statementsOfFunction(pusher);
            assertThat(statements).isNotEmpty();
            boolean readsStock = false;
            for (JsonNode st : statements) {
                if (st.get("Resource").toString().contains("\"" + stock + "\"")) {
                    assertThat(actions(st)).as(pusher).doesNotContainAnyElementsOf(writes);
                    readsStock |= actions(st).contains("dynamodb:GetItem");
                }
            }
            assertThat(readsStock).as(pusher + " reads stock").isTrue();
        }
    }

    @Test
    void eachPollerAndPusherReadsOnlyItsOwnSecret() {
        for (String handler : List.of(ChannelConstruct.POLL_HANDLER, ChannelConstruct.PUSH_HANDLER,
                ReconcilerConstruct.HANDLER)) {
            for (String fn : functionsWith(handler, null)) {
                String ownSecret = environment(fn).at("/CHANNEL_SECRET_ARN/Ref").asText();
                assertThat(ownSecret).isNotEmpty();
                List<String> readable = new ArrayList<>();
                for (JsonNode st : statementsOfFunction(fn)) {
                    if (actions(st).contains("secretsmanager:GetSecretValue")) {
                        list(st.get("Resource")).forEach(r -> readable.add(r.at("/Ref").asText()));
                    }
                }
                assertThat(readable).as(fn).containsExactly(ownSecret);
            }
        }
    }

    /** A repair is a push request: the reconciler reads stock and listings, never writes them. */
    @Test
    void reconcilersNeverWriteStockOrListings() {
        String stock = logicalIdContaining("LedgerStockTable");
        String listings = logicalIdContaining("LedgerListingsTable");
        String orderLines = logicalIdContaining("LedgerOrderLinesTable");
        String journal = logicalIdContaining("LedgerJournalTable");
        for (String fn : functionsWith(ReconcilerConstruct.HANDLER, null)) {
            boolean scansListings = false;
            boolean readsStock = false;
            for (JsonNode st : statementsOfFunction(fn)) {
                String resources = st.get("Resource").toString();
                if (resources.contains("\"" + stock + "\"") || resources.contains("\"" + listings + "\"")) {
                    assertThat(actions(st)).as(fn).doesNotContainAnyElementsOf(DYNAMO_WRITES);
                }
                assertThat(resources).as(fn).doesNotContain("\"" + orderLines + "\"", "\"" + journal + "\"");
                scansListings |= resources.contains("\"" + listings + "\"") && actions(st).contains("dynamodb:Scan");
                readsStock |= resources.contains("\"" + stock + "\"") && actions(st).contains("dynamodb:BatchGetItem");
            }
            assertThat(scansListings).as(fn + " scans listings").isTrue();
            assertThat(readsStock).as(fn + " reads stock").isTrue();
        }
    }

    /** Each reconciler reaches its own channel only: its push queue, its pusher (and the failed-runs queue). */
    @Test
    void reconcilersSendAndInvokeOnlyForTheirOwnChannel() {
        String failedRuns = logicalIdContaining("FailedRunsQueue");
        for (ChannelConfig c : config.channels()) {
            String fn = only(functionsWith(ReconcilerConstruct.HANDLER, c.id()));
            JsonNode env = environment(fn);
            String ownQueue = env.at("/" + Queues.push(c.id()).urlEnvVar() + "/Ref").asText();
            String ownPusher = env.at("/PUSHER_FUNCTION_" + c.envSuffix() + "/Ref").asText();
            Set<String> sendsTo = new HashSet<>();
            Set<String> invokes = new HashSet<>();
            for (JsonNode st : statementsOfFunction(fn)) {
                if (actions(st).contains("sqs:SendMessage")) {
                    list(st.get("Resource")).forEach(r -> sendsTo.add(r.at("/Fn::GetAtt/0").asText()));
                }
                if (actions(st).contains("lambda:InvokeFunction")) {
                    list(st.get("Resource")).forEach(r -> invokes.add(r.toString()));
                }
            }
            assertThat(sendsTo).as(c.id()).containsExactlyInAnyOrder(ownQueue, failedRuns);
            assertThat(invokes).as(c.id()).isNotEmpty().allMatch(r -> r.contains("\"" + ownPusher + "\""));
        }
    }

    @Test
    void webhookReadsOnlyTheSecretsOfWebhookChannels() {
        Set<String> expected = new HashSet<>();
        for (ChannelConfig c : config.webhookChannels()) {
            expected.add(environment(only(functionsWith(ChannelConstruct.POLL_HANDLER, c.id())))
                    .at("/CHANNEL_SECRET_ARN/Ref").asText());
        }
        Set<String> readable = new HashSet<>();
        for (JsonNode st : statementsOfFunction(only(functionsWith(WebhookConstruct.HANDLER, null)))) {
            if (actions(st).contains("secretsmanager:GetSecretValue")) {
                list(st.get("Resource")).forEach(r -> readable.add(r.at("/Ref").asText()));
            }
        }
        assertThat(readable).isEqualTo(expected);
    }

    @Test
    void pollerSendsOnlyToTheOrdersQueue() {
        String orders = logicalIdContaining("LedgerOrdersQueue");
        for (String fn : functionsWith(ChannelConstruct.POLL_HANDLER, null)) {
            for (JsonNode st : statementsOfFunction(fn)) {
                if (actions(st).contains("sqs:SendMessage")) {
                    assertThat(st.get("Resource").toString()).as(fn).contains("\"" + orders + "\"");
                }
                assertThat(actions(st)).as(fn).noneMatch(a -> a.startsWith("dynamodb:")
                        && !st.get("Resource").toString().contains(logicalIdContaining("LedgerChannelsTable")));
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Logical ids of functions with this handler (and CHANNEL_ID, if given). */
    private static List<String> functionsWith(String handler, String channelId) {
        return resources(json, "AWS::Lambda::Function").stream()
                .filter(e -> e.getValue().at("/Properties/Handler").asText().equals(handler))
                .filter(e -> channelId == null
                        || channelId.equals(e.getValue().at("/Properties/Environment/Variables/CHANNEL_ID").asText()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The logical id of the alias "live" of a function. */
    private static String aliasOf(String functionId) {
        List<String> aliases = new ArrayList<>();
        for (var a : resources(json, "AWS::Lambda::Alias")) {
            String version = a.getValue().at("/Properties/FunctionVersion/Fn::GetAtt/0").asText();
            if (json.get("Resources").get(version).at("/Properties/FunctionName/Ref").asText().equals(functionId)) {
                aliases.add(a.getKey());
            }
        }
        return only(aliases);
    }

    private static String only(List<String> ids) {
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    private static JsonNode environment(String functionId) {
        return json.get("Resources").get(functionId).at("/Properties/Environment/Variables");
    }

    private static String logicalIdContaining(String part) {
        List<String> ids = new ArrayList<>();
        json.get("Resources").fieldNames().forEachRemaining(id -> {
            if (id.matches(part + "[0-9A-F]{8}")) {
                ids.add(id);
            }
        });
        assertThat(ids).as(part).hasSize(1);
        return ids.get(0);
    }

    private static List<JsonNode> statementsOfFunction(String functionId) {
        String role = json.get("Resources").get(functionId).at("/Properties/Role/Fn::GetAtt/0").asText();
        return statementsOfRole(role);
    }

    private static List<JsonNode> statementsOfRole(String roleId) {
        List<JsonNode> out = new ArrayList<>();
        for (var policy : resources(json, "AWS::IAM::Policy")) {
            if (policy.getValue().at("/Properties/Roles").toString().contains("\"" + roleId + "\"")) {
                out.addAll(list(policy.getValue().at("/Properties/PolicyDocument/Statement")));
            }
        }
        return out;
    }

    private static List<String> actions(JsonNode statement) {
        return list(statement.get("Action")).stream().map(JsonNode::asText).toList();
    }

    private static List<JsonNode> list(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return List.of();
        }
        if (node.isArray()) {
            List<JsonNode> out = new ArrayList<>();
            node.forEach(out::add);
            return out;
        }
        return Arrays.asList(node);
    }

    /** The zaiko functions (CDK adds one of its own: the BucketDeployment copying the console's files). */
    private List<Map.Entry<String, JsonNode>> ourFunctions() {
        return resources(json, "AWS::Lambda::Function").stream()
                .filter(f -> f.getValue().path("Properties").path("Handler").asText().startsWith("dev.zaiko."))
                .toList();
    }
}
