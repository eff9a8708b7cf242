package dev.zaiko.channel.makeshop;

import dev.zaiko.channel.support.FaultSwitchesContract;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.sim.makeshop.MakeshopSimulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The makeshop simulator's fault switches through the adapter, the real poll and a real ledger
 * ({@link FaultSwitchesContract}): basket lines without productCode or with amount 0 are quarantined while
 * the good orders of the same searchOrder page are reserved, and a changed amount is read by the re-check
 * of open orders (searchOrder carries no update time: the poll's time orders the revisions).
 */
class MakeshopFaultSwitchesIT extends FaultSwitchesContract<MakeshopSimulator> {
    MakeshopFaultSwitchesIT() {
        super("makeshop-main", "000000000030", Instant.parse("2026-05-01T01:00:00Z"));
    }

    @Override
    protected MakeshopSimulator simulator() {
        return new MakeshopSimulator(clock, "PAT.test-permanent-token", "test-api-key");
    }

    @Override
    protected ChannelAdapter adapter() {
        return fromFactory("makeshop", Map.of("accessToken", "PAT.test-permanent-token", "apiKey", "test-api-key",
                "webhookSecret", "makeshop-webhook-secret"), Map.of("signatureScheme", "HMAC_SHA256_HEX_TIMESTAMP_DOT_BODY"));
    }

    @Override
    protected List<Quarantined> quarantined() {
        return List.of(new Quarantined("missingField", "basketInfos[0].productCode' is missing or empty"),
                new Quarantined("zeroQuantity", "quantity must be between 1 and"));
    }

    @Override
    protected Map<String, String> refused() {
        return Map.of("unknownStatus", "makeshop: unknownStatus cannot be expressed");
    }
}
