package dev.zaiko.store;

import dev.zaiko.domain.Component;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link dev.zaiko.domain.port.ListingCatalog}: a channel's mapped listings, by item key. */
public abstract class ListingCatalogContract extends StoreContract {
    @Test
    void aChannelsMappedListingsComeBackByItemKeyWithTheirComponents() {
        var ledger = stores.stockLedger();
        ledger.saveListing(new ListingKey("yahoo-main", "b-item"), List.of(new Component("B", 1)), 0);
        ledger.saveListing(new ListingKey("yahoo-main", "a-set"), List.of(new Component("B", 1), new Component("A", 2)), 0);
        ledger.saveListing(new ListingKey("yahoo-main", "c-gone"), List.of(new Component("C", 1)), 0);
        ledger.saveListing(new ListingKey("rakuten-main", "a-item"), List.of(new Component("A", 1)), 0);
        assertThat(ledger.deleteListing(new ListingKey("yahoo-main", "c-gone"), 1)).isTrue();

        List<Listing> listings = another().catalog().listingsOf("yahoo-main");
        assertThat(listings).extracting(l -> l.key().itemKey()).containsExactly("a-set", "b-item");
        assertThat(listings.get(0).components()).containsExactly(new Component("A", 2), new Component("B", 1));
        assertThat(listings.get(0).version()).isEqualTo(1);
        assertThat(stores.catalog().listingsOf("qoo10-main")).isEmpty();
    }

    @Test
    void aRelinkedListingGetsAVersionAboveItsUnlinkedOne() {
        var ledger = stores.stockLedger();
        ListingKey key = new ListingKey("yahoo-main", "relinked");
        ledger.saveListing(key, List.of(new Component("A", 1)), 0);
        assertThat(ledger.deleteListing(key, 1)).isTrue();
        assertThat(ledger.saveListing(key, List.of(new Component("B", 1)), 0)).get()
                .extracting(Listing::version).isEqualTo(3L);
        assertThat(stores.catalog().listingsOf("yahoo-main")).extracting(Listing::version).containsExactly(3L);
    }
}
