package dev.zaiko.channel.qoo10;

import dev.zaiko.channel.support.FaultSwitchesContract;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.sim.qoo10.Qoo10Simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Qoo10 simulator's fault switches through the adapter, the real poll and a real ledger
 * ({@link FaultSwitchesContract}): rows without ItemNo or with OrderQty 0 are quarantined while the good
 * rows of the same ShippingStatus query are reserved, and a changed OrderQty is read by the re-check of
 * open orders (QAPI rows carry no update time: the poll's time orders the revisions).
 */
class Qoo10FaultSwitchesIT extends FaultSwitchesContract<Qoo10Simulator> {
    Qoo10FaultSwitchesIT() {
        super("qoo10-main", "910000001", Instant.parse("2026-05-01T01:00:00Z"));
    }

    @Override
    protected Qoo10Simulator simulator() {
        return new Qoo10Simulator(clock);
    }

    @Override
    protected ChannelAdapter adapter() {
        return fromFactory("qoo10", Map.of("apiKey", Qoo10Simulator.API_KEY, "userId", Qoo10Simulator.USER_ID,
                "password", Qoo10Simulator.PASSWORD), Map.of("requestsPerSecond", "500"));
    }

    @Override
    protected List<Quarantined> quarantined() {
        return List.of(new Quarantined("missingField", "ItemNo is missing"),
                new Quarantined("zeroQuantity", "OrderQty must be a whole number from 1"));
    }

    @Override
    protected Map<String, String> refused() {
        return Map.of("unknownStatus", "qoo10: unknownStatus cannot be expressed");
    }

    /** A poll is a fixed walk of queries: ShippingStatus 1, 2, 3 by order date, 4 and 5, ClaimStat 3 and 16, then the re-check. */
    @Override
    protected int pagesOfAPoll() {
        return 8;
    }
}
