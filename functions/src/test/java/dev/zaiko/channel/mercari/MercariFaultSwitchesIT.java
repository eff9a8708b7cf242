package dev.zaiko.channel.mercari;

import dev.zaiko.channel.support.FaultSwitchesContract;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.sim.mercari.MercariSimulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Mercari Shops simulator's fault switches through the adapter, the real poll and a real ledger
 * ({@link FaultSwitchesContract}): a product without its variant's skuCode is quarantined (the only reason
 * Mercari's order model can carry), and a changed number of units of a variant (Mercari lists a variant
 * once per unit, with no quantity field) moves the order's updatedAt, which orders the line's revisions.
 */
class MercariFaultSwitchesIT extends FaultSwitchesContract<MercariSimulator> {
    MercariFaultSwitchesIT() {
        super("mercari-main", "SKU-CUP", Instant.parse("2026-05-01T01:00:00Z"));
    }

    @Override
    protected MercariSimulator simulator() {
        return new MercariSimulator(clock, "pat-test-token");
    }

    @Override
    protected ChannelAdapter adapter() {
        return fromFactory("mercari", Map.of("accessToken", "pat-test-token", "webhookToken",
                "whk-0123456789abcdefghijklmnopq"), Map.of("clientName", "ZAIKO_TEST", "clientVersion", "1.2.3"));
    }

    @Override
    protected List<Quarantined> quarantined() {
        return List.of(new Quarantined("missingField", "field 'products[0].variant.skuCode' is missing or empty"));
    }

    @Override
    protected Map<String, String> refused() {
        return Map.of("unknownStatus", "mercari: unknownStatus cannot be expressed",
                "zeroQuantity", "mercari: zeroQuantity cannot be expressed");
    }
}
