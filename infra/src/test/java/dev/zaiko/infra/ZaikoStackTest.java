package dev.zaiko.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.deployconfig.ZaikoConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.zaiko.infra.TestStacks.actions;
import static dev.zaiko.infra.TestStacks.functionsWith;
import static dev.zaiko.infra.TestStacks.resources;
import static dev.zaiko.infra.TestStacks.statementsOfFunction;
import static org.assertj.core.api.Assertions.assertThat;

/** The example config's stack: one function per concern, channels by parameter, least privilege, abuse limits. */
class ZaikoStackTest {
    static final String MERCARI_TOKEN = "0123456789abcdef0123456789abcdef";
    private static ZaikoConfig config;
    private static Template template;
    private static JsonNode tree;

    @BeforeAll
    static void synth() {
        config = TestStacks.exampleConfig();
        App app = new App(AppProps.builder().context(Map.of(
                WebhookConstruct.TOKEN_CONTEXT_PREFIX + "mercari-shops", MERCARI_TOKEN)).build());
        ZaikoStack stack = new ZaikoStack(app, "ZaikoSyncTest", StackProps.builder().env(Environment.builder()
                .account("123456789012").region(config.region()).build()).build(),
                new ZaikoStack.Props(config, TestStacks.placeholderJar()));
        template = Template.fromStack(stack);
        tree = TestStacks.json(template);
    }

