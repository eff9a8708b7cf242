package dev.zaiko.channel.yahoo;

import dev.zaiko.domain.OrderAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class YahooStatusesTest {

    @ParameterizedTest(name = "OrderStatus {0} -> {1}, open={2}")
    @CsvSource({
            "1, RESERVE, true",   // 予約中
            "2, RESERVE, true",   // 処理中
            "3, RESERVE, true",   // 保留
            "4, CANCEL, false",   // キャンセル
            "5, RESERVE, false",  // 完了: consumed, no longer re-checked
    })
    void eachDocumentedStatusHasOneRule(String status, OrderAction action, boolean open) {
        YahooStatuses.Rule rule = YahooStatuses.decide(status, true, 1).orElseThrow();

        assertThat(rule.action()).isEqualTo(action);
        assertThat(rule.open()).isEqualTo(open);
        assertThat(YahooStatuses.TABLE.get(status)).isEqualTo(rule);
    }

    @Test
    void anInactiveOrderIsIgnoredAndKeptOpen() {
        YahooStatuses.Rule rule = YahooStatuses.decide("2", false, 1).orElseThrow();

        assertThat(rule).isEqualTo(YahooStatuses.INACTIVE);
        assertThat(rule.action()).isEqualTo(OrderAction.IGNORE);
        assertThat(rule.open()).isTrue();
    }

    @Test
    void aCancelledOrderCancelsEvenWhenInactive() {
        assertThat(YahooStatuses.decide("4", false, 0).orElseThrow().action()).isEqualTo(OrderAction.CANCEL);
    }

    @Test
    void aShippedOrderStillProcessingIsReservedButClosed() {
        YahooStatuses.Rule rule = YahooStatuses.decide("2", true, 3).orElseThrow();

        assertThat(rule.action()).isEqualTo(OrderAction.RESERVE);
        assertThat(rule.open()).isFalse();
    }

    @Test
    void theTableHasExactlyTheFiveDocumentedStatusesAndNothingElseMatches() {
        assertThat(YahooStatuses.TABLE).containsOnlyKeys("1", "2", "3", "4", "5");
        assertThat(YahooStatuses.decide("8", true, 0)).isEmpty();
    }
}
