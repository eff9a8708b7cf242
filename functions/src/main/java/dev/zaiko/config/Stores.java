package dev.zaiko.config;

import dev.zaiko.domain.channel.OpenOrders;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.FbaSources;
import dev.zaiko.domain.port.ListingCatalog;
import dev.zaiko.domain.port.ListingPushLog;
import dev.zaiko.domain.port.ReconcileReports;
import dev.zaiko.domain.port.RejectedOrders;
import dev.zaiko.domain.port.StockLedger;

/**
 * Where a runtime keeps its state: one adapter per store port, all on the same store. Two
 * implementations: {@link DynamoDbStores} (AWS, LocalStack, any endpoint) and {@link SqlStores}
 * (the embedded SQLite file of the local runtime, the demo, the benches and the default tests).
 * The composition root takes one of these and builds every service from it.
 */
public interface Stores extends AutoCloseable {
    StockLedger stockLedger();

    ChannelStates channelStates();

    ListingPushLog pushLog();

    ListingCatalog catalog();

    FbaSources fbaSources();

    ReconcileReports reconcileReports();

    OpenOrders openOrders(String channelId);

    /** The per-channel token buckets every function of a channel shares. */
    dev.zaiko.domain.port.RateBuckets rateBuckets();
    /** Orders the malls reported that could not be normalised (quarantined, shown to the seller). */
    RejectedOrders rejectedOrders();

    /** Where the data lives, for logs and the ready line ("SQLite .zaiko/zaiko-ledger.db", "DynamoDB tables ..."). */
    String describe();

    /**
     * Another set of adapters on the same data with connections of their own, as a second Lambda
     * container would have: for race tests and the benches' independent "containers".
     */
    Stores anotherContainer();

    @Override
    default void close() {
    }
}
