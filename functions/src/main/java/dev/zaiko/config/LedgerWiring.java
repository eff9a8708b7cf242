package dev.zaiko.config;

import dev.zaiko.adapter.dynamodb.DynamoDbStockLedger;
import dev.zaiko.adapter.dynamodb.TableNames;
import dev.zaiko.adapter.sqs.SqsPushRequester;
import dev.zaiko.app.LedgerService;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;

/** Builds the ledger service from clients and names; the same wiring in Lambda, locally and in tests. */
public final class LedgerWiring {
    private LedgerWiring() {
    }

    public static LedgerService ledgerService(DynamoDbClient dynamo, SqsClient sqs, TableNames tables,
                                              QueueDirectory queues, Clock clock) {
        return new LedgerService(new DynamoDbStockLedger(dynamo, tables, clock),
                new SqsPushRequester(sqs, queues::pushQueueUrl), clock);
    }
}
