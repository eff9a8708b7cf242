package dev.zaiko.channel.amazon;

import dev.zaiko.channel.support.FaultSwitchesContract;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.sim.amazon.AmazonSimulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Amazon simulator's fault switches through the adapter, the real poll and a real ledger
 * ({@link FaultSwitchesContract}): a malformed order is quarantined while the good ones of its page are
 * reserved, and a partial cancellation returns exactly the units cancelled (Amazon can only cancel units:
 * a rise is refused). Amazon's searchOrders never shows the last two minutes, so each poll runs three
 * minutes after the change it must see.
 */
class AmazonFaultSwitchesIT extends FaultSwitchesContract<AmazonSimulator> {
    static final Duration AFTER_AMAZONS_LAG = Duration.ofMinutes(3);

    AmazonFaultSwitchesIT() {
        super("amazon-jp", "cup-sku", Instant.parse("2026-03-01T00:00:00Z"));
    }

    @Override
    protected AmazonSimulator simulator() {
        return new AmazonSimulator(clock);
    }

    @Override
    protected ChannelAdapter adapter() {
        return new AmazonAdapter(new ChannelSettings(channelId, "amazon", Map.of(
                "refreshToken", AmazonSimulator.REFRESH_TOKEN, "clientId", AmazonSimulator.CLIENT_ID,
                "clientSecret", AmazonSimulator.CLIENT_SECRET, "sellerId", AmazonSimulator.SELLER_ID),
                Map.of("baseUrl", sim.baseUrl().toString(), "lwaUrl", sim.baseUrl().toString()), clock),
                new MallHttp(), clock);
    }

    @Override
    protected List<Quarantined> quarantined() {
        return List.of(new Quarantined("unknownStatus", "unknown fulfillment.fulfillmentStatus 'SIM_UNKNOWN_STATUS'"),
                new Quarantined("missingField", "'orderItemId' is missing"));
    }

    @Override
    protected Map<String, String> refused() {
        return Map.of("zeroQuantity", "amazon: zeroQuantity is not malformed for Amazon");
    }

    @Override
    protected Optional<String> riseRefused() {
        return Optional.of("amazon: a line can only lose units");
    }

    @Override
    protected Duration pollLag() {
        return AFTER_AMAZONS_LAG;
    }

    @Test
    void theRestCancelledAfterAPartialCancellationMakesTheLineACancelAndReturnsItsUnits() {
        String order = sim.buy(itemKey, 3).orderId();
        poll();
        edit(order, 2);
        poll();
        assertThat(ledger.available(SKU)).isEqualTo(8);

        edit(order, 0);
        poll();
        assertThat(ledger.available(SKU)).isEqualTo(10); // the line's last 2 units came back
        assertThat(ledger.line(order).orElseThrow().state()).isEqualTo(LineState.CANCELLED);
        ledger.redeliverAllNewestFirst();
        assertThat(ledger.available(SKU)).isEqualTo(10);
        assertThat(ledger.line(order).orElseThrow().state()).isEqualTo(LineState.CANCELLED);
    }
}
