package dev.zaiko.support;

import dev.zaiko.app.LedgerService;
import dev.zaiko.config.Stores;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.port.PushRequester;
import dev.zaiko.domain.port.StockLedger;
import dev.zaiko.embedded.TestAws;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A ledger on its own fresh store (the SQL store by default; fresh DynamoDB tables on a DynamoDB target). */
public final class LedgerFixture {
    public final TestAws aws;
    public final Stores stores;
    public final StockLedger store;
    public final RecordingPushRequester pushes = new RecordingPushRequester();
    public final LedgerService ledger;

    public LedgerFixture(TestAws aws) {
        this(aws, TestStores.fresh(aws, Clock.systemUTC()));
    }

    /** A ledger on stores already made (the DynamoDB lanes give theirs uniquely named tables). */
    public LedgerFixture(TestAws aws, Stores stores) {
        this.aws = aws;
        this.stores = stores;
        this.store = stores.stockLedger();
        this.ledger = new LedgerService(store, pushes, Clock.systemUTC());
    }

    /** Another service instance on the same tables, as a second Lambda container would be. */
    public LedgerService anotherContainer(StockLedger storeOfContainer, PushRequester pushRequester) {
        return new LedgerService(storeOfContainer, pushRequester, Clock.systemUTC());
    }

    public void stock(String sku, long available) {
        ledger.define(sku, available, Optional.empty(), Optional.empty(), Optional.empty(),
                ChangeSource.admin("test"));
    }

    public void map(String channelId, String itemKey, Component... components) {
        ledger.mapListing(new ListingKey(channelId, itemKey), List.of(components), false);
    }

    /** Read back from the store itself (the adapters keep no cache). */
    public long available(String sku) {
        return store.readStock(List.of(sku)).get(sku).available();
    }

    public StockLevel level(String sku) {
        return store.readStock(List.of(sku)).get(sku);
    }

    public Optional<OrderLine> line(String channelId, String orderId, String lineId) {
        return store.findLine(channelId + "#" + orderId + "#" + lineId);
    }

    public static OrderEvent reserve(String channelId, String orderId, String itemKey, int quantity) {
        return new OrderEvent(channelId, orderId, "1", itemKey, quantity, OrderAction.RESERVE, "Unshipped",
                Instant.parse("2026-11-23T00:00:00Z"), EventOrigin.POLL);
    }

    public static OrderEvent cancel(String channelId, String orderId, String itemKey, int quantity) {
        return new OrderEvent(channelId, orderId, "1", itemKey, quantity, OrderAction.CANCEL, "Canceled",
                Instant.parse("2026-11-23T00:05:00Z"), EventOrigin.POLL);
    }
}
