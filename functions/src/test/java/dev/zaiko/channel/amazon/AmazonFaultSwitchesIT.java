package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.app.PollService;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.PolledLedger;
import dev.zaiko.channel.support.VirtualClock;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.RejectedOrder;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.sim.amazon.AmazonSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Amazon simulator's fault switches ({@code POST /sim/{channelId}/faults}) through the adapter,
 * the real poll and a real ledger: a malformed order is quarantined while the good ones of its page
 * are reserved, and a partial cancellation returns exactly the units cancelled. Amazon's searchOrders
 * never shows the last two minutes, so each poll runs three minutes after the change it must see.
 */
class AmazonFaultSwitchesIT {
    static final String CHANNEL = "amazon-jp";
    static final String SKU = "cup-sku";
    static final Duration AFTER_AMAZONS_LAG = Duration.ofMinutes(3);

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-03-01T00:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private AmazonSimulator sim;
    private PolledLedger ledger;

    @BeforeEach
    void start() {
        sim = new AmazonSimulator(clock);
        AmazonAdapter adapter = new AmazonAdapter(new ChannelSettings(CHANNEL, "amazon", Map.of(
                "refreshToken", AmazonSimulator.REFRESH_TOKEN, "clientId", AmazonSimulator.CLIENT_ID,
                "clientSecret", AmazonSimulator.CLIENT_SECRET, "sellerId", AmazonSimulator.SELLER_ID),
                Map.of("baseUrl", sim.baseUrl().toString(), "lwaUrl", sim.baseUrl().toString()), clock),
                new MallHttp(), clock);
        ledger = new PolledLedger(CHANNEL, adapter, clock);
        sim.putItem(SKU, 10);
        ledger.stock("CUP", 10, SKU);
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

    @Test
    void malformedOrdersOfEachReasonAreQuarantinedAndTheGoodOnesOfTheirPageReserved() {
        String good1 = sim.buy(SKU, 2).orderId();
        faults("{\"malformedOrder\":{\"reason\":\"unknownStatus\"}}");
        faults("{\"malformedOrder\":{\"reason\":\"missingField\"}}");
        String good2 = sim.buy(SKU, 1).orderId();

        PollService.PollResult.Polled polled = ledger.pollAfter(AFTER_AMAZONS_LAG);

        assertThat(polled.pages()).isEqualTo(1);
        assertThat(polled.events()).isEqualTo(2);
        assertThat(ledger.available("CUP")).isEqualTo(7); // 10 - 2 - 1: the poison orders took nothing
        assertThat(ledger.line(good1).orElseThrow().state()).isEqualTo(LineState.RESERVED);
        assertThat(ledger.line(good2).orElseThrow().state()).isEqualTo(LineState.RESERVED);
        assertThat(ledger.rejected()).hasSize(2).extracting(RejectedOrder::reason).anySatisfy(reason ->
                        assertThat(reason).contains("unknown fulfillment.fulfillmentStatus 'SIM_UNKNOWN_STATUS'"))
                .anySatisfy(reason -> assertThat(reason).contains("'orderItemId' is missing"));
        assertThat(ledger.rejected()).extracting(RejectedOrder::orderId).doesNotContain(good1, good2);
        assertThat(sim.shownQuantity(SKU)).hasValue(7);
        assertThat(sim.describeFaults().path("applied").get(0).asText()).startsWith("malformedOrder unknownStatus");
    }

    @Test
    void zeroQuantityIsRefusedNamingAmazonAndTheReason() {
        assertThatThrownBy(() -> faults("{\"malformedOrder\":{\"reason\":\"zeroQuantity\"}}"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("amazon").hasMessageContaining("zeroQuantity");
    }

    @Test
    void aPartialCancellationReturnsExactlyTheUnitsCancelledAndARedeliveryChangesNothing() {
        String order = sim.buy(SKU, 3).orderId();
        ledger.pollAfter(AFTER_AMAZONS_LAG);
        assertThat(ledger.available("CUP")).isEqualTo(7);

        faults("{\"editLine\":{\"orderId\":\"" + order + "\",\"itemKey\":\"" + SKU + "\",\"quantity\":2}}");
        ledger.pollAfter(AFTER_AMAZONS_LAG);

        assertThat(ledger.available("CUP")).isEqualTo(8); // exactly the 1 unit cancelled came back
        assertThat(ledger.line(order).orElseThrow().quantity()).isEqualTo(2);
        assertThat(sim.shownQuantity(SKU)).hasValue(8); // Amazon put its unit back too
        ledger.redeliverAllNewestFirst();
        assertThat(ledger.available("CUP")).isEqualTo(8);
        assertThat(ledger.line(order).orElseThrow().quantity()).isEqualTo(2);

        // Amazon can only cancel units: a rise is refused, naming the mall.
        assertThatThrownBy(() -> faults("{\"editLine\":{\"orderId\":\"" + order + "\",\"itemKey\":\"" + SKU
                + "\",\"quantity\":4}}"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageStartingWith("amazon:");
        // The rest cancelled: the line is a CANCEL and its 2 units come back.
        faults("{\"editLine\":{\"orderId\":\"" + order + "\",\"itemKey\":\"" + SKU + "\",\"quantity\":0}}");
        ledger.pollAfter(AFTER_AMAZONS_LAG);
        assertThat(ledger.available("CUP")).isEqualTo(10);
        assertThat(ledger.line(order).orElseThrow().state()).isEqualTo(LineState.CANCELLED);
    }
}
