package dev.zaiko.app.ops;

import dev.zaiko.app.LedgerService;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.ListingPushLog;
import dev.zaiko.domain.port.ReconcileReports;
import dev.zaiko.domain.port.StockLedger;

import java.time.Clock;
import java.util.Optional;

/** Every seller operation, built once from the ports; what the admin API (and so the CLI) calls. */
public record Ops(StockImportService stockImport, ListingImportService listingImport, StockReportService stock,
                  DriftService drift, ChannelReportService channels, CatalogService catalog,
                  StockTableService table, StockEditService edit, ShownRefresh refresh) {
    /** Imports apply this many rows at a time: enough to hide round trips, few enough for a small Lambda. */
    public static final int DEFAULT_PARALLELISM = 8;

    /** Without mall reads from the admin process: the table shows the push log only, 再取得 is unavailable. */
    public static Ops create(LedgerService ledger, StockLedger store, ChannelDirectory channels, ChannelStates states,
                             ListingPushLog pushLog, Clock clock) {
        return create(ledger, store, channels, states, pushLog, NO_REPORTS, Optional.empty(), clock);
    }

    /**
     * @param reports each channel's last mall read, shown in the stock table with its time
     * @param read    runs a report-only reconcile of a channel (再取得); empty where the admin process cannot
     */
    public static Ops create(LedgerService ledger, StockLedger store, ChannelDirectory channels, ChannelStates states,
                             ListingPushLog pushLog, ReconcileReports reports, Optional<ShownRefresh.MallRead> read,
                             Clock clock) {
        return create(ledger, store, channels, states, pushLog, reports, read, (channelId, limit) -> java.util.List.of(),
                clock);
    }

    /** Without mall reads, with each channel's quarantined orders. */
    public static Ops create(LedgerService ledger, StockLedger store, ChannelDirectory channels, ChannelStates states,
                             ListingPushLog pushLog, ChannelReportService.RejectedLookup rejected, Clock clock) {
        return create(ledger, store, channels, states, pushLog, NO_REPORTS, Optional.empty(), rejected, clock);
    }

    /** @param rejected each channel's quarantined orders (listed as {@code orders --state REJECTED}) */
    public static Ops create(LedgerService ledger, StockLedger store, ChannelDirectory channels, ChannelStates states,
                             ListingPushLog pushLog, ReconcileReports reports, Optional<ShownRefresh.MallRead> read,
                             ChannelReportService.RejectedLookup rejected, Clock clock) {
        DriftService drift = new DriftService(ledger.pushRequests(), store, channels);
        StockTableService table = new StockTableService(store, channels, pushLog, reports, clock);
        return new Ops(new StockImportService(ledger.adjustments(), store, DEFAULT_PARALLELISM),
                new ListingImportService(ledger.mappings(), store, channels, DEFAULT_PARALLELISM),
                new StockReportService(store, channels, pushLog),
                drift,
                new ChannelReportService(channels, states, store, rejected, clock),
                new CatalogService(ledger.adjustments(), ledger.mappings(), store, channels),
                table,
                new StockEditService(ledger.adjustments(), ledger.mappings(), ledger.pushRequests(), store, channels),
                new ShownRefresh(read, channels, table::reportSaved, clock));
    }

    /**
     * Where 再取得 runs elsewhere (on AWS, the reconcile function invoked in the background): the table
     * shows each channel's stored report and the page follows a refresh through them.
     */
    public static Ops create(LedgerService ledger, StockLedger store, ChannelDirectory channels, ChannelStates states,
                             ListingPushLog pushLog, ReconcileReports reports, ShownRefresh.Trigger trigger,
                             ChannelReportService.RejectedLookup rejected, Clock clock) {
        Ops base = create(ledger, store, channels, states, pushLog, reports, Optional.empty(), rejected, clock);
        StockTableService table = base.table();
        return new Ops(base.stockImport(), base.listingImport(), base.stock(), base.drift(), base.channels(),
                base.catalog(), table, base.edit(),
                new ShownRefresh(trigger, reports, channels, table::reportSaved, clock));
    }

    /** A deployment without stored reports. */
    private static final ReconcileReports NO_REPORTS = new ReconcileReports() {
        @Override
        public void save(Report report) {
            throw new UnsupportedOperationException("no report store");
        }

        @Override
        public Optional<Report> latest(String channelId) {
            return Optional.empty();
        }
    };
}
