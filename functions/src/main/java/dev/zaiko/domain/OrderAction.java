package dev.zaiko.domain;

/** What an order line asks of the self-fulfilled ledger, decided by the channel adapter from the mall's status. */
public enum OrderAction {
    /** The mall sold it (or is about to ship it): hold the units. */
    RESERVE,
    /** The mall cancelled it: give back what was held. */
    CANCEL,
    /** Not ours to count, e.g. Amazon FBA (AFN) lines that ship from Amazon's own stock. */
    IGNORE
}
