package dev.zaiko.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.local.demo.Comparison;
import dev.zaiko.local.demo.FlashSale;
import dev.zaiko.local.demo.ShopperScript;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The one JSON line of {@code zaiko demo --compare --json}: the field names the issue names, the ratio, the verdict. */
class DemoJsonTest {
    private static final List<ShopperScript.Attempt> SCRIPT = List.of(new ShopperScript.Attempt(1, Duration.ofMillis(5),
            "shopify-main", new ListingKey("shopify-main", "1@2"), 1, Optional.empty()));

    private static FlashSale.Report report(String arm, long orders, long oversold, long oversoldOrders, boolean ok) {
        return new FlashSale.Report(arm, orders, 3, orders, oversold, oversoldOrders, oversold, oversoldOrders, 0, 0,
                true, 0, Map.of("rakuten", new FlashSale.Latency(4, 10, 20, 30, 40)),
                Map.of("webhook", new FlashSale.Latency(2, 100, 200, 200, 210)),
                Map.of("yahoo", new FlashSale.Latency(5, 1, 2, 3, 4)), 0, 0, 40, 2.5, 9, 0, 1,
                List.of(new FlashSale.Check("available never below 0", true, ""),
                        new FlashSale.Check("every mall shows the ledger", ok, "")), Map.of(), SCRIPT,
                Map.of("rakuten-main", Map.of("detection_polled", oversold - 1, "push", 1L)),
                Map.of("yahoo-main", oversold - 1));
    }

    @Test
    void compareJsonHasBothArmsTheRatioAndTheVerdict() throws Exception {
        Comparison.Result result = new Comparison.Result(report("zaiko-sync", 100, 3, 2, true),
                report("typical sync tool", 120, 60, 41, false), Comparison.ratio(3, 60), 30);

        JsonNode json = new ObjectMapper().readTree(DemoCommand.toJson(result, 123.45));

        assertThat(json.get("oversold_ratio").asDouble()).isEqualTo(0.05);
        assertThat(json.get("compression").asDouble()).isEqualTo(30);
        assertThat(json.get("same_orders").asBoolean()).isTrue();
        assertThat(json.get("checks_passed").asBoolean()).isFalse();
        JsonNode zaiko = json.get("zaiko");
        JsonNode typical = json.get("typical");
        assertThat(zaiko.get("orders").asLong()).isEqualTo(100);
        assertThat(zaiko.get("oversold_units").asLong()).isEqualTo(3);
        assertThat(zaiko.get("oversold_orders").asLong()).isEqualTo(2);
        assertThat(zaiko.get("min_available_seen").asLong()).isZero();
        assertThat(zaiko.get("checks_passed").asBoolean()).isTrue();
        assertThat(typical.get("oversold_units").asLong()).isEqualTo(60);
        assertThat(typical.get("checks").get("every mall shows the ledger").asBoolean()).isFalse();
        assertThat(zaiko.get("detection_ms").get("rakuten").get("p99").asLong()).isEqualTo(30);
        assertThat(zaiko.get("zero_push_ms").get("webhook").get("max").asLong()).isEqualTo(210);
        assertThat(zaiko.get("zero_push_from_ledger_ms").get("yahoo").get("n").asLong()).isEqualTo(5);
        // Where the oversold units came from: 3 = 2 at Rakuten because a Yahoo order was not in yet, 1 push.
        assertThat(zaiko.get("oversold_by_mall").get("rakuten-main").get("detection_polled").asLong()).isEqualTo(2);
        assertThat(zaiko.get("oversold_by_mall").get("rakuten-main").get("push").asLong()).isEqualTo(1);
        assertThat(zaiko.get("oversold_by_cause").get("detection_polled").asLong()).isEqualTo(2);
        assertThat(typical.get("oversold_by_cause").get("detection_polled").asLong()).isEqualTo(59);
        assertThat(zaiko.get("unknown_sales_by_mall").get("yahoo-main").asLong()).isEqualTo(2);
    }

    @Test
    void theRatioIsNullWhenOnlyZaikoOversold() throws Exception {
        Comparison.Result result = new Comparison.Result(report("zaiko-sync", 10, 1, 1, true),
                report("typical sync tool", 10, 0, 0, true), Comparison.ratio(1, 0), 30);

        JsonNode json = new ObjectMapper().readTree(DemoCommand.toJson(result, 1));

        assertThat(json.get("oversold_ratio").isNull()).isTrue();
        assertThat(json.get("checks_passed").asBoolean()).isTrue();
    }
}
