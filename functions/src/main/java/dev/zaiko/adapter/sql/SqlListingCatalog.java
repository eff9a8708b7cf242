package dev.zaiko.adapter.sql;

import dev.zaiko.domain.Listing;
import dev.zaiko.domain.port.ListingCatalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A channel's listings through the listings table's channel index (one indexed range read). */
public final class SqlListingCatalog implements ListingCatalog {
    private final SqliteDatabase database;

    public SqlListingCatalog(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public List<Listing> listingsOf(String channelId) {
        List<Listing> listings = new ArrayList<>(database.read(session -> SqlStockLedger.listings(session,
                "SELECT listingKey, entry, sku, units, version FROM " + SqlStockLedger.LISTINGS
                        + " WHERE channelId = ? ORDER BY listingKey, entry", channelId)));
        listings.sort(Comparator.comparing(l -> l.key().itemKey()));
        return listings;
    }
}
