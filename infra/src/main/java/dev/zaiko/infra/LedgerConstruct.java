package dev.zaiko.infra;

import dev.zaiko.deployconfig.SafetyDefaults;
import dev.zaiko.schema.AttributeType;
import dev.zaiko.schema.IndexDef;
import dev.zaiko.schema.KeyAttribute;
import dev.zaiko.schema.Queues;
import dev.zaiko.schema.TableDef;
import dev.zaiko.schema.Tables;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The stock ledger: every table of {@link Tables#ALL}, the orders queue (with its DLQ) and the
 * ledger function that applies order events from it. The tables are built from the schema
 * module's definitions only: key names, indexes and TTL attributes are never restated here.
 */
public final class LedgerConstruct extends Construct {
    public static final String HANDLER = "dev.zaiko.handler.LedgerHandler::handleRequest";
    /** Carries {@link SafetyDefaults#safetyStock()} to the functions that compute sellable quantities. */
    public static final String DEFAULT_SAFETY_STOCK_ENV = "DEFAULT_SAFETY_STOCK";

    /**
     * @param code               the Lambda jar
     * @param deletionProtection DynamoDB deletion protection on every table
     * @param safety             seller-wide safety stock default, passed to the functions
     */
    public record Props(Code code, boolean deletionProtection, SafetyDefaults safety) {
        public Props {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(safety, "safety");
        }
    }

    private final Props props;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final QueueWithDlq orders;
    private final ZaikoFunction ledger;

    /** The orders event source's maximum concurrency (2 is the lowest SQS event sources allow). */
    public static final int MAX_LEDGER_CONCURRENCY = 2;

    public LedgerConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        for (TableDef def : Tables.ALL) {
            tables.put(def.id(), table(def, props.deletionProtection()));
        }
        this.orders = new QueueWithDlq(this, "Orders", new QueueWithDlq.Props(Queues.ORDERS));
        // Timeout 30 s: the orders queue's visibility timeout (180 s) is six times that, as AWS
        // advises for SQS event sources.
        this.ledger = new ZaikoFunction(this, "Ledger", new ZaikoFunction.Props(
                HANDLER, "zaiko-sync ledger: applies order events from the orders queue",
                props.code(), Duration.seconds(30), Map.of(), Optional.empty(), 2));
        grantLedgerWrites(ledger);
        // At most MAX_LEDGER_CONCURRENCY batches at once (issue 15 defect 8): every batch of a hot SKU
        // conditions on the same stock item, so more parallel batches only add conflicting retries;
        // 2 x 10 events a batch is far above the reference workload's peak.
        ledger.alias().addEventSource(SqsEventSource.Builder.create(orders.queue())
                .maxConcurrency(MAX_LEDGER_CONCURRENCY)
                .batchSize(10)
                .maxBatchingWindow(Duration.seconds(0))
                .reportBatchItemFailures(true)
                // bounded: a burst of orders cannot take the account's whole concurrency (10 in new accounts)
                .maxConcurrency(2)
                .build());
    }

    private Table table(TableDef def, boolean deletionProtection) {
        Table.Builder builder = Table.Builder.create(this, capitalise(def.id()) + "Table")
                .partitionKey(attribute(def.partitionKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(deletionProtection)
                .removalPolicy(RemovalPolicy.RETAIN);
        def.sortKey().ifPresent(k -> builder.sortKey(attribute(k)));
        def.ttlAttribute().ifPresent(builder::timeToLiveAttribute);
        Table table = builder.build();
        for (IndexDef index : def.globalIndexes()) {
            GlobalSecondaryIndexProps.Builder gsi = GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(attribute(index.partitionKey()))
                    .projectionType(ProjectionType.ALL);
            index.sortKey().ifPresent(k -> gsi.sortKey(attribute(k)));
            table.addGlobalSecondaryIndex(gsi.build());
        }
        return table;
    }

    private static Attribute attribute(KeyAttribute key) {
        return Attribute.builder()
                .name(key.name())
                .type(key.type() == AttributeType.NUMBER
                        ? software.amazon.awscdk.services.dynamodb.AttributeType.NUMBER
                        : software.amazon.awscdk.services.dynamodb.AttributeType.STRING)
                .build();
    }

    static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * What applying orders needs, for the ledger and for every function that applies orders at
     * once (webhook, SP-API notifications): read/write stock, order lines and journal (one
     * conditional transaction), read listings (mapping and the listing guard's ConditionCheck),
     * with the table names in the environment.
     */
    public void grantLedgerWrites(ZaikoFunction function) {
        for (TableDef def : List.of(Tables.STOCK, Tables.ORDER_LINES, Tables.JOURNAL)) {
            table(def).grantReadWriteData(function.alias());
            function.addEnvironment(def.nameEnvVar(), table(def).getTableName());
        }
        table(Tables.LISTINGS).grantReadData(function.alias());
        function.addEnvironment(Tables.LISTINGS.nameEnvVar(), table(Tables.LISTINGS).getTableName());
        function.addEnvironment(DEFAULT_SAFETY_STOCK_ENV, Integer.toString(props.safety().safetyStock()));
    }

    /** Read/write of the channels table (cursor, health, open orders, webhook deliveries). */
    public void grantChannelState(ZaikoFunction function) {
        table(Tables.CHANNELS).grantReadWriteData(function.alias());
        function.addEnvironment(Tables.CHANNELS.nameEnvVar(), table(Tables.CHANNELS).getTableName());
    }

    /** Sending to the orders queue, with its URL in the environment. */
    public void grantSendOrders(ZaikoFunction function) {
        orders.queue().grantSendMessages(function.alias());
        function.addEnvironment(Queues.ORDERS.urlEnvVar(), orders.queue().getQueueUrl());
    }

    public Table table(TableDef def) {
        Table table = tables.get(def.id());
        if (table == null) {
            throw new IllegalArgumentException("no table " + def.id());
        }
        return table;
    }

    public Map<String, Table> tables() {
        return Map.copyOf(tables);
    }

    public QueueWithDlq orders() {
        return orders;
    }

    public ZaikoFunction ledger() {
        return ledger;
    }

    public SafetyDefaults safety() {
        return props.safety();
    }
}
