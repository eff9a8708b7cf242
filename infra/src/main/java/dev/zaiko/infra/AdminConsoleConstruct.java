package dev.zaiko.infra;

import dev.zaiko.deployconfig.ChannelConfig;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.cognito.CfnUserPoolUser;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The seller's web console on AWS: the admin API ({@code ANY /admin/{proxy+}} on the stack's HTTP
 * API → the admin function running {@code AdminApiHandler}) behind a Cognito user pool and a JWT
 * authorizer on every admin route, and the static page in a private S3 bucket served by CloudFront
 * through Origin Access Control. CloudFront also forwards {@code /admin/*} to the HTTP API, so the
 * page and the API share one origin (no CORS). The config's alert e-mail is invited as the first
 * user (Cognito e-mails a temporary password).
 */
public final class AdminConsoleConstruct extends Construct {
    public static final String HANDLER = "dev.zaiko.handler.AdminApiHandler::handleRequest";
    public static final String ROUTE_PATH = "/admin/{proxy+}";
    public static final String FIXED_EGRESS_IP_ENV = "FIXED_EGRESS_IP";
    /** What the page may load and call: itself, and Cognito's token endpoint for the sign-in. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self'; script-src 'self'; connect-src 'self' https://*.amazoncognito.com; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /**
     * @param api        the stack's HTTP API when it already has one (webhooks); otherwise this construct makes it
     * @param egressIp   the fixed egress IP (token), shown to the seller to register with the malls that need it
     * @param consoleDir the repository's {@code console/} folder (static files, no build step)
     */
    public record Props(Code code, LedgerConstruct ledger, Deployment deployment, ChannelFunctions channels,
                        String adminEmail, Optional<HttpApi> api, Optional<String> egressIp, Path consoleDir) {
        public Props {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(deployment, "deployment");
            Objects.requireNonNull(channels, "channels");
            Objects.requireNonNull(adminEmail, "adminEmail");
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(egressIp, "egressIp");
            Objects.requireNonNull(consoleDir, "consoleDir");
        }
    }

    private final ZaikoFunction function;
    private final HttpApi api;
    private final UserPool userPool;
    private final UserPoolClient client;
    private final UserPoolDomain domain;
    private final Bucket bucket;
    private final Distribution distribution;
    private List<HttpRoute> routes;

    public AdminConsoleConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        if (!Files.isRegularFile(props.consoleDir().resolve("index.html"))) {
            throw new IllegalArgumentException("console files not found in " + props.consoleDir()
                    + " (expected index.html: the repository's console/ folder)");
        }

        // ---------------------------------------------------------- the admin function
        this.function = new ZaikoFunction(this, "Admin", new ZaikoFunction.Props(
                HANDLER, "zaiko-sync admin API (web console)", props.code(), Duration.seconds(29),
                Map.of(), Optional.empty(), 0));
        props.ledger().grantLedgerWrites(function);
        props.ledger().grantChannelState(function);
        // Linking and unlinking write listings; the ledger functions only read them.
        props.ledger().table(dev.zaiko.schema.Tables.LISTINGS).grantReadWriteData(function.alias());
        Deployment.routePushesTo(function, props.channels(), props.deployment());
        // Every channel's settings (listed by path) and credentials: shown quantities, catalogues
        // and credential dates are read through each mall's adapter. Nothing per channel in the environment.
        props.deployment().grantReadChannels(function, List.of(), true);
        props.egressIp().ifPresent(ip -> function.addEnvironment(FIXED_EGRESS_IP_ENV, ip));
        // 再取得: the console starts a report-only reconcile of a channel in the background (async invoke)
        ZaikoFunction reconciler = props.channels().outside().reconciler();
        reconciler.alias().grantInvoke(function.alias());
        function.addEnvironment(dev.zaiko.schema.Names.RECONCILER_FUNCTION_ENV, reconciler.alias().getFunctionArn());
        props.channels().inside().map(ChannelFunctions.Trio::reconciler).ifPresent(inVpc -> {
            inVpc.alias().grantInvoke(function.alias());
            function.addEnvironment(dev.zaiko.schema.Names.RECONCILER_FIXED_IP_FUNCTION_ENV,
                    inVpc.alias().getFunctionArn());
        });

        // ---------------------------------------------------------- sign-in
        this.userPool = UserPool.Builder.create(this, "Users")
                .userPoolName("zaiko-sync-console")
                .selfSignUpEnabled(false)
                .signInAliases(SignInAliases.builder().email(true).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                // the console moves stock and reads credentials' dates: a password alone is not enough
                .mfa(Mfa.REQUIRED)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .passwordPolicy(PasswordPolicy.builder().minLength(12).requireDigits(true).requireLowercase(true)
                        .requireUppercase(true).requireSymbols(false)
                        .tempPasswordValidity(Duration.days(7)).build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        this.domain = userPool.addDomain("Domain", software.amazon.awscdk.services.cognito.UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder()
                        .domainPrefix(Fn.join("-", List.of("zaiko", Aws.ACCOUNT_ID,
                                getNode().getAddr().substring(0, 8))))
                        .build())
                .build());
        CfnUserPoolUser.Builder.create(this, "FirstAdmin")
                .userPoolId(userPool.getUserPoolId())
                .username(props.adminEmail())
                .desiredDeliveryMediums(List.of("EMAIL"))
                .userAttributes(List.of(
                        CfnUserPoolUser.AttributeTypeProperty.builder().name("email").value(props.adminEmail()).build(),
                        CfnUserPoolUser.AttributeTypeProperty.builder().name("email_verified").value("true").build()))
                .build();

        // ---------------------------------------------------------- the static page
        this.bucket = Bucket.Builder.create(this, "Files")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .versioned(false)
                .removalPolicy(RemovalPolicy.DESTROY)
                .autoDeleteObjects(false)
                .build();

        // ---------------------------------------------------------- the admin API
        this.api = props.api().orElseGet(() -> HttpApi.Builder.create(this, "Api")
                .description("zaiko-sync admin API")
                .build());
        String apiDomain = api.getApiId() + ".execute-api." + Aws.REGION + "." + Aws.URL_SUFFIX;

        ResponseHeadersPolicy headers = ResponseHeadersPolicy.Builder.create(this, "Headers")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(CONTENT_SECURITY_POLICY).override(true).build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        .frameOptions(ResponseHeadersFrameOptions.builder().frameOption(HeadersFrameOption.DENY)
                                .override(true).build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.NO_REFERRER).override(true).build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(Duration.days(365)).includeSubdomains(true).override(true).build())
                        .build())
                .build();
        this.distribution = Distribution.Builder.create(this, "Cdn")
                .comment("zaiko-sync console")
                .defaultRootObject("index.html")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(headers)
                        .build())
                .additionalBehaviors(Map.of("/admin/*", BehaviorOptions.builder()
                        .origin(new HttpOrigin(apiDomain))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_ALL)
                        .cachePolicy(CachePolicy.CACHING_DISABLED)
                        .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                        .build()))
                .build();
        String pageUrl = "https://" + distribution.getDistributionDomainName() + "/";

        this.client = userPool.addClient("Console", software.amazon.awscdk.services.cognito.UserPoolClientOptions.builder()
                .userPoolClientName("zaiko-sync-console")
                .generateSecret(false)
                .authFlows(AuthFlow.builder().userSrp(true).build())
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
                        .scopes(List.of(OAuthScope.OPENID, OAuthScope.EMAIL))
                        .callbackUrls(List.of(pageUrl))
                        .logoutUrls(List.of(pageUrl))
                        .build())
                .idTokenValidity(Duration.hours(1))
                .accessTokenValidity(Duration.hours(1))
                .refreshTokenValidity(Duration.days(1))
                .preventUserExistenceErrors(true)
                .build());

        this.routes = api.addRoutes(AddRoutesOptions.builder()
                .path(ROUTE_PATH)
                .methods(List.of(HttpMethod.ANY))
                .integration(new HttpLambdaIntegration("AdminIntegration", function.alias()))
                .authorizer(new HttpUserPoolAuthorizer("AdminAuthorizer", userPool, HttpUserPoolAuthorizerProps.builder()
                        .userPoolClients(List.of(client))
                        .identitySource(List.of("$request.header.Authorization"))
                        .build()))
                .build());

        BucketDeployment.Builder.create(this, "Deploy")
                .destinationBucket(bucket)
                .sources(List.of(
                        Source.asset(props.consoleDir().toString()),
                        // The page finds its sign-in here; overrides the local console/config.json.
                        Source.jsonData("config.json", Map.of("auth", Map.of(
                                "domain", domain.baseUrl(),
                                "clientId", client.getUserPoolClientId(),
                                "redirectUri", pageUrl)))))
                .distribution(distribution)
                .distributionPaths(List.of("/*"))
                .memoryLimit(256)
                .build();
    }

    /** The console's address. */
    public String url() {
        return "https://" + distribution.getDistributionDomainName() + "/";
    }

    public ZaikoFunction function() {
        return function;
    }

    /** The admin routes (the webhook stage's route throttles must be created after them). */
    public List<HttpRoute> routes() {
        return routes;
    }

    public HttpApi api() {
        return api;
    }

    public UserPool userPool() {
        return userPool;
    }

    public UserPoolClient client() {
        return client;
    }

    public Bucket bucket() {
        return bucket;
    }

    public Distribution distribution() {
        return distribution;
    }
}
