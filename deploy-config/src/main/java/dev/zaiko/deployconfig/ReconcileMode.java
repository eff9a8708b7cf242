package dev.zaiko.deployconfig;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a channel's reconciler does with drift it finds ({@code RECONCILE_MODE} of
 * {@code ReconcileHandler}): {@link #REPAIR} asks the channel's pusher to write the ledger's
 * quantity again; {@link #REPORT} only records it for {@code zaiko diff}.
 */
public enum ReconcileMode {
    REPAIR,
    REPORT;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReconcileMode> fromConfigName(String value) {
        return Arrays.stream(values()).filter(m -> m.configName().equals(value)).findFirst();
    }
}
