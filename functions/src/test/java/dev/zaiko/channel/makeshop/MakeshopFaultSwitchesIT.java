package dev.zaiko.channel.makeshop;

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
import dev.zaiko.sim.makeshop.MakeshopSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The makeshop simulator's fault switches ({@code POST /sim/{channelId}/faults}) through the adapter,
 * the real poll and a real ledger, on a virtual clock: basket lines without productCode or with amount 0 are
 * quarantined while the good orders of the same searchOrder page are reserved, and a changed amount is
 * read by the re-check of open orders (searchOrder carries no update time: the poll's time orders the
 * revisions).
 */
class MakeshopFaultSwitchesIT {
    static final String CHANNEL = "makeshop-main";
    static final String ITEM = "000000000030";

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-05-01T01:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private MakeshopSimulator sim;
    private PolledLedger ledger;

    @BeforeEach
    void start() {
        sim = new MakeshopSimulator(clock, "PAT.test-permanent-token", "test-api-key");
        ChannelAdapter adapter = ChannelAdapterFactory.all().get("makeshop").create(new ChannelSettings(CHANNEL, "makeshop",
                Map.of("accessToken", "PAT.test-permanent-token", "apiKey", "test-api-key", "webhookSecret",
                        "makeshop-webhook-secret"),
                Map.of("baseUrl", sim.baseUrl().toString(), "signatureScheme", "HMAC_SHA256_HEX_TIMESTAMP_DOT_BODY"), clock), new InMemoryOpenOrders());
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
                .anySatisfy(reason -> assertThat(reason).contains("basketInfos[0].productCode' is missing or empty"))
                .anySatisfy(reason -> assertThat(reason).contains("quantity must be between 1 and"));
        assertThat(ledger.rejected()).extracting(RejectedOrder::orderId).doesNotContain(good1, good2);
        assertThat(sim.shownQuantity(ITEM)).hasValue(7);
    }

    @Test
    void aReasonTheAdapterDoesNotRefuseIsRefusedNamingTheMall() {
        assertThatThrownBy(() -> faults("{\"malformedOrder\":{\"reason\":\"unknownStatus\"}}"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageStartingWith("makeshop: unknownStatus cannot be expressed");
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
