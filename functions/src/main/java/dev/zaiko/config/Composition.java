package dev.zaiko.config;

import dev.zaiko.app.ChannelPoller;
import dev.zaiko.app.LedgerSellableReader;
import dev.zaiko.app.LedgerService;
import dev.zaiko.app.PollService;
import dev.zaiko.app.PushService;
import dev.zaiko.app.WakingPushRequester;
import dev.zaiko.app.WebhookService;
import dev.zaiko.app.fba.FbaSyncService;
import dev.zaiko.app.ops.ChannelReportService;
import dev.zaiko.app.ops.Ops;
import dev.zaiko.app.ops.ShownRefresh;
import dev.zaiko.app.reconcile.ReconcileService;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.OrderQueue;
import dev.zaiko.domain.port.PollTrigger;
import dev.zaiko.domain.port.PushRequester;
import dev.zaiko.domain.port.PusherTrigger;
import dev.zaiko.domain.port.ReconcileReports;
import dev.zaiko.domain.port.SellableReader;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The one place that builds the application services, for every runtime shape: the Lambda
 * functions and the CLI's AWS mode ({@link FlowWiring} gives it DynamoDB stores, the SQS orders
 * queue and push queues, the Lambda pusher trigger and the Lambda poll trigger), the local runtime (the embedded SQL store,
 * ElasticMQ and in-process pushers) and the benches (a store and a counting push requester).
 * Whatever differs between them is what it takes; what it builds is the same everywhere.
 *
 * <p>The ledger service is built once here ({@link #ledger()}) and handed to everything that
 * changes stock, so splitting it by job only changes this class.
 */
public final class Composition {
    /** Stands in for the orders queue where a process never enqueues (benches, the admin CLI). */
    public static final OrderQueue NO_ORDER_QUEUE = events -> {
        throw new IllegalStateException("this process has no orders queue");
    };

    private final Stores stores;
    private final OrderQueue orders;
    private final PushRequester pushRequests;
    private final PusherTrigger pushers;
    private final PollTrigger polls;
    private final Clock clock;
    private LedgerService ledger;

    /**
     * @param orders       the orders queue the pollers and webhooks hand events to
     * @param queuedPushes puts push requests into each channel's push queue
     * @param pushers      wakes the pushers of channels with new requests (a lost wake-up is logged;
     *                     the poll's fallback wakes them later)
     */
    public Composition(Stores stores, OrderQueue orders, PushRequester queuedPushes, PusherTrigger pushers,
                       Clock clock) {
        this(stores, orders, queuedPushes, pushers, PollTrigger.NEXT_SCHEDULED_POLL, clock);
    }

    /**
     * @param polls polls a channel now when a mall shows less than the ledger (the pushers and the
     *              reconciler ask; on AWS an asynchronous invoke of the poller, debounced per channel)
     */
    public Composition(Stores stores, OrderQueue orders, PushRequester queuedPushes, PusherTrigger pushers,
                       PollTrigger polls, Clock clock) {
        this.stores = stores;
        this.orders = orders;
        this.pushers = pushers;
        this.polls = polls;
        this.clock = clock;
        this.pushRequests = new WakingPushRequester(queuedPushes, pushers,
                (channels, e) -> JsonLog.warn("pusher_wakeup_lost", "channels", channels, "error", e));
    }

    public Stores stores() {
        return stores;
    }

    public Clock clock() {
        return clock;
    }

    public OrderQueue orderQueue() {
        return orders;
    }

    /** Push requests into the channels' queues, then the wake-up of their pushers. */
    public PushRequester pushRequester() {
        return pushRequests;
    }

    public PusherTrigger pushers() {
        return pushers;
    }

    /** The ledger: order events, stock changes, mappings; every change requests the pushes it causes. */
    public synchronized LedgerService ledger() {
        if (ledger == null) {
            ledger = new LedgerService(stores.stockLedger(), pushRequests, clock);
        }
        return ledger;
    }

    /** What the pushers read: the current sellable quantity of listings (no ledger writes). */
    public SellableReader sellable() {
        return new LedgerSellableReader(stores.stockLedger());
    }

    /** Order polls with the default overlap and settle time (AWS). */
    public PollService polls() {
        return new PollService(stores.channelStates(), orders, stores.rejectedOrders(), clock);
    }

    /** Order polls with the given settle time (locally 0: simulators have no indexing lag). */
    public PollService polls(Duration settle) {
        return new PollService(stores.channelStates(), orders, stores.rejectedOrders(), clock,
                PollService.DEFAULT_OVERLAP, settle);
    }

    /** One scheduled run of a channel's poller over {@code polls}, waking its pusher when requests wait. */
    public ChannelPoller poller(PollService polls, ChannelPoller.Pause pause) {
        return new ChannelPoller(polls, pushers, clock, pause);
    }

    /** Pushers that ask this composition's poll trigger for a poll when a mall shows less than the ledger. */
    public PushService pushes() {
        return pushes(polls);
    }

    /** Pushers that ask for a poll now when a mall shows less than the ledger (invariant 8). */
    public PushService pushes(PollTrigger polls) {
        return new PushService(sellable(), stores.channelStates(), stores.pushLog(), polls, clock);
    }

    /** Webhooks applied to the ledger at once, the orders queue as the fallback (the local runtime). */
    public WebhookService webhooks() {
        return new WebhookService(ledger().orders(), orders, stores.channelStates(), clock);
    }

    /** Webhooks handed to the orders queue only (the webhook Lambda holds no ledger write permission). */
    public WebhookService webhookHandOver() {
        return WebhookService.handOver(orders, stores.channelStates(), clock);
    }

    /** The reconciler: repairs through push requests. */
    public ReconcileService reconciler() {
        return new ReconcileService(stores.stockLedger(), stores.catalog(), pushRequests, stores.pushLog(),
                stores.channelStates(), stores.reconcileReports(), polls, clock);
    }

    /** A reconciler that only reads and reports (再取得 in the console): it never pushes. */
    public ReconcileService reportOnlyReconciler() {
        return new ReconcileService(stores.stockLedger(), stores.catalog(), requests -> {
            throw new IllegalStateException("a report-only read never pushes");
        }, stores.pushLog(), stores.channelStates(), stores.reconcileReports(), clock);
    }

    public FbaSyncService fba(FbaSyncService.Settings settings) {
        return new FbaSyncService(stores.stockLedger(), ledger(), stores.fbaSources(), clock, settings);
    }

    /** The seller's tools (CLI, console) over these channels, with each channel's quarantined orders. */
    public Ops ops(ChannelDirectory channels) {
        ChannelReportService.RejectedLookup rejected = stores.rejectedOrders()::rejected;
        return Ops.create(ledger(), stores.stockLedger(), channels, stores.channelStates(), stores.pushLog(), rejected,
                clock);
    }

    /** The same, with each channel's last mall read and a way to read a mall again (再取得). */
    public Ops ops(ChannelDirectory channels, ReconcileReports reports, Optional<ShownRefresh.MallRead> read) {
        ChannelReportService.RejectedLookup rejected = stores.rejectedOrders()::rejected;
        return Ops.create(ledger(), stores.stockLedger(), channels, stores.channelStates(), stores.pushLog(), reports,
                read, rejected, clock);
    }

    /**
     * The seller's tools with each channel's last mall read (shown with its time) and 再取得 started
     * in the background by {@code refresh} (on AWS: the reconciler invoked in REPORT mode).
     */
    public Ops ops(ChannelDirectory channels, ReconcileReports reports, ShownRefresh.Trigger refresh) {
        ChannelReportService.RejectedLookup rejected = stores.rejectedOrders()::rejected;
        return Ops.create(ledger(), stores.stockLedger(), channels, stores.channelStates(), stores.pushLog(), reports,
                refresh, rejected, clock);
    }
}
