package dev.zaiko.app.fba;

import dev.zaiko.domain.ChangeReason;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.FbaClaim;
import dev.zaiko.domain.JournalEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The FBA rule: available = max(0, fulfillable − units of claims that count), and how claims move. */
class FbaClaimRulesTest {
    static final String SKU = "TEE";
    static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    static final Duration SETTLE = Duration.ofMinutes(15);
    static final Duration HOLD = Duration.ofHours(48);

    private static JournalEntry entry(long version, long before, long after, ChangeReason reason, ChangeSource source,
                                      Instant at) {
        return new JournalEntry(SKU, version, before, after, 0, 0, reason, source, at);
    }

    private static ChangeSource line(String reference) {
        return new ChangeSource(ChangeSource.Kind.ORDER, reference);
    }

    @Test
    void aReservationOnAnyMallOpensAClaimThatKeepsItsUnitsOffAmazonsCount() {
        FbaClaimRules.Advance advance = FbaClaimRules.advance(Map.of(), List.of(
                entry(2, 5, 3, ChangeReason.ORDER_RESERVED, line("qoo10-main/Q1/1"), T0),
                entry(3, 3, 3, ChangeReason.STOCK_SET, ChangeSource.admin("yamada"), T0),
                entry(4, 3, 2, ChangeReason.ORDER_OVERSOLD, line("aupay-main/A1/1"), T0)), SKU, T0, SETTLE, HOLD);

        assertThat(advance.claims()).containsOnlyKeys("qoo10-main/Q1/1", "aupay-main/A1/1");
        FbaClaim claim = advance.claims().get("qoo10-main/Q1/1");
        assertThat(claim.units()).isEqualTo(2);
        assertThat(claim.state()).isEqualTo(FbaClaim.State.PENDING);
        assertThat(claim.fulfillmentOrderId()).isEqualTo(FbaClaimRules.fulfillmentOrderId("qoo10-main/Q1/1", SKU));
        // Amazon still reports 5 fulfillable: the 3 units sold elsewhere stay off every mall.
        assertThat(FbaClaimRules.target(5, advance.claims())).isEqualTo(2);
        assertThat(FbaClaimRules.target(2, advance.claims())).isZero();
    }

    @Test
    void aCancelledLineGivesItsClaimBackOrCancelsItsMcfOrder() {
        Map<String, FbaClaim> claims = Map.of(
                "a/1/1", new FbaClaim("a/1/1", 1, FbaClaim.State.PENDING, T0, java.util.Optional.empty(), "zs-a"),
                "b/2/1", new FbaClaim("b/2/1", 2, FbaClaim.State.SUBMITTED, T0, java.util.Optional.of(T0), "zs-b"));
        FbaClaimRules.Advance advance = FbaClaimRules.advance(claims, List.of(
                entry(7, 0, 1, ChangeReason.ORDER_CANCELLED, line("a/1/1"), T0),
                entry(8, 1, 3, ChangeReason.ORDER_CANCELLED, line("b/2/1"), T0),
                entry(9, 3, 4, ChangeReason.ORDER_CANCELLED, line("older/9/1"), T0)), SKU, T0, SETTLE, HOLD);

        assertThat(advance.claims()).containsOnlyKeys("b/2/1");
        assertThat(advance.claims().get("b/2/1").state()).isEqualTo(FbaClaim.State.CANCELLING);
        assertThat(advance.released()).extracting(FbaClaim::reference).containsExactly("a/1/1");
        assertThat(FbaClaimRules.target(10, advance.claims())).isEqualTo(10);
    }

    @Test
    void aSubmittedClaimCountsUntilACountTakenSettleAfterItsMcfOrderThenStaysSettledForAWeek() {
        Map<String, FbaClaim> claims = Map.of("b/2/1",
                new FbaClaim("b/2/1", 2, FbaClaim.State.SUBMITTED, T0, java.util.Optional.of(T0), "zs-b"));

        FbaClaimRules.Advance early = FbaClaimRules.advance(claims, List.of(), SKU, T0.plus(Duration.ofMinutes(14)),
                SETTLE, HOLD);
        assertThat(FbaClaimRules.target(5, early.claims())).isEqualTo(3);

        FbaClaimRules.Advance settled = FbaClaimRules.advance(claims, List.of(), SKU, T0.plus(SETTLE), SETTLE, HOLD);
        assertThat(settled.claims().get("b/2/1").state()).isEqualTo(FbaClaim.State.SETTLED);
        assertThat(FbaClaimRules.target(3, settled.claims())).isEqualTo(3);

        FbaClaimRules.Advance later = FbaClaimRules.advance(settled.claims(), List.of(), SKU,
                T0.plus(FbaClaimRules.KEEP_SETTLED), SETTLE, HOLD);
        assertThat(later.claims()).isEmpty();
    }

    @Test
    void aClaimWithoutMcfExpiresAfterTheHold() {
        Map<String, FbaClaim> claims = Map.of("a/1/1",
                new FbaClaim("a/1/1", 1, FbaClaim.State.PENDING, T0, java.util.Optional.empty(), "zs-a"));

        assertThat(FbaClaimRules.advance(claims, List.of(), SKU, T0.plus(HOLD).minusSeconds(1), SETTLE, HOLD).claims())
                .containsOnlyKeys("a/1/1");
        FbaClaimRules.Advance expired = FbaClaimRules.advance(claims, List.of(), SKU, T0.plus(HOLD), SETTLE, HOLD);
        assertThat(expired.claims()).isEmpty();
        assertThat(expired.expired()).extracting(FbaClaim::reference).containsExactly("a/1/1");
    }

    @Test
    void theMcfOrderIdIsStableShortAndDifferentPerLineAndSku() {
        String id = FbaClaimRules.fulfillmentOrderId("rakuten-main/" + "9".repeat(120) + "/1", SKU);
        assertThat(id).hasSize(35).startsWith("zs-").matches("[a-z0-9-]+");
        assertThat(FbaClaimRules.fulfillmentOrderId("rakuten-main/" + "9".repeat(120) + "/1", SKU)).isEqualTo(id);
        assertThat(FbaClaimRules.fulfillmentOrderId("rakuten-main/" + "9".repeat(120) + "/2", SKU)).isNotEqualTo(id);
        assertThat(FbaClaimRules.fulfillmentOrderId("rakuten-main/" + "9".repeat(120) + "/1", "OTHER")).isNotEqualTo(id);
    }

    @Test
    void packingSlipTextKeepsToIso88591() {
        assertThat(FbaSyncService.displayable("zaiko-sync:  qoo10 注文 A1", 40)).isEqualTo("zaiko-sync: qoo10 __ A1");
        assertThat(FbaSyncService.displayable("x".repeat(50), 40)).hasSize(40);
    }
}
