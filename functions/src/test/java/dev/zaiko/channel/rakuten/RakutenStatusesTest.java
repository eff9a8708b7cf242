package dev.zaiko.channel.rakuten;

import dev.zaiko.domain.OrderAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RakutenStatusesTest {

    @ParameterizedTest(name = "orderProgress {0} -> {1}, open={2}")
    @CsvSource({
            "100, RESERVE, true",   // 注文確認待ち
            "200, RESERVE, true",   // 楽天処理中
            "300, RESERVE, true",   // 発送待ち
            "400, RESERVE, true",   // 変更確定待ち
            "500, RESERVE, false",  // 発送済: consumed, no longer re-checked
            "600, RESERVE, false",  // 支払手続き中 (after shipment)
            "700, RESERVE, false",  // 支払手続き済
            "800, RESERVE, true",   // キャンセル確定待ち: still held until 900
            "900, CANCEL, false",   // キャンセル確定
    })
    void eachDocumentedProgressHasOneRule(int progress, OrderAction action, boolean open) {
        RakutenStatuses.Rule rule = RakutenStatuses.of(progress).orElseThrow();

        assertThat(rule.action()).isEqualTo(action);
        assertThat(rule.open()).isEqualTo(open);
        assertThat(rule.progress()).isEqualTo(progress);
    }

    @Test
    void theTableHasExactlyTheNineDocumentedValues() {
        assertThat(RakutenStatuses.TABLE).containsOnlyKeys(100, 200, 300, 400, 500, 600, 700, 800, 900);
    }

    @Test
    void anUndocumentedProgressHasNoRule() {
        assertThat(RakutenStatuses.of(150)).isEmpty();
    }
}
