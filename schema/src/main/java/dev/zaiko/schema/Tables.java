package dev.zaiko.schema;

import java.util.List;
import java.util.Optional;

/**
 * The tables of zaiko-sync. Key attribute names live here; the DynamoDB adapter owns the
 * other attribute names.
 */
public final class Tables {
    private Tables() {
    }

    /** Master SKUs: available, safetyStock, version, optional JAN and name. */
    public static final TableDef STOCK = new TableDef(
            "stock", "zaiko-stock", "STOCK_TABLE_NAME",
            KeyAttribute.string("sku"), Optional.empty(), List.of(), Optional.empty());

    /**
     * Listings, one item per component: partition {@code listingKey} (channelId#itemKey), sort
     * {@code entry} ("C#" + sku for a component, "META" for the listing's own state, "PUSH" for its
     * push log). The DynamoDB adapter also keeps reverse items here, in partitions no listing key can
     * take (channel ids are lower case): {@code SKU#<sku>} with one item per listing that has the SKU,
     * and {@code UNMAPPED#<listingKey>} with one item per order line of the listing kept UNMAPPED,
     * each written in the same transaction as what it mirrors and read with a strongly consistent
     * Query. They replaced the eventually consistent index {@code bySku} (issue 15, defects 10 and 13):
     * a listing mapped a moment ago could be missed by the next push fan-out.
     */
    public static final TableDef LISTINGS = new TableDef(
            "listings", "zaiko-listings", "LISTINGS_TABLE_NAME",
            KeyAttribute.string("listingKey"), Optional.of(KeyAttribute.string("entry")),
            List.of(), Optional.empty());

    /**
     * Order lines: idempotency key and state per channel/order/line ({@code lineKey} =
     * channelId#orderId#lineId). Lines a seller must act on (OVERSOLD, UNMAPPED) carry
     * {@code attention}, which the sparse index {@code byAttention} lists.
     */
    public static final String ORDER_LINES_BY_ATTENTION = "byAttention";
    public static final TableDef ORDER_LINES = new TableDef(
            "orderLines", "zaiko-order-lines", "ORDER_LINES_TABLE_NAME",
            KeyAttribute.string("lineKey"), Optional.empty(),
            List.of(new IndexDef(ORDER_LINES_BY_ATTENTION, KeyAttribute.string("attention"),
                    Optional.of(KeyAttribute.string("lineKey")))),
            Optional.of("expiresAt"));

    /** Every stock change: partition sku, sort the stock item's version after the change. */
    public static final TableDef JOURNAL = new TableDef(
            "journal", "zaiko-journal", "JOURNAL_TABLE_NAME",
            KeyAttribute.string("sku"), Optional.of(KeyAttribute.number("version")), List.of(),
            Optional.empty());

    /**
     * Per channel account: partition channelId, sort {@code entry} ("STATE" for cursor and health;
     * other entries for adapter bookkeeping such as open orders or webhook deliveries, which expire).
     */
    public static final TableDef CHANNELS = new TableDef(
            "channels", "zaiko-channels", "CHANNELS_TABLE_NAME",
            KeyAttribute.string("channelId"), Optional.of(KeyAttribute.string("entry")), List.of(),
            Optional.of("expiresAt"));

    public static final List<TableDef> ALL = List.of(STOCK, LISTINGS, ORDER_LINES, JOURNAL, CHANNELS);
}
