package dev.zaiko.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The low-stock hold-back: what a held-back channel shows of a sellable quantity, and its option. */
class HoldBackTest {
    @Test
    void aHeldBackChannelShowsTheSellableQuantityLessTheHoldBackNeverBelowZero() {
        HoldBack two = new HoldBack(2);
        assertThat(two.shown(10)).isEqualTo(8);
        assertThat(two.shown(3)).isEqualTo(1);
        assertThat(two.shown(2)).isZero();
        assertThat(two.shown(1)).isZero();
        assertThat(two.shown(0)).isZero();
        assertThat(HoldBack.NONE.shown(1)).isEqualTo(1);
        assertThat(HoldBack.NONE.shown(0)).isZero();
    }

    @Test
    void theOptionSetsItAndItsAbsenceMeansNone() {
        assertThat(HoldBack.of(Map.of("holdBackUnits", "1"))).isEqualTo(new HoldBack(1));
        assertThat(HoldBack.of(Map.of("holdBackUnits", " 3 "))).isEqualTo(new HoldBack(3));
        assertThat(HoldBack.of(Map.of("holdBackUnits", "0"))).isEqualTo(HoldBack.NONE);
        assertThat(HoldBack.of(Map.of("locationId", "1"))).isEqualTo(HoldBack.NONE);
        assertThat(HoldBack.of(null)).isEqualTo(HoldBack.NONE);
    }

    @Test
    void aBadOptionIsAnErrorNamingTheOption() {
        assertThatThrownBy(() -> HoldBack.of(Map.of("holdBackUnits", "two")))
                .hasMessage("option holdBackUnits: \"two\" is not a whole number");
        assertThatThrownBy(() -> HoldBack.of(Map.of("holdBackUnits", "-1")))
                .hasMessage("option holdBackUnits: -1 is outside 0-1000");
        assertThatThrownBy(() -> HoldBack.of(Map.of("holdBackUnits", "1001")))
                .hasMessage("option holdBackUnits: 1001 is outside 0-1000");
    }
}
