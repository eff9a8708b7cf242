package dev.zaiko.channel.qoo10;

import dev.zaiko.domain.OrderAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per row of Qoo10's status tables. */
class Qoo10StatusesTest {

    @ParameterizedTest(name = "ShippingStatus {0} -> {1}, open={2}")
    @CsvSource({
            "1, RESERVE, true",
            "2, RESERVE, true",
            "3, RESERVE, true",
            "4, RESERVE, false",
            "5, RESERVE, false"})
    void shippingStatusRow(String code, OrderAction action, boolean open) {
        Qoo10Statuses.Rule rule = Qoo10Statuses.shipping(code);
        assertThat(rule.action()).isEqualTo(action);
        assertThat(rule.open()).isEqualTo(open);
        assertThat(Qoo10Statuses.SHIPPING).containsKey(code);
    }

    @ParameterizedTest(name = "ClaimStat {0} -> {1}, open={2}")
    @CsvSource({
            "1, RESERVE, true",
            "2, RESERVE, true",
            "3, CANCEL, false",
            "4, IGNORE, false",
            "5, IGNORE, false",
            "6, IGNORE, false",
            "11, IGNORE, false",
            "12, IGNORE, false",
            "13, IGNORE, false",
            "14, IGNORE, false",
            "15, IGNORE, false",
            "16, CANCEL, false"})
    void claimStatusRow(String code, OrderAction action, boolean open) {
        Qoo10Statuses.Rule rule = Qoo10Statuses.claim(code);
        assertThat(rule.action()).isEqualTo(action);
        assertThat(rule.open()).isEqualTo(open);
        assertThat(Qoo10Statuses.CLAIM).containsKey(code);
    }

    @Test
    void everyTableRowHasItsTest() {
        assertThat(Qoo10Statuses.SHIPPING).hasSize(5);
        assertThat(Qoo10Statuses.CLAIM).hasSize(12);
    }

    @ParameterizedTest(name = "label {0} reads as {1}")
    @CsvSource({"配送要請(2), 2", "Delivered(5), 5", "03, 3", "' 4 ', 4"})
    void statusCodeIsReadFromLabels(String label, String code) {
        assertThat(Qoo10Statuses.code(label)).contains(code);
    }

    @Test
    void unknownStatusesHoldStockAndStayOpen() {
        assertThat(Qoo10Statuses.shipping("9")).isEqualTo(Qoo10Statuses.UNKNOWN_SHIPPING);
        assertThat(Qoo10Statuses.shipping("")).isEqualTo(Qoo10Statuses.UNKNOWN_SHIPPING);
        assertThat(Qoo10Statuses.UNKNOWN_SHIPPING.action()).isEqualTo(OrderAction.RESERVE);
        assertThat(Qoo10Statuses.claim("99").open()).isTrue();
    }

    @Test
    void aClaimOverridesTheShippingStatus() {
        assertThat(Qoo10Statuses.combined("配送要請(2)", "3").action()).isEqualTo(OrderAction.CANCEL);
        assertThat(Qoo10Statuses.combined("配送要請(2)", "").action()).isEqualTo(OrderAction.RESERVE);
        assertThat(Qoo10Statuses.combined("配送中(4)", "0").open()).isFalse();
    }
}
