package dev.zaiko.channel.mercari;

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
import dev.zaiko.sim.mercari.MercariSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Mercari Shops simulator's fault switches ({@code POST /sim/{channelId}/faults}) through the adapter,
 * the real poll and a real ledger, on a virtual clock: a product without its variant's skuCode is quarantined (the only reason Mercari's order model can carry), and a changed number of
 * units of a variant (Mercari lists a variant once per unit, with no quantity field) moves the order's
 * updatedAt, which orders the line's revisions.
 */
class MercariFaultSwitchesIT {
    static final String CHANNEL = "mercari-main";
    static final String ITEM = "SKU-CUP";

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-05-01T01:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private MercariSimulator sim;
    private PolledLedger ledger;

    @BeforeEach
    void start() {
        sim = new MercariSimulator(clock, "pat-test-token");
        ChannelAdapter adapter = ChannelAdapterFactory.all().get("mercari").create(new ChannelSettings(CHANNEL, "mercari",
                Map.of("accessToken", "pat-test-token", "webhookToken", "whk-0123456789abcdefghijklmnopq"),
                Map.of("baseUrl", sim.baseUrl().toString(), "clientName", "ZAIKO_TEST", "clientVersion", "1.2.3"), clock), new InMemoryOpenOrders());
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
        String good2 = sim.buy(ITEM, 1).orderId();

        ledger.pollAfter(Duration.ofMinutes(1));

        assertThat(ledger.available("CUP")).isEqualTo(7); // 10 - 2 - 1: the poison orders took nothing
        assertThat(ledger.line(good1).orElseThrow().state()).isEqualTo(LineState.RESERVED);
        assertThat(ledger.line(good2).orElseThrow().state()).isEqualTo(LineState.RESERVED);
        assertThat(ledger.rejected()).hasSize(1).extracting(RejectedOrder::reason)
                .anySatisfy(reason -> assertThat(reason).contains("field 'products[0].variant.skuCode' is missing or empty"));
        assertThat(ledger.rejected()).extracting(RejectedOrder::orderId).doesNotContain(good1, good2);
        assertThat(sim.shownQuantity(ITEM)).hasValue(7);
    }

    @Test
    void aReasonTheAdapterDoesNotRefuseIsRefusedNamingTheMall() {
        assertThatThrownBy(() -> faults("{\"malformedOrder\":{\"reason\":\"unknownStatus\"}}"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageStartingWith("mercari: unknownStatus cannot be expressed");
        assertThatThrownBy(() -> faults("{\"malformedOrder\":{\"reason\":\"zeroQuantity\"}}"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageStartingWith("mercari: zeroQuantity cannot be expressed");
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
