package dev.zaiko.embedded;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * JUnit 5 extension that hands a {@link TestAws} to test methods and constructors.
 *
 * <ul>
 *   <li>Default: embedded ElasticMQ, started once per test run (the JUnit root store closes it when
 *       the run ends), and no DynamoDB: stores are the embedded SQL store.</li>
 *   <li>{@code AWS_ENDPOINT_URL} set: every call goes to that endpoint (a LocalStack or Floci you
 *       run yourself, ...), with the region and credentials of the environment, or test values when
 *       none are set; stores may then be DynamoDB tables there.</li>
 * </ul>
 * LocalStack/Floci through Testcontainers is the third target; its tests build their {@link TestAws}
 * from the container (see the {@code *ContainerIT} classes).
 */
public final class AwsTestBed implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AwsTestBed.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == TestAws.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return extension.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("aws", key -> new Target(create()), Target.class).aws;
    }

    /** The target the environment asks for; public so benchmarks and the local runtime can share it. */
    public static TestAws create() {
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        if (endpoint != null && !endpoint.isBlank()) {
            return external(endpoint);
        }
        EmbeddedSqs embedded = EmbeddedSqs.start();
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-sqs-stop"));
        return new TestAws(java.util.Optional.empty(), embedded.sqs(),
                "embedded SQL store + ElasticMQ at " + embedded.sqsEndpoint());
    }

    private static TestAws external(String endpoint) {
        String regionName = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
        AwsCredentialsProvider credentials = System.getenv("AWS_ACCESS_KEY_ID") != null
                || System.getenv("AWS_PROFILE") != null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        Region region = Region.of(regionName);
        // No endpointOverride: the SDK reads AWS_ENDPOINT_URL itself, as the Lambda code does.
        DynamoDbClient dynamo = DynamoDbClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        SqsClient sqs = SqsClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        return new TestAws(java.util.Optional.of(dynamo), sqs, "endpoint " + endpoint + " (AWS_ENDPOINT_URL)");
    }

    private record Target(TestAws aws) implements AutoCloseable {
        @Override
        public void close() {
            aws.dynamo().ifPresent(DynamoDbClient::close);
            aws.sqs().close();
        }
    }
}
