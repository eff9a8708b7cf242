package dev.zaiko.local;

import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.port.StockLedger;

import java.util.List;

/**
 * Whole-ledger reads for the local runtime (admin views, the demo's checks, relisting after a
 * restart): every SKU, every mapped listing, every order line. Full reads are fine on one machine's
 * data; the Lambda code never lists (it reads by key and index).
 */
public final class LedgerView {
    private final StockLedger store;

    public LedgerView(StockLedger store) {
        this.store = store;
    }

    public List<String> skus() {
        return store.allStock().stream().map(StockLevel::sku).toList();
    }

    /** Every mapped listing, sorted by channel then item key. */
    public List<ListingKey> listings() {
        return store.allListings().stream().map(Listing::key).sorted(java.util.Comparator.comparing(ListingKey::value))
                .toList();
    }

    /** Every order line. */
    public List<OrderLine> lines() {
        return store.allLines();
    }
}
