package dev.zaiko.support.dynamo;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The DynamoDB test lanes that need something this machine may not have. Each lane gives a
 * {@link DynamoTarget} (SDK clients plus freshly created tables) or skips the test with the reason:
 *
 * <ul>
 *   <li>{@link #CONTAINER}: Testcontainers, whenever a Docker engine is reachable. Floci
 *       ({@code floci/floci}, no token, used as a compatible substitute for the LocalStack image) by
 *       default; LocalStack when {@code LOCALSTACK_AUTH_TOKEN} is set; {@code ZAIKO_CONTAINER=floci|localstack}
 *       chooses explicitly.</li>
 *   <li>{@link #ENDPOINT}: whatever {@code AWS_ENDPOINT_URL} points at (the SDK reads it itself, as the
 *       Lambda code does); region and credentials from the environment, else test values.</li>
 *   <li>{@link #AWS}: real DynamoDB, only under the Maven profile {@code -Paws-e2e} (which sets
 *       {@code zaiko.aws.e2e=true}); credentials and region from the environment; every table this run
 *       creates has a unique prefix and is deleted when the test JVM ends.</li>
 * </ul>
 * A lane is started at most once per test JVM and shared by every suite that uses it; a lane that
 * cannot run is probed once and every test that asks for it is skipped with the same reason.
 */
public enum DynamoLane {
    CONTAINER, ENDPOINT, AWS;

    /** Image of the free LocalStack replacement. */
    public static final String FLOCI_IMAGE = "floci/floci:latest";
    public static final String LOCALSTACK_IMAGE = "localstack/localstack:4.10";
    /** System property the {@code aws-e2e} profile sets; without it the AWS lane never calls AWS. */
    public static final String AWS_E2E_PROPERTY = "zaiko.aws.e2e";

    private static final Map<DynamoLane, Object> STARTED = new EnumMap<>(DynamoLane.class);

    /** The lane's target, started on first use; skips the calling test (JUnit assumption) when it cannot run. */
    public DynamoTarget target() {
        Object state = state();
        if (state instanceof String reason) {
            Assumptions.abort(reason);
        }
        return (DynamoTarget) state;
    }

    /** Why the lane cannot run here (starting it on first use), or empty when it runs. */
    public Optional<String> unavailableReason() {
        return state() instanceof String reason ? Optional.of(reason) : Optional.empty();
    }

    private Object state() {
        synchronized (STARTED) {
            Object state = STARTED.get(this);
            if (state == null) {
                try {
                    state = start();
                } catch (Unavailable unavailable) {
                    state = unavailable.getMessage();
                }
                STARTED.put(this, state);
            }
            return state;
        }
    }

    private DynamoTarget start() throws Unavailable {
        DynamoTarget target = switch (this) {
            case CONTAINER -> startContainer(ContainerChoice.from(System.getenv()));
            case ENDPOINT -> endpoint(System.getenv());
            case AWS -> aws(System.getenv(), System.getProperty(AWS_E2E_PROPERTY));
        };
        Runtime.getRuntime().addShutdownHook(new Thread(target::close, "dynamo-lane-" + name().toLowerCase(Locale.ROOT)));
        return target;
    }

    /** A lane that cannot run here; the message is the skip reason. */
    static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    // ------------------------------------------------------------------ container lane

    /** Which emulator the container lane runs, from the environment (pure, so it is unit-tested). */
    record ContainerChoice(String emulator, DockerImageName image, Optional<String> authToken) {
        static ContainerChoice from(Map<String, String> env) throws Unavailable {
            String token = blankToNull(env.get("LOCALSTACK_AUTH_TOKEN"));
            String chosen = blankToNull(env.get("ZAIKO_CONTAINER"));
            String emulator = chosen == null ? (token == null ? "floci" : "localstack")
                    : chosen.trim().toLowerCase(Locale.ROOT);
            return switch (emulator) {
                case "floci" -> new ContainerChoice("floci",
                        DockerImageName.parse(FLOCI_IMAGE).asCompatibleSubstituteFor("localstack/localstack"),
                        Optional.empty());
                case "localstack" -> {
                    if (token == null) {
                        throw new Unavailable("LocalStack lane skipped: ZAIKO_CONTAINER=localstack but "
                                + "LOCALSTACK_AUTH_TOKEN is not set (the image requires it since March 2026); "
                                + "unset ZAIKO_CONTAINER to use Floci, which needs no token");
                    }
                    yield new ContainerChoice("localstack", DockerImageName.parse(LOCALSTACK_IMAGE), Optional.of(token));
                }
                default -> throw new IllegalArgumentException("ZAIKO_CONTAINER must be floci or localstack, not '"
                        + chosen + "'");
            };
        }
    }

    private static DynamoTarget startContainer(ContainerChoice choice) throws Unavailable {
        if (!dockerAvailable()) {
            throw new Unavailable("container lane (" + choice.emulator() + ") skipped: no Docker engine reachable");
        }
        LocalStackContainer container = new LocalStackContainer(choice.image());
        if (choice.emulator().equals("floci")) {
            // Floci's entrypoint (docker/entrypoint.sh in floci-io/floci) is written to be re-executed by
            // LocalStackContainer's starter script; whether Floci prints LocalStack's "Ready." line is not
            // documented, so wait for the port and then for DynamoDB to answer (DynamoTarget.awaitReady).
            container.waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(2)));
        } else {
            container.withServices("dynamodb", "sqs").withEnv("LOCALSTACK_AUTH_TOKEN", choice.authToken().orElseThrow());
        }
        container.start();
        AwsCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey()));
        DynamoTarget target = new DynamoTarget(Optional.of(container.getEndpoint()), Region.of(container.getRegion()),
                credentials, choice.emulator() + " " + choice.image().asCanonicalNameString() + " at "
                + container.getEndpoint(), "ct", false, container::stop);
        target.awaitReady(Duration.ofSeconds(60));
        return target;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ endpoint lane

    static DynamoTarget endpoint(Map<String, String> env) throws Unavailable {
        String endpoint = blankToNull(env.get("AWS_ENDPOINT_URL"));
        if (endpoint == null) {
            throw new Unavailable("endpoint lane skipped: AWS_ENDPOINT_URL is not set");
        }
        Region region = Region.of(env.getOrDefault("AWS_REGION", "us-east-1"));
        AwsCredentialsProvider credentials = env.get("AWS_ACCESS_KEY_ID") != null || env.get("AWS_PROFILE") != null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        // No endpointOverride: the SDK takes AWS_ENDPOINT_URL from the environment, as the Lambda code does.
        return new DynamoTarget(Optional.empty(), region, credentials, "endpoint " + endpoint + " (AWS_ENDPOINT_URL)",
                "ep", true, () -> { });
    }

    // ------------------------------------------------------------------ real DynamoDB

    static DynamoTarget aws(Map<String, String> env, String e2eProperty) throws Unavailable {
        if (!"true".equals(e2eProperty)) {
            throw new Unavailable("AWS lane skipped: real DynamoDB is used only under the Maven profile -Paws-e2e");
        }
        for (String variable : new String[] {"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"}) {
            if (blankToNull(env.get(variable)) != null) {
                throw new Unavailable("AWS lane skipped: " + variable + " is set, so the SDK would not talk to "
                        + "real DynamoDB (unset it for -Paws-e2e)");
            }
        }
        Region region;
        try {
            region = new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException e) {
            throw new Unavailable("AWS lane skipped: no AWS region in the environment (AWS_REGION or a profile): "
                    + e.getMessage());
        }
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        try {
            credentials.resolveCredentials();
        } catch (RuntimeException e) {
            throw new Unavailable("AWS lane skipped: no AWS credentials in the environment: " + e.getMessage());
        }
        return new DynamoTarget(Optional.empty(), region, credentials, "real DynamoDB in " + region, "e2e", true,
                () -> { });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
