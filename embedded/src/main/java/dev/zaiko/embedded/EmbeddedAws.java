package dev.zaiko.embedded;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

import java.io.File;
import java.net.URI;
import java.util.Optional;

/**
 * DynamoDB Local and ElasticMQ in this JVM. DynamoDB Local runs embedded (no socket at all: its
 * server mode would listen on every interface); ElasticMQ listens on 127.0.0.1 on a free port.
 */
public final class EmbeddedAws implements AutoCloseable {
    static {
        // DynamoDB Local reports usage unless told not to; nothing here may phone home.
        System.setProperty("ddb.local.telemetry", "0");
    }

    private final AmazonDynamoDBLocal dynamoLocal;
    private final DynamoDbClient dynamo;
    private final SQSRestServer sqsServer;
    private final SqsClient sqs;
    private final URI sqsEndpoint;

    private EmbeddedAws(AmazonDynamoDBLocal dynamoLocal, SQSRestServer sqsServer, int sqsPort) {
        this.dynamoLocal = dynamoLocal;
        this.dynamo = dynamoLocal.dynamoDbClient();
        this.sqsServer = sqsServer;
        this.sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);
        this.sqs = SqsClient.builder()
                .endpointOverride(sqsEndpoint)
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** In-memory DynamoDB, or persisted in a database file under {@code dataDirectory} when given. */
    public static EmbeddedAws start(Optional<File> dataDirectory) {
        AmazonDynamoDBLocal dynamoLocal = dataDirectory
                .map(dir -> {
                    if (!dir.isDirectory() && !dir.mkdirs()) {
                        throw new IllegalStateException("cannot create " + dir);
                    }
                    // DynamoDB Local wants the database FILE here, not its directory.
                    return DynamoDBEmbedded.create(new File(dir, "zaiko-ledger.db"));
                })
                .orElseGet(DynamoDBEmbedded::create);
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        return new EmbeddedAws(dynamoLocal, server, port);
    }

    public static EmbeddedAws startInMemory() {
        return start(Optional.empty());
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    @Override
    public void close() {
        sqs.close();
        sqsServer.stopAndWait();
        dynamoLocal.shutdown();
    }
}
