package dev.zaiko.channel.support;

import dev.zaiko.app.LedgerService;
import dev.zaiko.app.PollService;
import dev.zaiko.config.SqlStores;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.RejectedOrder;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.testsupport.MutableClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One mall adapter polled by the real {@link PollService} into a real ledger on a temporary SQL
 * store, on the test's virtual clock: what a simulator's fault switch ends as, in exact stock
 * numbers. The orders queue is the ledger itself (each enqueued event applied at once, in order), and
 * every event delivered is kept so a test can deliver them all again.
 */
public final class PolledLedger implements AutoCloseable {
    public final SqlStores stores;
    public final LedgerService ledger;
    private final PollService polls;
    private final String channelId;
    private final ChannelAdapter adapter;
    private final MutableClock clock;
    private final List<OrderEvent> delivered = new ArrayList<>();

    public PolledLedger(String channelId, ChannelAdapter adapter, MutableClock clock) {
        this.channelId = channelId;
        this.adapter = adapter;
        this.clock = clock;
        this.stores = SqlStores.temporary(clock);
        this.ledger = new LedgerService(stores.stockLedger(), requests -> { }, clock);
        // A retried page waits on the virtual clock, never in real time.
        this.polls = new PollService(stores.channelStates(), this::deliver, stores.rejectedOrders(), clock,
                PollService.DEFAULT_OVERLAP, PollService.DEFAULT_SETTLE, clock::advance);
    }

    private void deliver(List<OrderEvent> events) {
        delivered.addAll(events);
        events.forEach(ledger::apply);
    }

    /** A SKU with {@code available} units and the mall's listing {@code itemKey} mapped to one of it. */
    public void stock(String sku, long available, String itemKey) {
        ledger.define(sku, available, Optional.empty(), Optional.empty(), Optional.empty(), ChangeSource.admin("test"));
        ledger.mapListing(new ListingKey(channelId, itemKey), List.of(new Component(sku, 1)), false);
    }

    /** Advances the clock by {@code after} and runs one poll; fails the test unless the poll completed. */
    public PollService.PollResult.Polled pollAfter(Duration after) {
        clock.advance(after);
        PollService.PollResult result = polls.poll(channelId, adapter, "test-credentials", Duration.ofMinutes(1));
        if (result instanceof PollService.PollResult.Polled polled && polled.complete()) {
            return polled;
        }
        throw new AssertionError("the poll of " + channelId + " did not complete: " + result);
    }

    public long available(String sku) {
        return stores.stockLedger().readStock(List.of(sku)).get(sku).available();
    }

    public List<RejectedOrder> rejected() {
        return stores.rejectedOrders().rejected(channelId, 100);
    }

    public List<OrderEvent> delivered() {
        return List.copyOf(delivered);
    }

    /** Every event delivered so far, delivered again newest first (a redelivery out of order). */
    public void redeliverAllNewestFirst() {
        List<OrderEvent> again = new ArrayList<>(delivered);
        java.util.Collections.reverse(again);
        again.forEach(ledger::apply);
    }

    public Optional<OrderLine> line(String orderId) {
        return stores.stockLedger().allLines().stream()
                .filter(l -> l.channelId().equals(channelId) && l.orderId().equals(orderId)).findFirst();
    }

    @Override
    public void close() {
        stores.close();
    }
}
