package dev.zaiko.domain;

/**
 * One item on one channel account: {@code channelId#itemKey}. The item key is the mall's own
 * (Amazon seller SKU, Rakuten manageNumber:variantId, Shopify inventoryItemId@locationId, ...).
 */
public record ListingKey(String channelId, String itemKey) {
    public static final char SEPARATOR = '#';

    public ListingKey {
        channelId = Validation.channelId(channelId, "channelId");
        itemKey = Validation.text(itemKey, "itemKey", 256);
    }

    public static ListingKey parse(String value) {
        int separator = value == null ? -1 : value.indexOf(SEPARATOR);
        if (separator <= 0) {
            throw new IllegalArgumentException("listing key must be channelId#itemKey: " + value);
        }
        return new ListingKey(value.substring(0, separator), value.substring(separator + 1));
    }

    public String value() {
        return channelId + SEPARATOR + itemKey;
    }

    @Override
    public String toString() {
        return value();
    }
}
