package dev.zaiko.config;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * SDK clients as every Lambda builds them, once per container, over one shared url-connection
 * HTTP client ({@link SharedHttpClient}: smallest cold start, one TLS context per container);
 * the region from the wiring's {@code AWS_REGION} (Lambda always sets it; otherwise the SDK's
 * chain); credentials from the SDK's default chain (on SnapStart they come from the container
 * endpoint, not from variables). Endpoints for LocalStack, cdklocal or tests
 * come from the SDK's own settings ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_DYNAMODB},
 * ...), so there is no test branch here.
 */
public final class AwsClients {
    private AwsClients() {
    }

    /** The HTTP client the SDK clients of one container share (built at its first request). */
    public static SdkHttpClient sharedHttpClient() {
        return SharedHttpClient.urlConnection();
    }

    public static DynamoDbClient dynamo(SdkHttpClient http, String region) {
        return regional(DynamoDbClient.builder().httpClient(http), region).build();
    }

    public static SqsClient sqs(SdkHttpClient http, String region) {
        return regional(SqsClient.builder().httpClient(http), region).build();
    }

    public static SsmClient ssm(SdkHttpClient http, String region) {
        return regional(SsmClient.builder().httpClient(http), region).build();
    }

    public static LambdaClient lambda(SdkHttpClient http, String region) {
        return regional(LambdaClient.builder().httpClient(http), region).build();
    }

    private static <B extends AwsClientBuilder<B, ?>> B regional(B builder, String region) {
        return region == null || region.isBlank() ? builder : builder.region(Region.of(region));
    }
}
