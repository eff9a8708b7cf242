package dev.zaiko.domain.channel;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One item as a mall's catalogue describes it.
 *
 * @param itemKey the listing key on this channel (what order lines and stock writes use)
 * @param code    the seller's own code on the mall (Shopify variant SKU, Amazon seller SKU), if any
 * @param jan     the JAN/EAN barcode the mall holds, if any
 * @param shown   the quantity the mall shows, when the catalogue call returns it
 */
public record CatalogItem(String itemKey, Optional<String> code, Optional<String> jan, String title,
                          OptionalLong shown) {
    public CatalogItem {
        Objects.requireNonNull(itemKey, "itemKey");
        code = code.map(String::strip).filter(c -> !c.isEmpty());
        jan = jan.map(String::strip).filter(j -> !j.isEmpty());
        title = title == null ? "" : title;
        Objects.requireNonNull(shown, "shown");
    }
}
