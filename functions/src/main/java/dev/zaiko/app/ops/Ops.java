package dev.zaiko.app.ops;

import dev.zaiko.app.LedgerService;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.ListingPushLog;
import dev.zaiko.domain.port.StockLedger;

import java.time.Clock;

/** Every seller operation, built once from the ports; what the admin API (and so the CLI) calls. */
public record Ops(StockImportService stockImport, ListingImportService listingImport, StockReportService stock,
                  DriftService drift, ChannelReportService channels, CatalogService catalog,
                  StockTableService table, StockEditService edit) {
    /** Imports apply this many rows at a time: enough to hide round trips, few enough for a small Lambda. */
    public static final int DEFAULT_PARALLELISM = 8;

    public static Ops create(LedgerService ledger, StockLedger store, ChannelDirectory channels, ChannelStates states,
                             ListingPushLog pushLog, Clock clock) {
        return create(ledger, store, channels, states, pushLog, (channelId, limit) -> java.util.List.of(), clock);
    }

    /** @param rejected each channel's quarantined orders (listed as {@code orders --state REJECTED}) */
    public static Ops create(LedgerService ledger, StockLedger store, ChannelDirectory channels, ChannelStates states,
                             ListingPushLog pushLog, ChannelReportService.RejectedLookup rejected, Clock clock) {
        DriftService drift = new DriftService(ledger, store, channels);
        return new Ops(new StockImportService(ledger, store, DEFAULT_PARALLELISM),
                new ListingImportService(ledger, store, channels, DEFAULT_PARALLELISM),
                new StockReportService(store, channels, pushLog),
                drift,
                new ChannelReportService(channels, states, store, rejected, clock),
                new CatalogService(ledger, store, channels),
                new StockTableService(store, channels, drift),
                new StockEditService(ledger, store, channels));
    }
}
