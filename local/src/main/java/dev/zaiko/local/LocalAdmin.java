package dev.zaiko.local;

import dev.zaiko.admin.AdminApi;
import dev.zaiko.admin.RuntimeChannelDirectory;
import dev.zaiko.app.ops.Ops;
import dev.zaiko.config.ChannelRuntime;

import dev.zaiko.app.ops.ShownRefresh;
import dev.zaiko.app.reconcile.ReconcileService;
import dev.zaiko.domain.port.ReconcileReports;

import java.time.Duration;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin API over a {@link LocalRuntime}: the same {@code AdminApi} an admin Lambda serves on
 * AWS, mounted by {@code ./zaiko local up} on its gateway at {@code /admin/}.
 */
public final class LocalAdmin {
    private LocalAdmin() {
    }

    public static AdminApi api(LocalRuntime runtime) {
        return new AdminApi(ops(runtime));
    }

    /** How long one 再取得 read of a channel may take before it stops (its report then says PARTIAL). */
    static final Duration REFRESH_BUDGET = Duration.ofMinutes(5);

    public static Ops ops(LocalRuntime runtime) {
        ReconcileReports reports = runtime.stores.reconcileReports();
        ReconcileService reconciler = runtime.composition.reportOnlyReconciler();
        ShownRefresh.MallRead read = channelId -> {
            ChannelRuntime channel = runtime.channel(channelId).runtime();
            return reconciler.reconcile(channelId, channel.adapter(), channel.credentialsFingerprint(),
                    ReconcileReports.Mode.REPORT, REFRESH_BUDGET, channel.holdBack());
        };
        return runtime.composition.ops(new RuntimeChannelDirectory(() -> runtimes(runtime),
                        id -> runtime.pushQueue(id).visibleCount(), id -> runtime.pushQueue(id).deadLetterCount()),
                reports, Optional.of(read));
    }

    private static Map<String, ChannelRuntime> runtimes(LocalRuntime runtime) {
        Map<String, ChannelRuntime> channels = new LinkedHashMap<>();
        runtime.channels().forEach((id, channel) -> channels.put(id, channel.runtime()));
        return channels;
    }
}
