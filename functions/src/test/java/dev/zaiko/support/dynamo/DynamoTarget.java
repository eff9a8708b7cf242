package dev.zaiko.support.dynamo;

import dev.zaiko.adapter.dynamodb.TableNames;
import dev.zaiko.config.DynamoDbStores;
import dev.zaiko.config.Stores;
import dev.zaiko.embedded.TestAws;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running DynamoDB lane: the SDK clients (url-connection HTTP client, as in Lambda) and fresh
 * tables per test. Every table created through {@link #dynamo()}, by this class or by any fixture,
 * is remembered; lanes on a shared endpoint or a real account delete them all when the test JVM ends.
 */
public final class DynamoTarget implements AutoCloseable {
    /** Unique per test JVM, so two runs on one account or endpoint never share a table. */
    private static final String RUN_ID = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final String description;
    private final String prefix;
    private final boolean deleteTablesAtEnd;
    private final Runnable stop;
    private final List<String> created = new ArrayList<>();

    DynamoTarget(Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials, String description,
                 String lanePrefix, boolean deleteTablesAtEnd, Runnable stop) {
        DynamoDbClientBuilder dynamoBuilder = DynamoDbClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new CreatedTables()));
        SqsClientBuilder sqsBuilder = SqsClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        endpoint.ifPresent(uri -> {
            dynamoBuilder.endpointOverride(uri);
            sqsBuilder.endpointOverride(uri);
        });
        this.dynamo = dynamoBuilder.build();
        this.sqs = sqsBuilder.build();
        this.description = description;
        this.prefix = "zt" + lanePrefix + RUN_ID + "-";
        this.deleteTablesAtEnd = deleteTablesAtEnd;
        this.stop = stop;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public SqsClient sqs() {
        return sqs;
    }

    /** Where the calls go, for messages and reports. */
    public String description() {
        return description;
    }

    /**
     * Every table of the schema, new and empty, named {@code zt<lane><run>-<default name>-<n>}: unique
     * to this JVM's run and to the calling test.
     */
    public TableNames freshTables() {
        return DynamoTables.create(dynamo, prefix, "-" + SEQUENCE.incrementAndGet());
    }

    /** Every store port on fresh tables ({@link #freshTables()}), as a Lambda runtime would have them. */
    public Stores freshStores(Clock clock) {
        return new DynamoDbStores(dynamo, freshTables(), clock);
    }

    public Stores freshStores() {
        return freshStores(Clock.systemUTC());
    }

    /** The same clients as the test bed's type, for suites written against {@link TestAws}. */
    public TestAws testAws() {
        return new TestAws(Optional.of(dynamo), sqs, description);
    }

    /** Waits (bounded, polling) until the emulator answers DynamoDB calls. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                dynamo.listTables(r -> r.limit(1));
                return;
            } catch (RuntimeException notYet) {
                last = notYet;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(description + " did not answer DynamoDB calls within " + timeout, last);
    }

    synchronized List<String> createdTables() {
        return List.copyOf(created);
    }

    @Override
    public void close() {
        if (deleteTablesAtEnd) {
            for (String table : createdTables()) {
                try {
                    dynamo.deleteTable(r -> r.tableName(table));
                } catch (ResourceNotFoundException gone) {
                    // Already deleted: nothing to clean up.
                } catch (RuntimeException e) {
                    System.err.println("dynamo lane: could not delete table " + table + " on " + description
                            + ": " + e.getMessage());
                }
            }
        }
        dynamo.close();
        sqs.close();
        stop.run();
    }

    /** Remembers each table a successful CreateTable made through this client. */
    private final class CreatedTables implements ExecutionInterceptor {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof CreateTableRequest request) {
                synchronized (DynamoTarget.this) {
                    created.add(request.tableName());
                }
            }
        }
    }
}
