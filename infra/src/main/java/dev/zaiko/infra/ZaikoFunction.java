package dev.zaiko.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.IDestination;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One of our Lambda functions, all alike: Java 21 on arm64 (about 20% cheaper per GB-second
 * than x86), 1024 MB, the one shaded jar, JSON logs kept one month, SnapStart on published
 * versions and an alias {@value #ALIAS_NAME} pointing at the current version. Everything that
 * invokes a function (event sources, schedules, the HTTP API, other functions) targets the
 * alias: only published versions are restored from a SnapStart snapshot; $LATEST cold-starts
 * the JVM.
 */
public final class ZaikoFunction extends Construct {
    public static final String ALIAS_NAME = "live";
    public static final int MEMORY_MB = 1024;
    /**
     * The java21 runtime patches Log4j against Log4Shell at every JVM start, which costs cold-start
     * time; the jar has no Log4j (dependency:tree), so the patch only slows init. Lambda documents
     * this variable to turn it off ("Customize Java runtime startup behavior"). Tiered compilation
     * needs no JAVA_TOOL_OPTIONS: java21 already stops at C1 by default.
     */
    static final String DISABLE_LOG4SHELL_PATCH = "AWS_LAMBDA_DISABLE_CVE_2021_44228_PROTECTION";

    /** Where a function runs when its mall needs a registered caller IP. */
    public record Network(IVpc vpc, SubnetSelection subnets, ISecurityGroup securityGroup) {
        public Network {
            Objects.requireNonNull(vpc, "vpc");
            Objects.requireNonNull(subnets, "subnets");
            Objects.requireNonNull(securityGroup, "securityGroup");
        }
    }

    /**
     * @param asyncRetryAttempts retries of asynchronous invocations of the alias (0-2)
     * @param onFailure          where Lambda records an asynchronous invocation of the alias that
     *                           failed (error or timeout) after its retries
     */
    public record Props(String handler, String description, Code code, Duration timeout,
                        Map<String, String> environment, Optional<Network> network, int asyncRetryAttempts,
                        Optional<IDestination> onFailure, Optional<Duration> maxEventAge,
                        Optional<String> functionName) {
        public Props(String handler, String description, Code code, Duration timeout,
                     Map<String, String> environment, Optional<Network> network, int asyncRetryAttempts,
                     Optional<IDestination> onFailure, Optional<Duration> maxEventAge) {
            this(handler, description, code, timeout, environment, network, asyncRetryAttempts, onFailure,
                    maxEventAge, Optional.empty());
        }

        /** The same with a fixed function name (others get CloudFormation's generated one). */
        public Props named(String name) {
            return new Props(handler, description, code, timeout, environment, network, asyncRetryAttempts, onFailure,
                    maxEventAge, Optional.of(name));
        }

        public Props(String handler, String description, Code code, Duration timeout,
                     Map<String, String> environment, Optional<Network> network, int asyncRetryAttempts) {
            this(handler, description, code, timeout, environment, network, asyncRetryAttempts, Optional.empty(),
                    Optional.empty());
        }

        public Props(String handler, String description, Code code, Duration timeout,
                     Map<String, String> environment, Optional<Network> network, int asyncRetryAttempts,
                     Optional<IDestination> onFailure) {
            this(handler, description, code, timeout, environment, network, asyncRetryAttempts, onFailure,
                    Optional.empty());
        }

        public Props {
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(timeout, "timeout");
            environment = Map.copyOf(environment);
            Objects.requireNonNull(network, "network");
            if (asyncRetryAttempts < 0 || asyncRetryAttempts > 2) {
                throw new IllegalArgumentException("asyncRetryAttempts must be 0-2: " + asyncRetryAttempts);
            }
            Objects.requireNonNull(onFailure, "onFailure");
            Objects.requireNonNull(maxEventAge, "maxEventAge");
            Objects.requireNonNull(functionName, "functionName");
        }
    }

    private final Function function;
    private final Alias alias;
    private final LogGroup logGroup;

    public ZaikoFunction(Construct scope, String id, Props props) {
        super(scope, id);
        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Function.Builder builder = Function.Builder.create(this, "Function")
                .description(props.description())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(props.handler())
                .code(props.code())
                .memorySize(MEMORY_MB)
                .timeout(props.timeout())
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .loggingFormat(LoggingFormat.JSON)
                .logGroup(logGroup)
                // sorted, so the template (and the version hash) does not depend on insertion order
                .environment(environment(props.environment()));
        props.functionName().ifPresent(builder::functionName);
        props.network().ifPresent(n -> builder
                .vpc(n.vpc())
                .vpcSubnets(n.subnets())
                .securityGroups(List.of(n.securityGroup())));
        this.function = builder.build();
        Alias.Builder alias = Alias.Builder.create(this, "Live")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .retryAttempts(props.asyncRetryAttempts());
        props.onFailure().ifPresent(alias::onFailure);
        // an asynchronous event older than this is dropped (to the on-failure destination), not run late
        props.maxEventAge().ifPresent(alias::maxEventAge);
        this.alias = alias.build();
    }

    private static Map<String, String> environment(Map<String, String> variables) {
        TreeMap<String, String> sorted = new TreeMap<>(variables);
        sorted.put(DISABLE_LOG4SHELL_PATCH, "true");
        return sorted;
    }

    /** Adds an environment variable; the published version follows (its hash covers the environment). */
    public void addEnvironment(String key, String value) {
        function.addEnvironment(key, value);
    }

    public Function function() {
        return function;
    }

    /** The alias {@value #ALIAS_NAME}: what every trigger and every caller targets. */
    public Alias alias() {
        return alias;
    }

    public LogGroup logGroup() {
        return logGroup;
    }
}
