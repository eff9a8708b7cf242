package dev.zaiko.channel.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.app.PollService;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.RejectedOrder;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.sim.MallSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every mall simulator's fault switches ({@code POST /sim/{channelId}/faults}) end as through
 * the mall's adapter, the real poll and a real ledger, on a virtual clock: malformed orders of each
 * reason the mall can express are quarantined while the good orders of their page are reserved; a
 * reason the mall's order model cannot carry is refused naming the mall; and an edit of a line (3 to
 * 2, then 2 to 4 where the mall allows a rise) moves exactly the difference, which a redelivery does
 * not move again. Each mall's class says only what differs: its simulator and adapter, its listing's
 * item key, the reasons it expresses with the words its adapter rejects them with, the exact refusals,
 * and whether a line may grow. Tests a mall alone has (a webhook, a partial refund) stay in its class.
 *
 * @param <S> the mall's simulator, so a mall's own tests reach its own switches
 */
public abstract class FaultSwitchesContract<S extends MallSimulator> {
    /** The one SKU every test stocks with 10 units, mapped to one unit of the mall's listing. */
    protected static final String SKU = "CUP";
    /** The three malformedOrder reasons the fault switch takes: each mall expresses or refuses each. */
    static final List<String> EVERY_REASON = List.of("unknownStatus", "missingField", "zeroQuantity");

    /** A malformed order the mall can carry, and words of the reason its adapter quarantines it with. */
    public record Quarantined(String reason, String rejectedWith) {
    }

    protected final String channelId;
    protected final String itemKey;
    protected final VirtualClock clock;
    protected final ObjectMapper json = new ObjectMapper();
    protected S sim;
    protected ChannelAdapter adapter;
    protected PolledLedger ledger;

    protected FaultSwitchesContract(String channelId, String itemKey, Instant start) {
        this.channelId = channelId;
        this.itemKey = itemKey;
        this.clock = new VirtualClock(start);
    }

    /** The mall's simulator on {@link #clock}. */
    protected abstract S simulator();

    /** The mall's adapter, pointed at {@link #sim}. */
    protected abstract ChannelAdapter adapter();

    /** The reasons this mall's order model can carry, in the order the test applies them. */
    protected abstract List<Quarantined> quarantined();

    /** The reasons it cannot carry, each with the start of the simulator's refusal (which names the mall). */
    protected abstract Map<String, String> refused();

    /** Where a line can only lose units: the start of the refusal of a rise. Empty where a line may grow. */
    protected Optional<String> riseRefused() {
        return Optional.empty();
    }

    /** How many pages one poll of a quiet window walks (a mall whose poll is a fixed list of queries has more). */
    protected int pagesOfAPoll() {
        return 1;
    }

    /** How long after a change a poll runs so that it sees the change (the mall's listing lag). */
    protected Duration pollLag() {
        return Duration.ofMinutes(1);
    }

    @BeforeEach
    void startMall() {
        sim = simulator();
        adapter = adapter();
        ledger = new PolledLedger(channelId, adapter, clock);
        sim.putItem(itemKey, 10);
        ledger.stock(SKU, 10, itemKey);
    }

    @AfterEach
    void stopMall() {
        ledger.close();
        sim.close();
    }

