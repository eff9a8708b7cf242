package dev.zaiko.config;

import dev.zaiko.adapter.sql.SqlRejectedOrders;
import dev.zaiko.adapter.sql.SqlChannelStates;
import dev.zaiko.adapter.sql.SqlFbaSources;
import dev.zaiko.adapter.sql.SqlListingCatalog;
import dev.zaiko.adapter.sql.SqlListingPushLog;
import dev.zaiko.adapter.sql.SqlOpenOrders;
import dev.zaiko.adapter.sql.SqlReconcileReports;
import dev.zaiko.adapter.sql.SqlStockLedger;
import dev.zaiko.adapter.sql.SqliteDatabase;
import dev.zaiko.domain.channel.OpenOrders;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.FbaSources;
import dev.zaiko.domain.port.ListingCatalog;
import dev.zaiko.domain.port.ListingPushLog;
import dev.zaiko.domain.port.ReconcileReports;
import dev.zaiko.domain.port.RejectedOrders;
import dev.zaiko.domain.port.StockLedger;

import java.nio.file.Path;
import java.time.Clock;

/** Every store port on one SQLite database (see {@link SqliteDatabase}). */
public final class SqlStores implements Stores {
    private final SqliteDatabase database;
    private final Clock clock;
    private final boolean owner;
    private final SqlStockLedger ledger;
    private final SqlChannelStates states;
    private final SqlListingPushLog pushLog;

    private SqlStores(SqliteDatabase database, Clock clock, boolean owner) {
        this.database = database;
        this.clock = clock;
        this.owner = owner;
        this.ledger = new SqlStockLedger(database, clock);
        this.states = new SqlChannelStates(database);
        this.pushLog = new SqlListingPushLog(database);
    }

    /** The ledger in {@code file} (created when absent), kept across runs. */
    public static SqlStores file(Path file, Clock clock) {
        return new SqlStores(SqliteDatabase.open(file), clock, true);
    }

    /** A store that keeps nothing once closed. */
    public static SqlStores temporary(Clock clock) {
        return new SqlStores(SqliteDatabase.temporary(), clock, true);
    }

    public SqliteDatabase database() {
        return database;
    }

    @Override
    public StockLedger stockLedger() {
        return ledger;
    }

    @Override
    public ChannelStates channelStates() {
        return states;
    }

    @Override
    public ListingPushLog pushLog() {
        return pushLog;
    }

    @Override
    public ListingCatalog catalog() {
        return new SqlListingCatalog(database);
    }

    @Override
    public FbaSources fbaSources() {
        return new SqlFbaSources(database);
    }

    @Override
    public ReconcileReports reconcileReports() {
        return new SqlReconcileReports(database);
    }

    @Override
    public RejectedOrders rejectedOrders() {
        return new SqlRejectedOrders(database, clock);
    }

    @Override
    public OpenOrders openOrders(String channelId) {
        return new SqlOpenOrders(database, channelId, clock);
    }

    @Override
    public dev.zaiko.domain.port.RateBuckets rateBuckets() {
        return new dev.zaiko.adapter.sql.SqlRateBuckets(database);
    }

    @Override
    public String describe() {
        return database.describe();
    }

    /** Its own connections on the same file: SQLite's locks, not a Java lock, separate the two. */
    @Override
    public Stores anotherContainer() {
        return new SqlStores(database.reopen(), clock, true);
    }

    /**
     * Deletes every order line and every channel row (cursors, open orders, webhook ids, health):
     * {@code zaiko local up} starts fresh simulated malls whose order numbers start again at 1, so
     * what an earlier run remembered of them would collide. Stock, listings and the journal stay.
     * Returns the rows deleted.
     */
    public int forgetOrdersAndChannels() {
        return database.write(session -> session.update("DELETE FROM \"" + dev.zaiko.schema.Tables.ORDER_LINES.defaultName()
                + "\"") + session.update("DELETE FROM \"" + dev.zaiko.schema.Tables.CHANNELS.defaultName() + "\""));
    }

    @Override
    public void close() {
        if (owner) {
            database.close();
        }
    }
}
