package dev.zaiko.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.zaiko.app.reconcile.ReconcileService;
import dev.zaiko.config.ChannelRuntime;
import dev.zaiko.config.FlowWiring;
import dev.zaiko.config.JsonLog;
import dev.zaiko.domain.port.ReconcileReports;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The reconciler of every channel account, run by each channel's EventBridge Scheduler schedule
 * (input {@code {"channelId": ...}}) (default
 * hourly): compares what the mall shows with the ledger and, in repair mode, asks the channel's
 * pusher to write the ledger's quantity again where they differ. The report it stores is what
 * {@code zaiko diff} shows.
 *
 * <p>Environment: the channel's {@code CHANNEL_ID}, {@code CHANNEL_TYPE}, {@code CHANNEL_SECRET_ARN},
 * {@code CHANNEL_OPTIONS}; {@code RECONCILE_MODE} ({@code repair}, the default, or {@code report});
 * the table names; {@code PUSH_QUEUE_URL_<CH>} and {@code PUSHER_FUNCTION_<CH>} of its own channel.
 * The schedule's input may override the mode: {@code {"mode":"report"}}.
 */
public final class ReconcileHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    public static final String RECONCILE_MODE = "RECONCILE_MODE";

    private final java.util.function.Function<String, ChannelRuntime> channels;
    private final ReconcileService reconciler;
    private final java.util.function.Function<String, ReconcileReports.Mode> modes;
    private final java.util.Optional<String> only;

    public ReconcileHandler() {
        FlowWiring wiring = FlowWiring.fromEnvironment();
        dev.zaiko.config.DeployedChannels deployed = wiring.deployedChannels();
        this.channels = deployed::runtime;
        this.modes = id -> mode(deployed.descriptor(id).map(dev.zaiko.config.DeployedChannels.Descriptor::reconcileMode)
                .orElse("repair"));
        this.only = java.util.Optional.empty();
        dev.zaiko.config.SnapStartHooks.register(wiring);
        this.reconciler = wiring.composition().reconciler();
    }

    /** One channel (tests, the local runtime). */
    public ReconcileHandler(ChannelRuntime channel, ReconcileService reconciler, ReconcileReports.Mode mode) {
        this.channels = id -> channel;
        this.reconciler = reconciler;
        this.modes = id -> mode;
        this.only = java.util.Optional.of(channel.channelId());
    }

    static ReconcileReports.Mode mode(String value) {
        return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
            case "repair" -> ReconcileReports.Mode.REPAIR;
            case "report" -> ReconcileReports.Mode.REPORT;
            default -> throw new IllegalArgumentException(RECONCILE_MODE + " must be 'repair' or 'report', not '"
                    + value + "'");
        };
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduled, Context context) {
        ChannelRuntime channel = channels.apply(ChannelInput.channelId(scheduled, only));
        ReconcileReports.Mode runMode = scheduled != null && scheduled.get("mode") instanceof String requested
                ? mode(requested) : modes.apply(channel.channelId());
        Duration budget = context == null ? Duration.ofMinutes(10)
                : Duration.ofMillis(Math.max(1_000, context.getRemainingTimeInMillis() - 20_000));
        ReconcileReports.Report report = reconciler.reconcile(channel.channelId(), channel.adapter(),
                channel.credentialsFingerprint(), runMode, budget, channel.holdBack());
        for (ReconcileReports.Row row : report.rows()) {
            JsonLog.warn(row.finding() == ReconcileReports.Finding.DRIFT ? "listing_drift" : "listing_missing_on_mall",
                    "channel", report.channelId(), "itemKey", row.itemKey(), "ledger", row.ledgerSellable(),
                    "shown", row.shown().isPresent() ? String.valueOf(row.shown().getAsLong()) : "absent",
                    "repairRequested", row.repairRequested());
        }
        JsonLog.info("channel_reconciled", "channel", report.channelId(), "mode", report.mode(),
                "status", report.status(), "listings", report.listings(), "checked", report.checked(),
                "inSync", report.inSync(), "drifted", report.drifted(), "missing", report.missing(),
                "repairsRequested", report.repairsRequested(), "message", report.message());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("channelId", report.channelId());
        summary.put("mode", report.mode().name());
        summary.put("status", report.status().name());
        summary.put("checked", report.checked());
        summary.put("drifted", report.drifted());
        summary.put("missing", report.missing());
        summary.put("repairsRequested", report.repairsRequested());
        return summary;
    }
}
