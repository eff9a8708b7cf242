package dev.zaiko.config;

import dev.zaiko.adapter.dynamodb.DynamoDbRejectedOrders;
import dev.zaiko.adapter.dynamodb.DynamoDbChannelStates;
import dev.zaiko.adapter.dynamodb.DynamoDbFbaSources;
import dev.zaiko.adapter.dynamodb.DynamoDbListingCatalog;
import dev.zaiko.adapter.dynamodb.DynamoDbListingPushLog;
import dev.zaiko.adapter.dynamodb.DynamoDbOpenOrders;
import dev.zaiko.adapter.dynamodb.DynamoDbReconcileReports;
import dev.zaiko.adapter.dynamodb.DynamoDbStockLedger;
import dev.zaiko.adapter.dynamodb.TableNames;
import dev.zaiko.domain.channel.OpenOrders;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.FbaSources;
import dev.zaiko.domain.port.ListingCatalog;
import dev.zaiko.domain.port.ListingPushLog;
import dev.zaiko.domain.port.ReconcileReports;
import dev.zaiko.domain.port.RejectedOrders;
import dev.zaiko.domain.port.StockLedger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/** Every store port on the DynamoDB tables named by {@code tables}, through one client. */
public record DynamoDbStores(DynamoDbClient dynamo, TableNames tables, Clock clock) implements Stores {
    @Override
    public StockLedger stockLedger() {
        return new DynamoDbStockLedger(dynamo, tables, clock);
    }

    @Override
    public ChannelStates channelStates() {
        return new DynamoDbChannelStates(dynamo, tables);
    }

    @Override
    public ListingPushLog pushLog() {
        return new DynamoDbListingPushLog(dynamo, tables);
    }

    @Override
    public ListingCatalog catalog() {
        return new DynamoDbListingCatalog(dynamo, tables);
    }

    @Override
    public FbaSources fbaSources() {
        return new DynamoDbFbaSources(dynamo, tables);
    }

    @Override
    public ReconcileReports reconcileReports() {
        return new DynamoDbReconcileReports(dynamo, tables);
    }

    @Override
    public RejectedOrders rejectedOrders() {
        return new DynamoDbRejectedOrders(dynamo, tables, clock);
    }

    @Override
    public OpenOrders openOrders(String channelId) {
        return new DynamoDbOpenOrders(dynamo, tables, channelId, clock);
    }

    @Override
    public dev.zaiko.domain.port.RateBuckets rateBuckets() {
        return new dev.zaiko.adapter.dynamodb.DynamoDbRateBuckets(dynamo, tables);
    }

    @Override
    public String describe() {
        return "DynamoDB tables " + tables.stock() + ", ...";
    }

    /** Stateless adapters over one thread-safe client: a new set is as independent as a new container's. */
    @Override
    public Stores anotherContainer() {
        return new DynamoDbStores(dynamo, tables, clock);
    }
}
