package dev.zaiko.app;

import dev.zaiko.domain.LineDecision;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.OrderLine;

import java.util.Optional;
import java.util.Set;

/**
 * How one order event ended.
 *
 * @param changedSkus SKUs whose stock this event changed (their listings need a push)
 * @param relatedSkus SKUs of the event's listing, changed or not: a redelivered event that finds
 *                    its change already applied pushes these again, in case the first delivery
 *                    died between its commit and its push request
 */
public record ApplyResult(OrderEvent event, LineDecision.Outcome outcome, Optional<OrderLine> line,
                          Set<String> changedSkus, Set<String> relatedSkus) {
    public ApplyResult {
        changedSkus = Set.copyOf(changedSkus);
        relatedSkus = Set.copyOf(relatedSkus);
    }
}