    protected JsonNode faults(String body) {
        try {
            return sim.applyFaults(json.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected JsonNode malformedOrder(String reason) {
        return faults("{\"malformedOrder\":{\"reason\":\"" + reason + "\"}}");
    }

    /**
     * The adapter the mall's factory makes for {@link #channelId} on {@link #clock}: {@code options} plus
     * {@code baseUrl} pointed at {@link #sim}, open orders kept in memory.
     */
    protected ChannelAdapter fromFactory(String type, Map<String, String> credentials, Map<String, String> options) {
        Map<String, String> withSimulator = new HashMap<>(options);
        withSimulator.put("baseUrl", sim.baseUrl().toString());
        return ChannelAdapterFactory.all().get(type).create(new ChannelSettings(channelId, type, credentials,
                withSimulator, clock), new InMemoryOpenOrders());
    }

    /** The mall reports {@code quantity} units on the order's line of {@link #itemKey}. */
    protected void edit(String order, int quantity) {
        faults("{\"editLine\":{\"orderId\":\"" + order + "\",\"itemKey\":\"" + itemKey + "\",\"quantity\":" + quantity
                + "}}");
    }

    /** One completed poll, {@link #pollLag()} after now. */
    protected PollService.PollResult.Polled poll() {
        return ledger.pollAfter(pollLag());
    }

    @Test
    protected void malformedOrdersOfEachReasonItCanExpressAreQuarantinedAndTheGoodOnesOfTheirPageReserved() {
        String good1 = sim.buy(itemKey, 2).orderId();
        quarantined().forEach(malformed -> malformedOrder(malformed.reason()));
        String good2 = sim.buy(itemKey, 1).orderId();

        PollService.PollResult.Polled polled = poll();

        assertThat(polled.pages()).isEqualTo(pagesOfAPoll());
        assertThat(polled.events()).isEqualTo(2);
        assertThat(ledger.available(SKU)).isEqualTo(7); // 10 - 2 - 1: the poison orders took nothing
        assertThat(ledger.line(good1).orElseThrow().state()).isEqualTo(LineState.RESERVED);
        assertThat(ledger.line(good2).orElseThrow().state()).isEqualTo(LineState.RESERVED);
        var reasons = assertThat(ledger.rejected()).hasSize(quarantined().size()).extracting(RejectedOrder::reason);
        quarantined().forEach(malformed -> reasons.anySatisfy(reason -> assertThat(reason).contains(malformed.rejectedWith())));
        assertThat(ledger.rejected()).extracting(RejectedOrder::orderId).doesNotContain(good1, good2);
        assertThat(sim.shownQuantity(itemKey)).hasValue(7);
        List<String> applied = new ArrayList<>();
        sim.describeFaults().path("applied").forEach(entry -> applied.add(entry.asText()));
        assertThat(applied).hasSize(quarantined().size());
        for (int i = 0; i < applied.size(); i++) {
            assertThat(applied.get(i)).startsWith("malformedOrder " + quarantined().get(i).reason() + " as order ");
        }
    }

    @Test
    protected void aReasonTheAdapterDoesNotRefuseIsRefusedNamingTheMall() {
        assertThat(refused()).isNotEmpty();
        refused().forEach((reason, refusal) -> assertThatThrownBy(() -> malformedOrder(reason))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageStartingWith(refusal));
        // Every reason the switch takes is either expressed or refused by each mall.
        List<String> covered = new ArrayList<>(refused().keySet());
        quarantined().forEach(malformed -> covered.add(malformed.reason()));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(EVERY_REASON);
        assertThat(sim.describeFaults().path("applied")).isEmpty();
    }

    /** A mall whose lines can only lose units refuses the rise, naming itself; the cut still moves exactly 1. */
    @Test
    protected void anEditThreeToTwoReturnsOneTwoToFourTakesTwoAndARedeliveryChangesNothing() {
        String order = sim.buy(itemKey, 3).orderId();
        poll();
        assertThat(ledger.available(SKU)).isEqualTo(7);

        edit(order, 2);
        poll();
        assertThat(ledger.available(SKU)).isEqualTo(8); // exactly the 1 unit cut came back
        assertThat(ledger.line(order).orElseThrow().quantity()).isEqualTo(2);
        assertThat(sim.shownQuantity(itemKey)).hasValue(8); // the mall put its unit back too

        int expected;
        if (riseRefused().isPresent()) {
            assertThatThrownBy(() -> edit(order, 4)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageStartingWith(riseRefused().get());
            expected = 2;
        } else {
            edit(order, 4);
            poll();
            assertThat(ledger.available(SKU)).isEqualTo(6);
            assertThat(ledger.line(order).orElseThrow().quantity()).isEqualTo(4);
            assertThat(sim.shownQuantity(itemKey)).hasValue(6); // 10 - 3, +1 back for the cut, -2 for the rise
            expected = 4;
        }

        ledger.redeliverAllNewestFirst();
        assertThat(ledger.available(SKU)).isEqualTo(10 - expected);
        assertThat(ledger.line(order).orElseThrow().quantity()).isEqualTo(expected);
    }
}
