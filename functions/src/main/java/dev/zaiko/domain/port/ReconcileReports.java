package dev.zaiko.domain.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The latest reconciliation of each channel: what its mall showed against the ledger, kept so the
 * CLI ({@code zaiko diff}) and the console can show it. Only listings with a finding are kept as
 * rows; the counts cover every listing checked.
 */
public interface ReconcileReports {
    /** Replaces the channel's latest report. */
    void save(Report report);

    Optional<Report> latest(String channelId);

    /** What a run may do about drift. */
    enum Mode {
        /** Only record what differs. */
        REPORT,
        /** Record it and ask the channel's pusher to write the ledger's quantity again. */
        REPAIR
    }

    enum Status {
        /** Every mapped listing was compared. */
        COMPLETE,
        /** Stopped early (time budget, mall error); the rows cover what was compared. */
        PARTIAL,
        /** Nothing was called (channel in AUTH_ERROR with the same credentials). */
        SKIPPED
    }

    enum Finding {
        /** The mall shows another quantity than the ledger's sellable quantity. */
        DRIFT,
        /** The mall no longer has the item (absent from its stock read): deleted, or a wrong item key. */
        MISSING_ON_MALL,
        /**
         * The mall shows LESS than the ledger: maybe a sale whose order is not in yet. Never raised
         * (that could sell the unit twice); the channel is polled and its orders settle it.
         */
        MALL_BELOW_LEDGER
    }

    /**
     * One listing with a finding.
     *
     * @param ledgerSellable what the ledger says the mall should show
     * @param shown          what the mall showed; empty when it does not have the item
     * @param lastPush       the last push's outcome ("OK 3", "REJECTED E123: ..."), empty when never pushed
     */
    record Row(String itemKey, Finding finding, long ledgerSellable, OptionalLong shown, boolean repairRequested,
               String lastPush) {
        public Row {
            Objects.requireNonNull(itemKey, "itemKey");
            Objects.requireNonNull(finding, "finding");
            Objects.requireNonNull(shown, "shown");
            lastPush = lastPush == null ? "" : lastPush;
        }
    }

    /**
     * @param listings    mapped listings of the channel
     * @param checked     listings whose mall quantity was read (fewer than {@code listings} when PARTIAL)
     * @param rowsOmitted findings beyond {@link #MAX_ROWS}, counted but not listed
     */
    record Report(String channelId, Mode mode, Status status, String message, Instant startedAt, Instant finishedAt,
                  int listings, int checked, int inSync, int drifted, int missing, int repairsRequested,
                  List<Row> rows, int rowsOmitted) {
        /** Keeps one report within a DynamoDB item (400 KB) whatever the catalogue size. */
        public static final int MAX_ROWS = 1000;

        public Report {
            Objects.requireNonNull(channelId, "channelId");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(status, "status");
            message = message == null ? "" : message;
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(finishedAt, "finishedAt");
            rows = List.copyOf(rows);
        }
    }
}
