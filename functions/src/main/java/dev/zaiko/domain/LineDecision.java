package dev.zaiko.domain;

import java.util.Map;

/** What applying an order event to a line should do; decided by {@link LineRules}, carried out by the ledger. */
public sealed interface LineDecision {

    /** Nothing to write: a repeat, a transition out of a final state, or an ignored line. */
    record NoChange(Outcome outcome, String why) implements LineDecision {
    }

    /**
     * Write the line in its new state and change stock by {@code stockDeltas} (negative: taken,
     * positive: restored), all in one transaction.
     */
    record Transition(OrderLine newLine, Map<String, Long> stockDeltas, ChangeReason reason, Outcome outcome)
            implements LineDecision {
        public Transition {
            stockDeltas = Map.copyOf(stockDeltas);
        }
    }

    /** How an order event ended, for metrics, logs and tests. */
    enum Outcome {
        RESERVED,
        OVERSOLD,
        CANCELLED,
        /** A held line's quantity changed (line revision): it now holds exactly the new quantity. */
        REVISED,
        /** Cancel arrived first: a tombstone now keeps the late order from taking stock. */
        TOMBSTONE,
        UNMAPPED,
        DUPLICATE,
        IGNORED,
        /** The line is in a final state the event cannot leave (e.g. reserve after cancel). */
        FINAL
    }
}
