package dev.zaiko.domain;

/** Why a SKU's stock changed, as the journal records it. */
public enum ChangeReason {
    ORDER_RESERVED,
    ORDER_OVERSOLD,
    ORDER_CANCELLED,
    /** The mall changed a held line's quantity (an edit, a partial cancel or refund with restock). */
    ORDER_REVISED,
    STOCK_CREATED,
    STOCK_SET,
    STOCK_ADDED,
    STOCK_SUBTRACTED,
    SAFETY_STOCK_SET
}
