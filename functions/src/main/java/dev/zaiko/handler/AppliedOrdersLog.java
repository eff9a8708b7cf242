package dev.zaiko.handler;

import dev.zaiko.app.ApplyResult;
import dev.zaiko.config.JsonLog;
import dev.zaiko.domain.LineDecision;

import java.util.List;

/**
 * The log lines CloudWatch metric filters count (orders/min, oversold alarm, unmapped report),
 * written the same way by every handler that applies orders.
 */
final class AppliedOrdersLog {
    private AppliedOrdersLog() {
    }

    static void log(List<ApplyResult> results) {
        for (ApplyResult applied : results) {
            switch (applied.outcome()) {
                case OVERSOLD -> JsonLog.error("order_line_oversold", "line", applied.event().reference(),
                        "shortfall", applied.line().map(l -> l.totalShortfall()).orElse(0L));
                case UNMAPPED -> JsonLog.warn("order_line_unmapped", "line", applied.event().reference(),
                        "listing", applied.event().listingKey().value());
                default -> {
                }
            }
            if (applied.outcome() != LineDecision.Outcome.DUPLICATE && applied.outcome() != LineDecision.Outcome.IGNORED) {
                JsonLog.info("order_applied", "line", applied.event().reference(), "outcome", applied.outcome(),
                        "origin", applied.event().origin());
            }
        }
    }
}
