package dev.zaiko.local;

import dev.zaiko.admin.AdminApi;
import dev.zaiko.admin.RuntimeChannelDirectory;
import dev.zaiko.app.ops.Ops;
import dev.zaiko.config.ChannelRuntime;

import java.time.Clock;
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

    public static Ops ops(LocalRuntime runtime) {
        return Ops.create(runtime.ledger, runtime.store, new RuntimeChannelDirectory(() -> runtimes(runtime),
                        id -> runtime.pushQueue(id).visibleCount()), runtime.states, runtime.pushLog,
                runtime.stores.rejectedOrders()::rejected, Clock.systemUTC());
    }

    private static Map<String, ChannelRuntime> runtimes(LocalRuntime runtime) {
        Map<String, ChannelRuntime> channels = new LinkedHashMap<>();
        runtime.channels().forEach((id, channel) -> channels.put(id, channel.runtime()));
        return channels;
    }
}
