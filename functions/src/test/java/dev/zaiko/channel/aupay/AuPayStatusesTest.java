package dev.zaiko.channel.aupay;

import dev.zaiko.domain.OrderAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per row of au PAY's orderStatus table, plus the cancel flags. */
class AuPayStatusesTest {

    @ParameterizedTest(name = "{0} -> {1}, open={2}")
    @CsvSource({
            "新規受付, RESERVE, true",
            "新規予約, RESERVE, true",
            "予約中, RESERVE, true",
            "発送前入金待ち, RESERVE, true",
            "与信待ち, RESERVE, true",
            "発送待ち, RESERVE, true",
            "不正取引審査中, RESERVE, true",
            "審査保留, RESERVE, true",
            "保留, RESERVE, true",
            "キャンセル受付中, RESERVE, true",
            "発送後入金待ち, RESERVE, false",
            "完了, RESERVE, false",
            "キャンセル, CANCEL, false",
            "審査NG, CANCEL, false"})
    void orderStatusRow(String status, OrderAction action, boolean open) {
        AuPayStatuses.Rule rule = AuPayStatuses.order(status);
        assertThat(AuPayStatuses.ORDER).containsKey(status);
        assertThat(rule.action()).isEqualTo(action);
        assertThat(rule.open()).isEqualTo(open);
    }

    @Test
    void everyTableRowHasItsTest() {
        assertThat(AuPayStatuses.ORDER).hasSize(14);
    }

    @Test
    void shopDefinedStatusesHoldStockAndStayOpen() {
        assertThat(AuPayStatuses.order("入金確認済(店舗設定)")).isEqualTo(AuPayStatuses.UNKNOWN);
        assertThat(AuPayStatuses.UNKNOWN.action()).isEqualTo(OrderAction.RESERVE);
        assertThat(AuPayStatuses.UNKNOWN.open()).isTrue();
    }

    @ParameterizedTest(name = "cancelStatus={0} itemCancelStatus={1} on 発送待ち -> {2}")
    @CsvSource({
            "0, 0, RESERVE",
            "'', '', RESERVE",
            "1, 0, CANCEL",
            "0, 1, CANCEL"})
    void cancelFlagsOverrideTheOrderStatus(String cancelStatus, String itemCancelStatus, OrderAction action) {
        assertThat(AuPayStatuses.line("発送待ち", cancelStatus, itemCancelStatus).action()).isEqualTo(action);
    }
}
