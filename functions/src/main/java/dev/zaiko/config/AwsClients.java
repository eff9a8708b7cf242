package dev.zaiko.config;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * SDK clients as every Lambda builds them, once per container: the url-connection HTTP client
 * (smallest cold start), region and credentials from the environment. Endpoints for LocalStack,
 * cdklocal or tests come from the SDK's own settings ({@code AWS_ENDPOINT_URL},
 * {@code AWS_ENDPOINT_URL_DYNAMODB}, ...), so there is no test branch here.
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static DynamoDbClient dynamo() {
        return DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public static SqsClient sqs() {
        return SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public static SsmClient ssm() {
        return SsmClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public static LambdaClient lambda() {
        return LambdaClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
}
