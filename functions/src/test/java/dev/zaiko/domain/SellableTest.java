package dev.zaiko.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SellableTest {
    static StockLevel level(String sku, long available, long safety) {
        return new StockLevel(sku, available, safety, 1, Optional.empty(), Optional.empty());
    }

    @Test
    void sellableIsTheMinimumOverComponentsOfWholeSetsAfterSafetyStock() {
        Listing set = new Listing(new ListingKey("yahoo-main", "set"),
                List.of(new Component("A", 2), new Component("B", 3)), 1);

        assertThat(Sellable.quantity(set, Map.of("A", level("A", 9, 1), "B", level("B", 10, 0)))).isEqualTo(3);
        assertThat(Sellable.quantity(set, Map.of("A", level("A", 9, 1), "B", level("B", 2, 0)))).isZero();
        assertThat(Sellable.quantity(set, Map.of("A", level("A", 1, 5), "B", level("B", 10, 0)))).isZero();
    }

    @Test
    void anUnknownComponentMakesTheListingUnsellable() {
        Listing single = new Listing(new ListingKey("yahoo-main", "x"), List.of(new Component("GONE", 1)), 1);

        assertThat(Sellable.quantity(single, Map.of())).isZero();
    }

    @Test
    void listingsRefuseDuplicateComponentsAndEmptySets() {
        ListingKey key = new ListingKey("yahoo-main", "x");
        assertThatThrownBy(() -> new Listing(key, List.of(new Component("A", 1), new Component("A", 2)), 1))
                .hasMessageContaining("names sku A twice");
        assertThatThrownBy(() -> new Listing(key, List.of(), 1)).hasMessageContaining("components");
        assertThatThrownBy(() -> new Component("A", 0)).hasMessageContaining("units must be between 1");
    }
}
