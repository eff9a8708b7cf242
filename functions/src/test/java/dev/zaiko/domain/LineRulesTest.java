package dev.zaiko.domain;

import dev.zaiko.domain.LineDecision.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The order-line state machine alone, one row of its table per test. */
class LineRulesTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final Listing SINGLE = new Listing(new ListingKey("rakuten-main", "item:1"), List.of(new Component("A", 1)), 1);
    static final Listing SET = new Listing(new ListingKey("rakuten-main", "set:1"),
            List.of(new Component("A", 2), new Component("B", 1)), 1);

    static OrderEvent event(OrderAction action, String itemKey, int quantity) {
        return new OrderEvent("rakuten-main", "100", "1", itemKey, quantity, action, "300", NOW, EventOrigin.POLL);
    }

    static Map<String, StockLevel> stock(long a, long b) {
        return Map.of("A", new StockLevel("A", a, 0, 5, Optional.empty(), Optional.empty()),
                "B", new StockLevel("B", b, 0, 9, Optional.empty(), Optional.empty()));
    }

    static OrderLine line(LineState state, Map<String, Long> taken) {
        return new OrderLine("rakuten-main#100#1", "rakuten-main", "100", "1", "item:1", 2, state, taken, Map.of(),
                "300", 3, NOW, NOW);
    }

    // ------------------------------------------------------------------ line revisions (defect 2)

    static OrderEvent revision(int quantity, java.time.Instant at) {
        return event(OrderAction.RESERVE, "item:1", quantity).withRevision(at);
    }

    @Test
    void aNewerCutReturnsExactlyTheDifference() {
        LineDecision.Transition t = (LineDecision.Transition) LineRules.decide(
                Optional.of(line(LineState.RESERVED, Map.of("A", 2L))), revision(1, NOW.plusSeconds(60)),
                Optional.of(SINGLE), stock(5, 0), NOW.plusSeconds(61));
        assertThat(t.outcome()).isEqualTo(Outcome.REVISED);
        assertThat(t.stockDeltas()).isEqualTo(Map.of("A", 1L));
        assertThat(t.newLine().quantity()).isEqualTo(1);
        assertThat(t.newLine().taken()).isEqualTo(Map.of("A", 1L));
        assertThat(t.newLine().state()).isEqualTo(LineState.RESERVED);
        assertThat(t.newLine().mallRevision()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void aNewerRiseTakesWhatIsThereAndIsOversoldForTheRest() {
        LineDecision.Transition t = (LineDecision.Transition) LineRules.decide(
                Optional.of(line(LineState.RESERVED, Map.of("A", 2L))), revision(5, NOW.plusSeconds(60)),
                Optional.of(SINGLE), stock(1, 0), NOW.plusSeconds(61));
        assertThat(t.outcome()).isEqualTo(Outcome.REVISED);
        assertThat(t.stockDeltas()).isEqualTo(Map.of("A", -1L));
        assertThat(t.newLine().taken()).isEqualTo(Map.of("A", 3L));
        assertThat(t.newLine().shortfall()).isEqualTo(Map.of("A", 2L));
        assertThat(t.newLine().state()).isEqualTo(LineState.OVERSOLD);
    }

    @Test
    void anOversoldLineCutDropsItsShortfallBeforeReturningUnits() {
        OrderLine oversold = new OrderLine("rakuten-main#100#1", "rakuten-main", "100", "1", "item:1", 3,
                LineState.OVERSOLD, Map.of("A", 2L), Map.of("A", 1L), "300", 3, NOW, NOW);
        LineDecision.Transition t = (LineDecision.Transition) LineRules.decide(Optional.of(oversold),
                revision(2, NOW.plusSeconds(60)), Optional.of(SINGLE), stock(0, 0), NOW.plusSeconds(61));
        assertThat(t.stockDeltas()).isEmpty();
        assertThat(t.newLine().state()).isEqualTo(LineState.RESERVED);
        assertThat(t.newLine().taken()).isEqualTo(Map.of("A", 2L));
        assertThat(t.newLine().shortfall()).isEmpty();
    }

    @Test
    void anOlderReportChangesNothingAndASameQuantityNewerOneMovesTheMarkOnly() {
        OrderLine revised = new OrderLine("rakuten-main#100#1", "rakuten-main", "100", "1", "item:1", 2,
                LineState.RESERVED, Map.of("A", 2L), Map.of(), "300", 3, NOW, NOW.plusSeconds(120));
        assertThat(LineRules.decide(Optional.of(revised), revision(1, NOW.plusSeconds(60)), Optional.of(SINGLE),
                stock(5, 0), NOW)).isInstanceOf(LineDecision.NoChange.class);
        LineDecision.Transition mark = (LineDecision.Transition) LineRules.decide(Optional.of(revised),
                revision(2, NOW.plusSeconds(180)), Optional.of(SINGLE), stock(5, 0), NOW);
        assertThat(mark.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(mark.stockDeltas()).isEmpty();
        assertThat(mark.newLine().mallRevision()).isEqualTo(NOW.plusSeconds(180));
    }

    @Test
    void newReserveWithEnoughStockTakesEveryUnit() {
        LineDecision decision = LineRules.decide(Optional.empty(), event(OrderAction.RESERVE, "item:1", 2),
                Optional.of(SINGLE), stock(5, 0), NOW);

        LineDecision.Transition t = (LineDecision.Transition) decision;
        assertThat(t.outcome()).isEqualTo(Outcome.RESERVED);
        assertThat(t.stockDeltas()).containsExactlyEntriesOf(Map.of("A", -2L));
        assertThat(t.newLine().taken()).containsExactlyEntriesOf(Map.of("A", 2L));
        assertThat(t.newLine().revision()).isEqualTo(1);
    }

    @Test
    void newReserveShortOfStockIsOversoldAndTakesWhatRemains() {
        LineDecision.Transition t = (LineDecision.Transition) LineRules.decide(Optional.empty(),
                event(OrderAction.RESERVE, "item:1", 5), Optional.of(SINGLE), stock(3, 0), NOW);

        assertThat(t.outcome()).isEqualTo(Outcome.OVERSOLD);
        assertThat(t.reason()).isEqualTo(ChangeReason.ORDER_OVERSOLD);
        assertThat(t.stockDeltas()).containsExactlyEntriesOf(Map.of("A", -3L));
        assertThat(t.newLine().shortfall()).containsExactlyEntriesOf(Map.of("A", 2L));
        assertThat(t.newLine().state().needsAttention()).isTrue();
    }

    @Test
    void aSetIsReservedOnlyWhenEveryComponentIsCovered() {
        LineDecision.Transition covered = (LineDecision.Transition) LineRules.decide(Optional.empty(),
                event(OrderAction.RESERVE, "set:1", 2), Optional.of(SET), stock(4, 2), NOW);
        LineDecision.Transition shortOfB = (LineDecision.Transition) LineRules.decide(Optional.empty(),
                event(OrderAction.RESERVE, "set:1", 2), Optional.of(SET), stock(4, 1), NOW);

        assertThat(covered.outcome()).isEqualTo(Outcome.RESERVED);
        assertThat(covered.stockDeltas()).containsExactlyInAnyOrderEntriesOf(Map.of("A", -4L, "B", -2L));
        assertThat(shortOfB.outcome()).isEqualTo(Outcome.OVERSOLD);
        assertThat(shortOfB.newLine().shortfall()).containsExactlyEntriesOf(Map.of("B", 1L));
    }

    @Test
    void reserveForAnUnmappedListingIsKeptAsUnmapped() {
        LineDecision.Transition t = (LineDecision.Transition) LineRules.decide(Optional.empty(),
                event(OrderAction.RESERVE, "nope", 1), Optional.empty(), Map.of(), NOW);

        assertThat(t.outcome()).isEqualTo(Outcome.UNMAPPED);
        assertThat(t.stockDeltas()).isEmpty();
        assertThat(t.newLine().state()).isEqualTo(LineState.UNMAPPED);
    }

    @Test
    void cancelFirstLeavesATombstone() {
        LineDecision.Transition t = (LineDecision.Transition) LineRules.decide(Optional.empty(),
                event(OrderAction.CANCEL, "item:1", 2), Optional.empty(), Map.of(), NOW);

        assertThat(t.outcome()).isEqualTo(Outcome.TOMBSTONE);
        assertThat(t.newLine().state()).isEqualTo(LineState.CANCELLED);
        assertThat(t.newLine().taken()).isEmpty();
    }

    @Test
    void reserveAfterTheTombstoneChangesNothing() {
        LineDecision decision = LineRules.decide(Optional.of(line(LineState.CANCELLED, Map.of())),
                event(OrderAction.RESERVE, "item:1", 2), Optional.of(SINGLE), stock(5, 0), NOW);

        assertThat(decision).isEqualTo(new LineDecision.NoChange(Outcome.FINAL, "line already cancelled"));
    }

    @Test
    void cancelOfAReservedLineRestoresExactlyWhatItTook() {
        LineDecision.Transition t = (LineDecision.Transition) LineRules.decide(
                Optional.of(line(LineState.RESERVED, Map.of("A", 2L))), event(OrderAction.CANCEL, "item:1", 2),
                Optional.empty(), Map.of(), NOW);

        assertThat(t.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(t.stockDeltas()).containsExactlyEntriesOf(Map.of("A", 2L));
        assertThat(t.newLine().revision()).isEqualTo(4);
    }

    @Test
    void cancelOfAnOversoldLineRestoresOnlyWhatItTook() {
        LineDecision.Transition t = (LineDecision.Transition) LineRules.decide(
                Optional.of(line(LineState.OVERSOLD, Map.of("A", 1L))), event(OrderAction.CANCEL, "item:1", 2),
                Optional.empty(), Map.of(), NOW);

        assertThat(t.stockDeltas()).containsExactlyEntriesOf(Map.of("A", 1L));
        assertThat(t.newLine().shortfall()).isEmpty();
    }

    @Test
    void repeatsAreNoOps() {
        assertThat(LineRules.decide(Optional.of(line(LineState.RESERVED, Map.of("A", 2L))),
                event(OrderAction.RESERVE, "item:1", 2), Optional.of(SINGLE), stock(5, 0), NOW))
                .isInstanceOf(LineDecision.NoChange.class)
                .extracting(d -> ((LineDecision.NoChange) d).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(LineRules.decide(Optional.of(line(LineState.CANCELLED, Map.of("A", 2L))),
                event(OrderAction.CANCEL, "item:1", 2), Optional.empty(), Map.of(), NOW))
                .extracting(d -> ((LineDecision.NoChange) d).outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void unmappedLineIsReservedOnceTheListingExists() {
        LineDecision.Transition t = (LineDecision.Transition) LineRules.decide(
                Optional.of(line(LineState.UNMAPPED, Map.of())), event(OrderAction.RESERVE, "item:1", 2),
                Optional.of(SINGLE), stock(5, 0), NOW);

        assertThat(t.outcome()).isEqualTo(Outcome.RESERVED);
        assertThat(t.newLine().revision()).isEqualTo(4);
    }

    @Test
    void unmappedLineCancelledTakesNothingBack() {
        LineDecision.Transition t = (LineDecision.Transition) LineRules.decide(
                Optional.of(line(LineState.UNMAPPED, Map.of())), event(OrderAction.CANCEL, "item:1", 2),
                Optional.empty(), Map.of(), NOW);

        assertThat(t.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(t.stockDeltas()).isEmpty();
    }

    @Test
    void ignoredLinesAreNeverWritten() {
        assertThat(LineRules.decide(Optional.empty(), event(OrderAction.IGNORE, "item:1", 1), Optional.of(SINGLE),
                stock(5, 0), NOW)).isInstanceOf(LineDecision.NoChange.class);
    }
}
