package dev.zaiko.infra;

import dev.zaiko.deployconfig.ConfigException;
import dev.zaiko.deployconfig.ZaikoConfigParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Config switches other than the example's: NAT gateway, no fixed IP at all, sub-minute polling. */
class ConfigVariantsStackTest {
    private static Template gateway;
    private static Template plain;
    private static ZaikoStack plainStack;

    @BeforeAll
    static void synth() {
        gateway = Template.fromStack(TestStacks.stack(ZaikoConfigParser.parse("""
                {"region": "ap-northeast-1", "alertEmail": "a@example.com", "natMode": "gateway",
                 "channels": [
                   {"id": "mercari-shops", "type": "mercari", "fixedIp": true, "webhook": true},
                   {"id": "shopify-main", "type": "shopify", "webhook": true}]}
                """, "gateway")));
        plainStack = TestStacks.stack(ZaikoConfigParser.parse("""
                {"region": "ap-northeast-1", "alertEmail": "a@example.com", "deletionProtection": false,
                 "channels": [
                   {"id": "rakuten-main", "type": "rakuten", "pollIntervalSeconds": 30},
                   {"id": "qoo10-main", "type": "qoo10", "pollIntervalSeconds": 300}]}
                """, "plain"));
        plain = Template.fromStack(plainStack);
    }

    @Test
    void gatewayModeUsesOneNatGatewayWithTheElasticIp() {
        gateway.resourceCountIs("AWS::EC2::NatGateway", 1);
        gateway.resourceCountIs("AWS::EC2::Instance", 0);
        gateway.resourceCountIs("AWS::EC2::EIP", 1);
        gateway.hasResourceProperties("AWS::EC2::NatGateway", Match.objectLike(Map.of(
                "AllocationId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("EgressElasticIp.*"), "AllocationId")))));
        gateway.hasOutput("FixedEgressIp", Match.anyValue());
    }

    @Test
    void webhookRunsInTheVpcWhenAWebhookChannelNeedsTheFixedIp() {
        gateway.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", WebhookConstruct.HANDLER, "VpcConfig", Match.anyValue())));
    }

    @Test
    void withoutFixedIpThereIsNoVpcWithoutWebhookNoApiWithoutAmazonNoSpApiQueue() {
        plain.resourceCountIs("AWS::EC2::VPC", 0);
        plain.resourceCountIs("AWS::EC2::EIP", 0);
        // Without webhooks the only HTTP API is the console's admin API (its routes need the JWT authorizer).
        plain.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        plain.hasResourceProperties("AWS::ApiGatewayV2::Route", Match.objectLike(Map.of(
                "RouteKey", "ANY /admin/{proxy+}", "AuthorizationType", "JWT")));
        plain.resourceCountIs("AWS::ApiGatewayV2::Route", 1);
        // orders + its DLQ, 2 push queues + the shared push DLQ, the failed-runs queue
        plain.resourceCountIs("AWS::SQS::QueuePolicy", 2 + 3 + 1);
        // ONE poller, pusher, reconciler for both channels; ledger; admin API; CDK's BucketDeployment function
        plain.resourceCountIs("AWS::Lambda::Function", 3 + 1 + 1 + 1);
        assertThat(plain.toJSON().get("Outputs").toString()).doesNotContain("FixedEgressIp", "Webhook", "SpApi");
    }

    @Test
    void deletionProtectionCanBeSwitchedOffButTablesAreStillRetained() {
        plain.allResourcesProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionProtectionEnabled", false)));
        plain.allResources("AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
    }

    @Test
    void subMinuteIntervalsScheduleEveryMinuteAndLongerOnesRoundUp() {
        // flexible windows: within the minute for 1-minute polls, within 5 minutes for slower ones
        plain.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                "ScheduleExpression", "rate(1 minute)",
                "FlexibleTimeWindow", Map.of("Mode", "FLEXIBLE", "MaximumWindowInMinutes", 1),
                "Target", Match.objectLike(Map.of("Input", "{\"channelId\":\"rakuten-main\"}")))));
        plain.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                "ScheduleExpression", "rate(5 minutes)",
                "FlexibleTimeWindow", Map.of("Mode", "FLEXIBLE", "MaximumWindowInMinutes", 5))));
        // the 30 s channel's poller runs the whole minute: the shared poller's timeout leaves room
        plain.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", ChannelFunctions.POLL_HANDLER, "Timeout", 90)));
        // the interval lives in the channel's config parameter, not in the environment
        plain.hasResourceProperties("AWS::SSM::Parameter", Match.objectLike(Map.of(
                "Name", "/zaikosynctest/channels/rakuten-main/config",
                "Value", Match.stringLikeRegexp(".*\"pollIntervalSeconds\":30.*"))));
        Annotations.fromStack(plainStack).hasWarning("*", Match.stringLikeRegexp(".*pollIntervalSeconds 30 < 60.*"));
    }

    @Test
    void appFailsWithTheConfigProblem(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, """
                {"region": "ap-northeast-1", "alertEmail": "a@example.com",
                 "channels": [{"id": "x", "type": "ebay"}]}
                """);
        App app = new App(AppProps.builder().context(Map.of("config", bad.toString(),
                "lambdaJar", TestStacks.placeholderJar().toString())).build());
        assertThatThrownBy(() -> ZaikoApp.build(app, TestStacks.repoRoot()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("channels[0].type: unknown mall type \"ebay\"");
    }

    @Test
    void appFailsClearlyWithoutTheLambdaJar(@TempDir Path dir) {
        App app = new App(AppProps.builder().context(Map.of("lambdaJar", dir.resolve("missing.jar").toString())).build());
        assertThatThrownBy(() -> ZaikoApp.build(app, TestStacks.repoRoot()))
                .hasMessageContaining("Lambda jar not found").hasMessageContaining("mvn");
    }
}
