package dev.zaiko.domain.channel;

import java.util.List;

/**
 * The items a seller has on a mall, with the codes a master SKU can be recognised by, for linking
 * listings in bulk (auto-link) and for creating master SKUs from a mall's catalogue.
 */
public interface CatalogReader {
    /**
     * Every item of the channel account, all pages read.
     *
     * @throws ChannelException classified RETRY or AUTH
     */
    List<CatalogItem> items();
}
