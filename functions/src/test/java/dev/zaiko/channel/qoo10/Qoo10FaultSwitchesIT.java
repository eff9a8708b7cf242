package dev.zaiko.channel.qoo10;

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
import dev.zaiko.sim.qoo10.Qoo10Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Qoo10 simulator's fault switches ({@code POST /sim/{channelId}/faults}) through the adapter,
 * the real poll and a real ledger, on a virtual clock: rows without ItemNo or with OrderQty 0 are quarantined
 * while the good rows of the same ShippingStatus query are reserved, and a changed OrderQty is read by
 * the re-check of open orders (QAPI rows carry no update time: the poll's time orders the revisions).
 */
class Qoo10FaultSwitchesIT {
    static final String CHANNEL = "qoo10-main";
    static final String ITEM = "910000001";

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-05-01T01:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private Qoo10Simulator sim;
    private PolledLedger ledger;

    @BeforeEach
    void start() {
        sim = new Qoo10Simulator(clock);
        ChannelAdapter adapter = ChannelAdapterFactory.all().get("qoo10").create(new ChannelSettings(CHANNEL, "qoo10",
                Map.of("apiKey", Qoo10Simulator.API_KEY, "userId", Qoo10Simulator.USER_ID, "password", Qoo10Simulator.PASSWORD),
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
                .anySatisfy(reason -> assertThat(reason).contains("ItemNo is missing"))
                .anySatisfy(reason -> assertThat(reason).contains("OrderQty must be a whole number from 1"));
        assertThat(ledger.rejected()).extracting(RejectedOrder::orderId).doesNotContain(good1, good2);
        assertThat(sim.shownQuantity(ITEM)).hasValue(7);
    }

    @Test
    void aReasonTheAdapterDoesNotRefuseIsRefusedNamingTheMall() {
        assertThatThrownBy(() -> faults("{\"malformedOrder\":{\"reason\":\"unknownStatus\"}}"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageStartingWith("qoo10: unknownStatus cannot be expressed");
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
