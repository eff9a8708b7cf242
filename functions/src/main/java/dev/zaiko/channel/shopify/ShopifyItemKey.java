package dev.zaiko.channel.shopify;

import java.util.Optional;

/**
 * A Shopify listing key: {@code <inventoryItemNumericId>@<locationNumericId>}, e.g.
 * {@code 808950810@655441491}. Shopify keeps stock per inventory item (one per variant) and per
 * location, so both belong in the key; the numbers are those of
 * {@code gid://shopify/InventoryItem/808950810} and {@code gid://shopify/Location/655441491}.
 */
record ShopifyItemKey(String inventoryItemId, String locationId) {
    ShopifyItemKey {
        inventoryItemId = ShopifyIds.requireDigits(inventoryItemId, "inventoryItemId");
        locationId = ShopifyIds.requireDigits(locationId, "locationId");
    }

    static Optional<ShopifyItemKey> parse(String itemKey) {
        int at = itemKey == null ? -1 : itemKey.indexOf('@');
        if (at < 0 || itemKey.indexOf('@', at + 1) >= 0) {
            return Optional.empty();
        }
        String item = itemKey.substring(0, at);
        String location = itemKey.substring(at + 1);
        if (!ShopifyIds.isDigits(item) || !ShopifyIds.isDigits(location)) {
            return Optional.empty();
        }
        return Optional.of(new ShopifyItemKey(item, location));
    }

    String inventoryItemGid() {
        return ShopifyIds.gid("InventoryItem", inventoryItemId);
    }

    String locationGid() {
        return ShopifyIds.gid("Location", locationId);
    }

    String key() {
        return inventoryItemId + "@" + locationId;
    }

    @Override
    public String toString() {
        return key();
    }
}
