package dev.zaiko.channel.shopify;

import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShopifyStatusesTest {
    private static final Instant AT = Instant.parse("2026-05-01T03:00:00Z");

    @ParameterizedTest(name = "cancelled={0} quantity={1} current={2} -> {3} {4} x{5}")
    @CsvSource({
            // cancelled, quantity, currentQuantity, condition, action, quantity sent
            "false, 3, 3, LINE_OPEN,       RESERVE, 3",
            "false, 3, 1, LINE_OPEN,       RESERVE, 1",
            "false, 2, 0, LINE_REMOVED,    CANCEL,  2",
            "true,  2, 0, ORDER_CANCELLED, CANCEL,  2",
            "true,  2, 2, ORDER_CANCELLED, CANCEL,  2",
    })
    void oneRowOfTheTable(boolean cancelled, long quantity, long current, ShopifyStatuses.LineCondition condition,
                          OrderAction action, int sent) {
        assertThat(ShopifyStatuses.condition(cancelled, current)).isEqualTo(condition);
        assertThat(ShopifyStatuses.action(condition)).isEqualTo(action);

        OrderEvent event = ShopifyStatuses.toEvent("shopify-main", new ShopifyStatuses.Line("450789469", "466157049",
                "808950810@655441491", quantity, current, cancelled, "PAID/UNFULFILLED", AT), EventOrigin.POLL);

        assertThat(event.action()).isEqualTo(action);
        assertThat(event.quantity()).isEqualTo(sent);
        assertThat(event.lineKey()).isEqualTo("shopify-main#450789469#466157049");
        assertThat(event.mallStatus()).endsWith("(PAID/UNFULFILLED)");
    }

    @Test
    void everyConditionHasAnAction() {
        assertThat(ShopifyStatuses.TABLE).containsOnlyKeys(ShopifyStatuses.LineCondition.values());
    }

    @Test
    void aLineWithNothingToCountNamesTheOrderAndLine() {
        assertThatThrownBy(() -> ShopifyStatuses.toEvent("shopify-main", new ShopifyStatuses.Line("1001", "2002",
                "1@2", 0, 0, true, "", AT), EventOrigin.POLL))
                .hasMessageContaining("order 1001 line 2002");
    }
}
