package dev.zaiko.channel.aupay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.InMemoryOpenOrders;
import dev.zaiko.channel.support.PolledLedger;
import dev.zaiko.channel.support.VirtualClock;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.RejectedOrder;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.sim.aupay.AuPaySimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The au PAY Market simulator's fault switches ({@code POST /sim/{channelId}/faults}) through the adapter,
 * the real poll and a real ledger, on a virtual clock: details without itemCode or with unit 0 are quarantined
 * while the good orders of the same list are reserved, and a changed detail unit is read by the
 * re-check of open orders (au PAY orders carry no update time: the poll's time orders the revisions).
 */
class AuPayFaultSwitchesIT {
    static final String CHANNEL = "aupay-main";
    static final String ITEM = "cup-01";

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-05-01T01:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private AuPaySimulator sim;
    private PolledLedger ledger;

    @BeforeEach
    void start() {
        sim = new AuPaySimulator(clock);
        ChannelAdapter adapter = ChannelAdapterFactory.all().get("aupay").create(new ChannelSettings(CHANNEL, "aupay",
                Map.of("apiKey", AuPaySimulator.API_KEY, "shopId", AuPaySimulator.SHOP_ID, "apiKeyIssuedAt", "2026-04-14"),
                Map.of("baseUrl", sim.baseUrl().toString(), "requestsPerSecond", "500"), clock), new InMemoryOpenOrders());
        ledger = new PolledLedger(CHANNEL, adapter, clock);
        sim.putItem(ITEM, 10);
        ledger.stock("CUP", 10, ITEM);
    }

    @AfterEach
    void stop() {
        ledger.close();
        sim.close();
    }

    private JsonNode faults(String body) {
        try {
            return sim.applyFaults(json.readTree(body));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void edit(String order, int quantity) {
        faults("{\"editLine\":{\"orderId\":\"" + order + "\",\"itemKey\":\"" + ITEM + "\",\"quantity\":" + quantity
                + "}}");
    }

    @Test
    void malformedOrdersOfEachReasonItCanExpressAreQuarantinedAndTheGoodOnesOfTheirPageReserved() {
        String good1 = sim.buy(ITEM, 2).orderId();
        faults("{\"malformedOrder\":{\"reason\":\"missingField\"}}");
        faults("{\"malformedOrder\":{\"reason\":\"zeroQuantity\"}}");
        String good2 = sim.buy(ITEM, 1).orderId();

        ledger.pollAfter(Duration.ofMinutes(1));

        assertThat(ledger.available("CUP")).isEqualTo(7); // 10 - 2 - 1: the poison orders took nothing
        assertThat(ledger.line(good1).orElseThrow().state()).isEqualTo(LineState.RESERVED);
        assertThat(ledger.line(good2).orElseThrow().state()).isEqualTo(LineState.RESERVED);
        assertThat(ledger.rejected()).hasSize(2).extracting(RejectedOrder::reason)
                .anySatisfy(reason -> assertThat(reason).contains("detail itemCode is missing"))
                .anySatisfy(reason -> assertThat(reason).contains("detail unit must be a whole number from 1"));
        assertThat(ledger.rejected()).extracting(RejectedOrder::orderId).doesNotContain(good1, good2);
        assertThat(sim.shownQuantity(ITEM)).hasValue(7);
    }

    @Test
    void aReasonTheAdapterDoesNotRefuseIsRefusedNamingTheMall() {
        assertThatThrownBy(() -> faults("{\"malformedOrder\":{\"reason\":\"unknownStatus\"}}"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageStartingWith("aupay: unknownStatus cannot be expressed");
    }

    @Test
    void anEditThreeToTwoReturnsOneTwoToFourTakesTwoAndARedeliveryChangesNothing() {
        String order = sim.buy(ITEM, 3).orderId();
        ledger.pollAfter(Duration.ofMinutes(1));
        assertThat(ledger.available("CUP")).isEqualTo(7);

        edit(order, 2);
        ledger.pollAfter(Duration.ofMinutes(1));
        assertThat(ledger.available("CUP")).isEqualTo(8);

        edit(order, 4);
        ledger.pollAfter(Duration.ofMinutes(1));
        assertThat(ledger.available("CUP")).isEqualTo(6);
        assertThat(ledger.line(order).orElseThrow().quantity()).isEqualTo(4);
        assertThat(sim.shownQuantity(ITEM)).hasValue(6); // 10 - 3, +1 back for the cut, -2 for the rise

        ledger.redeliverAllNewestFirst();
        assertThat(ledger.available("CUP")).isEqualTo(6);
        assertThat(ledger.line(order).orElseThrow().quantity()).isEqualTo(4);
    }
}
