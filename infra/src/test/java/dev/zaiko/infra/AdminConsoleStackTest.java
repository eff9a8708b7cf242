package dev.zaiko.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.deployconfig.ChannelConfig;
import dev.zaiko.deployconfig.ZaikoConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static dev.zaiko.infra.TestStacks.json;
import static dev.zaiko.infra.TestStacks.resources;
import static org.assertj.core.api.Assertions.assertThat;

/** The web console on AWS: who may call the admin API, and that the page's bucket is private behind CloudFront. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminConsoleStackTest {
    private ZaikoConfig config;
    private Template template;
    private JsonNode tree;

    @BeforeAll
    void synth() {
        config = TestStacks.exampleConfig();
        template = Template.fromStack(TestStacks.stack(config));
        tree = json(template);
    }

    @Test
    void everyAdminRouteHasTheJwtAuthorizerAndWebhookRoutesHaveNone() {
        List<Map.Entry<String, JsonNode>> routes = resources(tree, "AWS::ApiGatewayV2::Route");
        assertThat(routes).extracting(r -> r.getValue().path("Properties").path("RouteKey").asText())
                .containsExactlyInAnyOrder("ANY /admin/{proxy+}", "POST /webhooks/{channelId}",
                        "POST /webhooks/{channelId}/{token}");
        List<Map.Entry<String, JsonNode>> authorizers = resources(tree, "AWS::ApiGatewayV2::Authorizer");
        assertThat(authorizers).hasSize(1);
        String authorizerId = authorizers.get(0).getKey();
        JsonNode authorizer = authorizers.get(0).getValue().path("Properties");
        assertThat(authorizer.path("AuthorizerType").asText()).isEqualTo("JWT");
        assertThat(authorizer.path("IdentitySource").get(0).asText()).isEqualTo("$request.header.Authorization");
        String poolId = resources(tree, "AWS::Cognito::UserPool").get(0).getKey();
        String clientId = resources(tree, "AWS::Cognito::UserPoolClient").get(0).getKey();
        assertThat(authorizer.path("JwtConfiguration").path("Audience").get(0).path("Ref").asText()).isEqualTo(clientId);
        assertThat(authorizer.path("JwtConfiguration").path("Issuer").toString()).contains(poolId);

        for (Map.Entry<String, JsonNode> route : routes) {
            JsonNode p = route.getValue().path("Properties");
            if (p.path("RouteKey").asText().startsWith("ANY /admin/")) {
                assertThat(p.path("AuthorizationType").asText()).isEqualTo("JWT");
                assertThat(p.path("AuthorizerId").path("Ref").asText()).isEqualTo(authorizerId);
            } else {
                assertThat(p.path("AuthorizationType").asText("NONE")).isEqualTo("NONE");
                assertThat(p.has("AuthorizerId")).isFalse();
            }
        }
        // One HTTP API: the admin routes live next to the webhook route.
        template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
    }

    @Test
    void theUserPoolExistsWithTheAlertEmailInvitedAsFirstAdmin() {
        template.resourceCountIs("AWS::Cognito::UserPool", 1);
        template.hasResourceProperties("AWS::Cognito::UserPool", Match.objectLike(Map.of(
                "AdminCreateUserConfig", Match.objectLike(Map.of("AllowAdminCreateUserOnly", true)))));
        template.hasResourceProperties("AWS::Cognito::UserPoolUser", Match.objectLike(Map.of(
                "Username", config.alertEmail(),
                "DesiredDeliveryMediums", List.of("EMAIL"),
                "UserAttributes", Match.arrayWith(List.of(Map.of("Name", "email", "Value", config.alertEmail()))))));
        template.hasResourceProperties("AWS::Cognito::UserPoolClient", Match.objectLike(Map.of(
                "AllowedOAuthFlows", List.of("code"),
                "GenerateSecret", false)));
        template.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
    }

    @Test
    void theBucketIsPrivateBehindCloudFrontWithOriginAccessControl() {
        List<Map.Entry<String, JsonNode>> buckets = resources(tree, "AWS::S3::Bucket");
        assertThat(buckets).hasSize(1);
        String bucketId = buckets.get(0).getKey();
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true))));
        template.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
        template.hasResourceProperties("AWS::CloudFront::OriginAccessControl", Match.objectLike(Map.of(
                "OriginAccessControlConfig", Match.objectLike(Map.of("OriginAccessControlOriginType", "s3",
                        "SigningBehavior", "always")))));

        JsonNode distribution = resources(tree, "AWS::CloudFront::Distribution").get(0).getValue()
                .path("Properties").path("DistributionConfig");
        JsonNode s3Origin = null;
        for (JsonNode origin : distribution.path("Origins")) {
            if (origin.has("S3OriginConfig")) {
                s3Origin = origin;
            }
        }
        assertThat(s3Origin).as("an S3 origin").isNotNull();
        assertThat(s3Origin.path("DomainName").toString()).contains(bucketId);
        assertThat(s3Origin.path("OriginAccessControlId").isMissingNode()).isFalse();
        assertThat(s3Origin.path("S3OriginConfig").path("OriginAccessIdentity").asText()).isEmpty();
        assertThat(distribution.path("DefaultCacheBehavior").path("ViewerProtocolPolicy").asText())
                .isEqualTo("redirect-to-https");
        assertThat(distribution.path("CacheBehaviors")).hasSize(1);
        assertThat(distribution.path("CacheBehaviors").get(0).path("PathPattern").asText()).isEqualTo("/admin/*");

        // Only CloudFront (this distribution) may read the bucket; nothing is public.
        JsonNode policy = resources(tree, "AWS::S3::BucketPolicy").stream()
                .filter(p -> p.getValue().path("Properties").path("Bucket").path("Ref").asText().equals(bucketId))
                .findFirst().orElseThrow().getValue().path("Properties").path("PolicyDocument");
        boolean cloudFrontRead = false;
        for (JsonNode statement : policy.path("Statement")) {
            JsonNode principal = statement.path("Principal");
            if (statement.path("Effect").asText().equals("Allow")) {
                assertThat(principal.toString()).doesNotContain("\"*\"");
            }
            if (principal.path("Service").asText().equals("cloudfront.amazonaws.com")) {
                cloudFrontRead = statement.path("Action").toString().contains("s3:GetObject")
                        && statement.path("Condition").toString().contains("AWS:SourceArn");
            }
        }
        assertThat(cloudFrontRead).as("s3:GetObject for CloudFront, limited to the distribution").isTrue();
    }

    @Test
    void theAdminFunctionFindsChannelsByParameterAndSeesTheFixedIp() {
        JsonNode admin = resources(tree, "AWS::Lambda::Function").stream()
                .map(Map.Entry::getValue)
                .filter(f -> f.path("Properties").path("Handler").asText().equals(AdminConsoleConstruct.HANDLER))
                .findFirst().orElseThrow().path("Properties");
        JsonNode env = admin.path("Environment").path("Variables");
        assertThat(env.path("ZAIKO_PREFIX").asText()).isEqualTo("zaikosynctest");
        assertThat(env.has("ZAIKO_ACCOUNT_ID")).isTrue();
        assertThat(env.has("PUSHER_FUNCTION_ARN")).isTrue();
        assertThat(env.has("PUSHER_FIXED_IP_FUNCTION_ARN")).isTrue();
        // 再取得 invokes the reconcilers (report mode) in the background
        assertThat(env.has("RECONCILER_FUNCTION_ARN")).isTrue();
        assertThat(env.has("RECONCILER_FIXED_IP_FUNCTION_ARN")).isTrue();
        assertThat(env.has("FIXED_EGRESS_IP")).isTrue();
        for (ChannelConfig c : config.channels()) {
            assertThat(env.toString()).as(c.id()).doesNotContain(c.envSuffix());
        }
        assertThat(env.toString()).doesNotContain("clientSecret", "refreshToken", "licenseKey");
    }

    @Test
    void consoleSignInRequiresTotpMfa() {
        template.hasResourceProperties("AWS::Cognito::UserPool", Match.objectLike(Map.of(
                "MfaConfiguration", "ON", "EnabledMfas", List.of("SOFTWARE_TOKEN_MFA"))));
    }
}
