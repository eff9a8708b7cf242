package dev.zaiko.local.demo;

import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The shoppers' script is a pure function of the catalogue and the seed; the ratio is zaiko ÷ typical. */
class ShopperScriptTest {
    private static final List<ShopperScript.Mall> MALLS = List.of(new ShopperScript.Mall("shopify-main", "shopify"),
            new ShopperScript.Mall("yahoo-main", "yahoo"));

    private static Map<ListingKey, List<Component>> catalogue() {
        Map<ListingKey, List<Component>> mapped = new LinkedHashMap<>();
        for (ShopperScript.Mall mall : MALLS) {
            mapped.put(new ListingKey(mall.channelId(), "hot"), List.of(new Component("HOT", 1)));
            mapped.put(new ListingKey(mall.channelId(), "tail"), List.of(new Component("TAIL", 1)));
            mapped.put(new ListingKey(mall.channelId(), "set"), List.of(new Component("HOT", 2),
                    new Component("TAIL", 1)));
        }
        return mapped;
    }

    @Test
    void theSameSeedWritesTheSameScriptAndAnotherSeedAnother() {
        List<ShopperScript.Attempt> first = ShopperScript.seeded(MALLS, catalogue(), Set.of("HOT"),
                Duration.ofSeconds(20), 30, 42);
        List<ShopperScript.Attempt> again = ShopperScript.seeded(MALLS, catalogue(), Set.of("HOT"),
                Duration.ofSeconds(20), 30, 42);
        List<ShopperScript.Attempt> other = ShopperScript.seeded(MALLS, catalogue(), Set.of("HOT"),
                Duration.ofSeconds(20), 30, 43);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(first).isNotEmpty().allSatisfy(a -> {
            assertThat(a.at()).isLessThan(Duration.ofSeconds(20));
            assertThat(a.quantity()).isBetween(1, 2);
            assertThat(catalogue()).containsKey(a.listing());
            assertThat(a.listing().channelId()).isEqualTo(a.channelId());
        });
        // numbered 1..n in time order
        for (int i = 0; i < first.size(); i++) {
            assertThat(first.get(i).seq()).isEqualTo(i + 1);
            if (i > 0) {
                assertThat(first.get(i).at()).isGreaterThanOrEqualTo(first.get(i - 1).at());
            }
        }
    }

    @Test
    void aFasterSaleHasBusierShoppersAndQuickerCancels() {
        List<ShopperScript.Attempt> reference = ShopperScript.seeded(MALLS, catalogue(), Set.of("HOT"),
                Duration.ofSeconds(40), 30, 7);
        List<ShopperScript.Attempt> twiceAsFast = ShopperScript.seeded(MALLS, catalogue(), Set.of("HOT"),
                Duration.ofSeconds(20), 60, 7);

        // The same shoppers, each at half the (compressed) time: same listings, quantities and cancels.
        assertThat(twiceAsFast).hasSameSizeAs(reference);
        for (int i = 0; i < reference.size(); i++) {
            ShopperScript.Attempt r = reference.get(i);
            ShopperScript.Attempt f = twiceAsFast.get(i);
            assertThat(f.listing()).isEqualTo(r.listing());
            assertThat(f.quantity()).isEqualTo(r.quantity());
            assertThat(f.at().toMillis()).isCloseTo(r.at().toMillis() / 2, org.assertj.core.api.Assertions.within(1L));
            assertThat(f.cancelAfter().map(Duration::toMillis))
                    .isEqualTo(r.cancelAfter().map(d -> d.toMillis() / 2));
        }
    }

    @Test
    void theRatioIsZaikoOverTypicalAndZeroWhenNeitherOversold() {
        assertThat(Comparison.ratio(0, 0)).isEqualTo(OptionalDouble.of(0));
        assertThat(Comparison.ratio(3, 60)).isEqualTo(OptionalDouble.of(0.05));
        assertThat(Comparison.ratio(0, 17)).isEqualTo(OptionalDouble.of(0));
        assertThat(Comparison.ratio(2, 0)).isEmpty();
    }

    @Test
    void numberingSortsByTimeThenMall() {
        ListingKey a = new ListingKey("b-mall", "x");
        ListingKey b = new ListingKey("a-mall", "x");
        List<ShopperScript.Attempt> numbered = ShopperScript.numbered(List.of(
                new ShopperScript.Attempt(0, Duration.ofMillis(500), "b-mall", a, 1, Optional.empty()),
                new ShopperScript.Attempt(0, Duration.ofMillis(500), "a-mall", b, 2, Optional.empty()),
                new ShopperScript.Attempt(0, Duration.ofMillis(100), "b-mall", a, 1, Optional.of(Duration.ofSeconds(1)))));
        assertThat(numbered).extracting(ShopperScript.Attempt::seq).containsExactly(1, 2, 3);
        assertThat(numbered).extracting(ShopperScript.Attempt::channelId).containsExactly("b-mall", "a-mall", "b-mall");
        assertThat(numbered.get(1).quantity()).isEqualTo(2);
    }
}