    @Test
    void eachChannelIsAConfigParameterAPushQueueAndSchedulesNotFunctions() {
        int n = config.channels().size();
        template.resourceCountIs("AWS::SSM::Parameter", n);
        template.resourceCountIs("AWS::SecretsManager::Secret", 0);
        // push queues + the shared push DLQ + orders + its DLQ + SP-API + its DLQ + failed runs
        template.resourceCountIs("AWS::SQS::Queue", n + 1 + 2 + 2 + 1);
        // poll + reconcile per channel (FBA off in the example)
        template.resourceCountIs("AWS::Scheduler::Schedule", 2 * n);
        // poller/pusher/reconciler outside and inside the VPC, ledger, SP-API, webhook, admin, BucketDeployment
        template.resourceCountIs("AWS::Lambda::Function", 6 + 1 + 1 + 1 + 1 + 1);
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "QueueName", "zaikosynctest-push-rakuten-main",
                "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", 8)))));
        template.hasResourceProperties("AWS::SSM::Parameter", Match.objectLike(Map.of(
                "Name", "/zaikosynctest/channels/shopify-main/config", "Type", "String", "Tier", "Standard",
                "Value", "{\"type\":\"shopify\",\"pollIntervalSeconds\":60,\"webhook\":true,\"fixedIp\":false,"
                        + "\"reconcileMode\":\"repair\",\"options\":{\"locationId\":\"gid://shopify/Location/1234567890\","
                        + "\"shopDomain\":\"example-shop.myshopify.com\"}}")));
    }

    @Test
    void everyJavaFunctionRunsWithoutTheLog4ShellPatchAndWithoutExtraJvmOptions() {
        int java = 0;
        for (var function : resources(tree, "AWS::Lambda::Function")) {
            JsonNode p = function.getValue().get("Properties");
            if (!p.path("Runtime").asText().equals("java21")) {
                continue;
            }
            java++;
            JsonNode variables = p.at("/Environment/Variables");
            assertThat(variables.path("AWS_LAMBDA_DISABLE_CVE_2021_44228_PROTECTION").asText()).isEqualTo("true");
            // java21 stops tiered compilation at C1 by itself; SnapStart restores need no options either
            assertThat(variables.has("JAVA_TOOL_OPTIONS")).isFalse();
        }
        assertThat(java).isEqualTo(10);
    }

    @Test
    void schedulesCarryTheChannelFlexibleWindowsAndAgeLimits() {
        for (var schedule : resources(tree, "AWS::Scheduler::Schedule")) {
            JsonNode p = schedule.getValue().get("Properties");
            assertThat(p.at("/FlexibleTimeWindow/Mode").asText()).isEqualTo("FLEXIBLE");
            assertThat(p.at("/Target/Input").asText()).startsWith("{\"channelId\":\"");
            assertThat(p.at("/Target/RetryPolicy/MaximumRetryAttempts").asInt()).isZero();
        }
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Match.objectLike(Map.of(
                "MaximumEventAgeInSeconds", 120, "MaximumRetryAttempts", 0)));
    }

    @Test
    void queueTriggersHaveBoundedConcurrency() {
        List<Map.Entry<String, JsonNode>> mappings = resources(tree, "AWS::Lambda::EventSourceMapping");
        assertThat(mappings).hasSize(2);
        assertThat(mappings).allSatisfy(m ->
                assertThat(m.getValue().at("/Properties/ScalingConfig/MaximumConcurrency").asInt()).isEqualTo(2));
    }

    @Test
    void theWebhookFunctionOnlyVerifiesAndHandsOver() {
        String webhook = functionsWith(tree, WebhookConstruct.HANDLER, null).get(0);
        List<String> actions = new ArrayList<>();
        List<JsonNode> statements = statementsOfFunction(tree, webhook);
        statements.forEach(st -> actions.addAll(actions(st)));
        assertThat(actions).contains("sqs:SendMessage", "ssm:GetParameter")
                .doesNotContain("dynamodb:TransactWriteItems", "lambda:InvokeFunction", "sqs:ReceiveMessage");
        // it may write only the webhook channels' items of the channels table, read only their parameters
        JsonNode dynamo = statements.stream().filter(st -> actions(st).contains("dynamodb:PutItem")).findFirst().orElseThrow();
        assertThat(dynamo.at("/Condition/ForAllValues:StringEquals/dynamodb:LeadingKeys").toString())
                .isEqualTo("[\"shopify-main\",\"mercari-shops\",\"makeshop-main\"]");
        String ssm = statements.stream().filter(st -> actions(st).contains("ssm:GetParameter")).findFirst()
                .orElseThrow().toString();
        assertThat(ssm).contains("/zaikosynctest/channels/shopify-main/credentials").doesNotContain("rakuten-main");
        assertThat(tree.get("Resources").get(webhook).at("/Properties/Environment/Variables").has("STOCK_TABLE_NAME"))
                .isFalse();
    }

    @Test
    void webhookAndAdminRoutesHaveTheirOwnThrottles() {
        JsonNode stage = resources(tree, "AWS::ApiGatewayV2::Stage").get(0).getValue();
        JsonNode routes = stage.at("/Properties/RouteSettings");
        assertThat(routes.at("/POST ~1webhooks~1{channelId}/ThrottlingRateLimit").asInt())
                .isEqualTo(WebhookConstruct.WEBHOOK_RATE);
        assertThat(routes.at("/ANY ~1admin~1{proxy+}/ThrottlingRateLimit").asInt()).isEqualTo(WebhookConstruct.ADMIN_RATE);
        assertThat(routes.at("/ANY ~1admin~1{proxy+}/ThrottlingBurstLimit").asInt()).isEqualTo(WebhookConstruct.ADMIN_BURST);
        // the stage is created after the routes it names
        assertThat(stage.get("DependsOn").size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void mercarisWebhookUrlEndsWithItsPathToken() {
        JsonNode url = tree.at("/Outputs/WebhookUrlMercariShops/Value");
        assertThat(url.toString()).endsWith("/webhooks/mercari-shops/" + MERCARI_TOKEN + "\"]]}");
        assertThat(tree.at("/Outputs/WebhookUrlShopifyMain/Value").toString()).endsWith("/webhooks/shopify-main\"]]}");
    }

    @Test
    void channelSettingsAndCredentialsAreReadByPrefixWithoutKmsGrants() {
        String pusher = functionsWith(tree, ChannelFunctions.PUSH_HANDLER, null).get(0);
        String all = statementsOfFunction(tree, pusher).toString();
        assertThat(all).contains("parameter/zaikosynctest/channels/*", "zaikosynctest-push-*")
                .doesNotContain("kms:", "secretsmanager:");
    }

    /**
     * A failing poll is visible: the poll handler counts it in the EMF metric ZaikoSync/PollFailures,
     * written with the channel dimension and without it (pinned on the functions' side by
     * DeployedChannelsTest.metricsAreEmfWithTheChannelDimension), then throws, so Lambda records the
     * failed asynchronous run in the failed-runs queue. Both ends are alarmed here.
     */
    @Test
    void aFailingPollRaisesThePollFailuresAlarmOnTheDimensionlessAggregateAndLandsInTheFailedRunsQueue() {
        JsonNode alarm = resources(tree, "AWS::CloudWatch::Alarm").stream().map(Map.Entry::getValue)
                .filter(a -> a.at("/Properties/MetricName").asText().equals("PollFailures"))
                .findFirst().orElseThrow();
        JsonNode p = alarm.get("Properties");
        assertThat(p.path("Namespace").asText()).isEqualTo("ZaikoSync");
        // the aggregate the EMF line also writes ("Dimensions": [["channel"], []]): one alarm for every channel
        assertThat(p.has("Dimensions")).isFalse();
        assertThat(p.path("Statistic").asText()).isEqualTo("Sum");
        assertThat(p.path("Period").asInt()).isEqualTo(900);
        assertThat(p.path("Threshold").asDouble()).isEqualTo(3.0);
        assertThat(p.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
        assertThat(p.path("TreatMissingData").asText()).isEqualTo("notBreaching");
        assertThat(p.at("/AlarmActions/0/Ref").asText()).startsWith("Alarms");

        // the thrown poll: every poller alias sends failed runs to the failed-runs queue, which the DLQ alarm watches
        String failedRuns = resources(tree, "AWS::SQS::Queue").stream()
                .filter(q -> q.getKey().startsWith("FailedRuns")).map(Map.Entry::getKey).findFirst().orElseThrow();
        List<String> pollers = TestStacks.functionsWith(tree, ChannelFunctions.POLL_HANDLER, null);
        assertThat(pollers).hasSize(2);
        long pollerConfigs = resources(tree, "AWS::Lambda::EventInvokeConfig").stream().map(Map.Entry::getValue)
                .filter(c -> pollers.stream().anyMatch(f -> c.at("/Properties/FunctionName").toString().contains(f)))
                .filter(c -> c.at("/Properties/DestinationConfig/OnFailure/Destination").toString().contains(failedRuns))
                .count();
        assertThat(pollerConfigs).isEqualTo(2);
        JsonNode anyDlq = resources(tree, "AWS::CloudWatch::Alarm").stream().map(Map.Entry::getValue)
                .filter(a -> a.at("/Properties/AlarmDescription").asText().startsWith("Messages in a dead-letter queue"))
                .findFirst().orElseThrow();
        assertThat(anyDlq.at("/Properties/Metrics").toString()).contains(failedRuns);
    }

    /**
     * A mall showing less than the ledger: the pusher and the reconciler invoke the poller of their
     * own placement (the same channels), by its alias ARN in one fixed variable. The pusher invokes
     * that and nothing else; the reconciler that and the pushers (its repairs wake them). The ARN is
     * built from the poller's fixed name: a reference would be a cycle (the poller refers to the pushers).
     */
    @Test
    void thePusherAndReconcilerMayInvokeTheirPlacementsPollerAndNothingElseNew() {
        Map<String, String> aliasOf = new java.util.HashMap<>();
        for (var alias : resources(tree, "AWS::Lambda::Alias")) {
            aliasOf.put(alias.getValue().at("/Properties/FunctionName/Ref").asText(), alias.getKey());
        }
        List<String> pusherAliases = List.of(aliasOf.get(placed(ChannelFunctions.PUSH_HANDLER, "")),
                aliasOf.get(placed(ChannelFunctions.PUSH_HANDLER, "FixedIp")));
        for (String vpc : List.of("", "FixedIp")) {
            String poller = placed(ChannelFunctions.POLL_HANDLER, vpc);
            String name = vpc.isEmpty() ? "zaikosynctest-poller" : "zaikosynctest-poller-fixed-ip";
            assertThat(tree.get("Resources").get(poller).at("/Properties/FunctionName").asText()).isEqualTo(name);
            String pollerArn = "[\"arn:\",{\"Ref\":\"AWS::Partition\"},\":lambda:\",{\"Ref\":\"AWS::Region\"},\":\","
                    + "{\"Ref\":\"AWS::AccountId\"},\":function:" + name + ":live\"]";
            String variable = vpc.isEmpty() ? "POLLER_FUNCTION_ARN" : "POLLER_FIXED_IP_FUNCTION_ARN";
            String other = vpc.isEmpty() ? "POLLER_FIXED_IP_FUNCTION_ARN" : "POLLER_FUNCTION_ARN";

            String pusher = placed(ChannelFunctions.PUSH_HANDLER, vpc);
            assertThat(invokable(pusher)).as("pusher" + vpc).containsExactly(pollerArn);
            String reconciler = placed(ChannelFunctions.RECONCILE_HANDLER, vpc);
            assertThat(invokable(reconciler)).as("reconciler" + vpc)
                    .containsExactlyInAnyOrder(pollerArn, pusherAliases.get(0), pusherAliases.get(1));
            for (String asking : List.of(pusher, reconciler)) {
                JsonNode env = TestStacks.environment(tree, asking);
                assertThat(env.at("/" + variable + "/Fn::Join/1").toString()).isEqualTo(pollerArn);
                assertThat(env.has(other)).isFalse();
            }
        }
        // nobody else may start a poll out of schedule
        for (var function : resources(tree, "AWS::Lambda::Function")) {
            String handler = function.getValue().at("/Properties/Handler").asText();
            if (!handler.equals(ChannelFunctions.PUSH_HANDLER) && !handler.equals(ChannelFunctions.RECONCILE_HANDLER)) {
                assertThat(invokable(function.getKey())).as(function.getKey())
                        .noneMatch(r -> r.contains(":function:zaikosynctest-poller"));
            }
        }
    }

    /** The function of that handler outside the VPC ("") or inside it ("FixedIp"). */
    private static String placed(String handler, String vpc) {
        return functionsWith(tree, handler, null).stream()
                .filter(id -> tree.get("Resources").get(id).at("/Properties/VpcConfig").isMissingNode() == vpc.isEmpty())
                .findFirst().orElseThrow();
    }

    /** The logical ids of the aliases (or functions) this function's role may invoke. */
    private static List<String> invokable(String function) {
        List<String> out = new ArrayList<>();
        for (JsonNode st : statementsOfFunction(tree, function)) {
            if (actions(st).contains("lambda:InvokeFunction")) {
                JsonNode resource = st.get("Resource");
                (resource.isArray() ? resource : TestStacks.JSON.createArrayNode().add(resource)).forEach(r -> {
                    String id = r.has("Ref") ? r.get("Ref").asText() : r.at("/Fn::Join/1").toString();
                    if (!out.contains(id)) {
                        out.add(id);
                    }
                });
            }
        }
        return out;
    }

    @Test
    void theNatInstanceRequiresImdsv2AndIsRecoveredByAnAlarm() {
        template.hasResourceProperties("AWS::EC2::LaunchTemplate", Match.objectLike(Map.of(
                "LaunchTemplateData", Match.objectLike(Map.of("MetadataOptions", Map.of("HttpTokens", "required"))))));
        JsonNode recover = resources(tree, "AWS::CloudWatch::Alarm").stream().map(Map.Entry::getValue)
                .filter(a -> a.at("/Properties/MetricName").asText().equals("StatusCheckFailed_System"))
                .findFirst().orElseThrow();
        assertThat(recover.at("/Properties/AlarmActions").toString()).contains(":ec2:recover");
    }

    @Test
    void theBudgetAlertsTheSellerFromTheConfig() {
        template.hasResourceProperties("AWS::Budgets::Budget", Match.objectLike(Map.of(
                "Budget", Match.objectLike(Map.of("BudgetLimit", Map.of("Amount", 5, "Unit", "USD"),
                        "TimeUnit", "MONTHLY", "BudgetType", "COST")))));
    }

    @Test
    void oneSpApiQueueForEveryAmazonChannel() {
        template.hasOutput("SpApiNotificationQueueArn", Match.anyValue());
        template.hasResourceProperties("AWS::SQS::QueuePolicy", Match.objectLike(Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "AllowSellingPartnerApiNotifications")))))))));
    }
}
