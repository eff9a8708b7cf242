package dev.zaiko.local;

import dev.zaiko.domain.ListingKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A catalogue larger than the 30 sample items (what {@code ./zaiko demo --skus N} loads) is mapped in
 * bulk through the store, without a push per listing: every mall must still start out showing what
 * its pusher would write, the polled malls' low-stock hold-back included. (The 5,000-SKU demo failed
 * its "every mall shows the ledger" check on 19,652 listings when the bulk path ignored it.)
 */
class LargeCatalogueIT {
    @Test
    void aBulkLoadedCatalogueStartsWithEveryMallShowingTheLedgerHeldBackNumber() {
        int skus = 120;
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(LocalConfig.builtIn(), Optional.empty(),
                true).withCatalogueSkus(skus), line -> { })) {
            List<ListingKey> listings = system.listings();
            // 120 SKUs and the set on 8 malls
            assertThat(listings).hasSize((skus + 1) * 8);
            Map<ListingKey, long[]> differences = system.runtime().differences(listings);
            assertThat(differences).as("listings whose mall differs from the ledger (held back)").isEmpty();
            // and the hold-back is really in play: a Rakuten listing shows 2 less than a Shopify one of the same SKU
            ListingKey rakuten = listings.stream().filter(k -> k.channelId().equals("rakuten-main")).findFirst()
                    .orElseThrow();
            long rakutenShown = system.runtime().channel("rakuten-main").simulator().shownQuantity(rakuten.itemKey())
                    .orElseThrow();
            long sellable = system.runtime().ledger.sellable(List.of(rakuten)).get(rakuten).orElseThrow();
            assertThat(sellable).isGreaterThan(2);
            assertThat(rakutenShown).isEqualTo(sellable - 2);
        }
    }
}
