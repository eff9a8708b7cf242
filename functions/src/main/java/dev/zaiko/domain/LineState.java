package dev.zaiko.domain;

/** States of an order line in the ledger (architecture invariant 3). */
public enum LineState {
    /** Every unit the line needs is held. */
    RESERVED,
    /** The mall sold more than we had: the line took what remained and records its shortfall. */
    OVERSOLD,
    /** Cancelled; restored what it had taken. Also the tombstone a cancel leaves when it comes first. */
    CANCELLED,
    /** The mall item is not mapped to any SKU yet: kept, reported, re-applied after mapping. */
    UNMAPPED;

    /** Lines a seller has to look at. */
    public boolean needsAttention() {
        return this == OVERSOLD || this == UNMAPPED;
    }
}
