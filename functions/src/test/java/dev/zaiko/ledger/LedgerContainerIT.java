package dev.zaiko.ledger;

import dev.zaiko.embedded.TestAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The same ledger contract against LocalStack in a container. Skipped, with the reason, when no
 * Docker engine is reachable or no {@code LOCALSTACK_AUTH_TOKEN} is set (the image needs one
 * since March 2026).
 */
class LedgerContainerIT extends LedgerContract {
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.10");
    static LocalStackContainer localstack;
    static TestAws aws;

    /**
     * Checked before each test (not in a {@code @BeforeAll}) so every test of the contract is reported
     * as skipped, with the reason, instead of the class silently running none.
     */
    @Override
    @org.junit.jupiter.api.BeforeEach
    void freshTables() {
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        Assumptions.assumeTrue(token != null && !token.isBlank(),
                "LocalStack skipped: LOCALSTACK_AUTH_TOKEN is not set (the image requires it since March 2026)");
        Assumptions.assumeTrue(dockerAvailable(), "LocalStack skipped: no Docker engine reachable");
        startLocalStack(token);
        super.freshTables();
    }

    private static synchronized void startLocalStack(String token) {
        if (localstack != null) {
            return;
        }
        localstack = new LocalStackContainer(IMAGE).withServices("dynamodb", "sqs")
                .withEnv("LOCALSTACK_AUTH_TOKEN", token);
        localstack.start();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
        Region region = Region.of(localstack.getRegion());
        aws = new TestAws(java.util.Optional.of(
                DynamoDbClient.builder().endpointOverride(localstack.getEndpoint()).region(region)
                        .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build()),
                SqsClient.builder().endpointOverride(localstack.getEndpoint()).region(region)
                        .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                "LocalStack " + IMAGE + " at " + localstack.getEndpoint());
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @AfterAll
    static void stop() {
        if (localstack != null) {
            localstack.stop();
        }
    }

    @Override
    TestAws aws() {
        return aws;
    }
}
