package dev.zaiko.channel.aupay;

import dev.zaiko.channel.support.FaultSwitchesContract;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.sim.aupay.AuPaySimulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The au PAY Market simulator's fault switches through the adapter, the real poll and a real ledger
 * ({@link FaultSwitchesContract}): details without itemCode or with unit 0 are quarantined while the good
 * orders of the same list are reserved, and a changed detail unit is read by the re-check of open orders
 * (au PAY orders carry no update time: the poll's time orders the revisions).
 */
class AuPayFaultSwitchesIT extends FaultSwitchesContract<AuPaySimulator> {
    AuPayFaultSwitchesIT() {
        super("aupay-main", "cup-01", Instant.parse("2026-05-01T01:00:00Z"));
    }

    @Override
    protected AuPaySimulator simulator() {
        return new AuPaySimulator(clock);
    }

    @Override
    protected ChannelAdapter adapter() {
        return fromFactory("aupay", Map.of("apiKey", AuPaySimulator.API_KEY, "shopId", AuPaySimulator.SHOP_ID,
                "apiKeyIssuedAt", "2026-04-14"), Map.of("requestsPerSecond", "500"));
    }

    @Override
    protected List<Quarantined> quarantined() {
        return List.of(new Quarantined("missingField", "detail itemCode is missing"),
                new Quarantined("zeroQuantity", "detail unit must be a whole number from 1"));
    }

    @Override
    protected Map<String, String> refused() {
        return Map.of("unknownStatus", "aupay: unknownStatus cannot be expressed");
    }

    /** A poll is a fixed walk of queries: the order list (one short page), then the re-check of open orders. */
    @Override
    protected int pagesOfAPoll() {
        return 2;
    }
}
