package dev.zaiko.store;

import dev.zaiko.domain.Component;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.port.StockLedger;
import dev.zaiko.domain.port.StockLedger.CommitResult;
import dev.zaiko.domain.port.StockLedger.LedgerCommit;
import dev.zaiko.domain.port.StockLedger.LineWrite;
import dev.zaiko.domain.port.StockLedger.ListingGuard;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StockLedger}'s two "which belong to" reads the sync flow acts on: the listings of a SKU
 * (push fan-out) and the UNMAPPED lines of a listing (applied when it is mapped). Both strongly
 * consistent: what one container committed, another reads at once (issue 15, defects 10 and 13).
 * The ledger's decisions themselves are covered by {@code dev.zaiko.ledger.LedgerContract}.
 */
public abstract class StockLedgerContract extends StoreContract {
    static final ListingKey SINGLE = new ListingKey("rakuten-main", "item-1");
    static final ListingKey SET = new ListingKey("yahoo-main", "set-1");
    static final Instant T = Instant.parse("2026-11-23T00:00:00Z");

    @Test
    void aMappingChangeIsInTheSkusListingsAtOnceInAnotherContainer() {
        StockLedger writer = stores.stockLedger();
        StockLedger reader = another().stockLedger();
        writer.saveListing(SET, List.of(new Component("A", 1), new Component("B", 2)), 0);
        writer.saveListing(SINGLE, List.of(new Component("A", 1)), 0);

        assertThat(reader.listingsContaining("A")).containsExactly(SINGLE, SET);
        assertThat(reader.listingsContaining("B")).containsExactly(SET);
        assertThat(reader.listingsContaining("C")).isEmpty();

        // the set loses A and gains C
        writer.saveListing(SET, List.of(new Component("B", 2), new Component("C", 1)), 1);
        assertThat(reader.listingsContaining("A")).containsExactly(SINGLE);
        assertThat(reader.listingsContaining("B")).containsExactly(SET);
        assertThat(reader.listingsContaining("C")).containsExactly(SET);

        // unlinked, then linked again
        assertThat(writer.deleteListing(SINGLE, 1)).isTrue();
        assertThat(reader.listingsContaining("A")).isEmpty();
        writer.saveListing(SINGLE, List.of(new Component("A", 3)), 0);
        assertThat(reader.listingsContaining("A")).containsExactly(SINGLE);
    }

    @Test
    void aListingsUnmappedLinesAreReadAtOnceInAnotherContainerAndLeaveWhenTheLineDoes() {
        StockLedger writer = stores.stockLedger();
        StockLedger reader = another().stockLedger();
        assertThat(writer.commit(unmapped(line(SINGLE, "o-2", 1, LineState.UNMAPPED, 1), 0)))
                .isInstanceOf(CommitResult.Committed.class);
        writer.commit(unmapped(line(SINGLE, "o-1", 2, LineState.UNMAPPED, 1), 0));
        writer.commit(unmapped(line(SET, "o-3", 1, LineState.UNMAPPED, 1), 0));

        assertThat(reader.unmappedLinesOf(SINGLE, 10)).extracting(OrderLine::orderId).containsExactly("o-1", "o-2");
        assertThat(reader.unmappedLinesOf(SINGLE, 1)).extracting(OrderLine::orderId).containsExactly("o-1");
        assertThat(reader.unmappedLinesOf(SET, 10)).extracting(OrderLine::orderId).containsExactly("o-3");
        assertThat(reader.unmappedLinesOf(new ListingKey("qoo10-main", "none"), 10)).isEmpty();

        // o-2 revised while still UNMAPPED: listed once, as revised
        writer.commit(unmapped(line(SINGLE, "o-2", 3, LineState.UNMAPPED, 2), 1));
        // o-1 cancelled: it leaves UNMAPPED
        OrderLine cancelled = line(SINGLE, "o-1", 2, LineState.CANCELLED, 2);
        assertThat(writer.commit(new LedgerCommit(Optional.of(new LineWrite(cancelled, 1,
                Optional.of(LineState.UNMAPPED))), Optional.empty(), List.of(), List.of())))
                .isInstanceOf(CommitResult.Committed.class);

        assertThat(reader.unmappedLinesOf(SINGLE, 10)).singleElement().satisfies(line -> {
            assertThat(line.orderId()).isEqualTo("o-2");
            assertThat(line.quantity()).isEqualTo(3);
            assertThat(line.revision()).isEqualTo(2);
        });
    }

    static OrderLine line(ListingKey listing, String orderId, int quantity, LineState state, long revision) {
        return new OrderLine(listing.channelId() + "#" + orderId + "#1", listing.channelId(), orderId, "1",
                listing.itemKey(), quantity, state, Map.of(), Map.of(), "new", revision, T);
    }

    /** An UNMAPPED line's commit as the ledger makes it: held only while the listing is unmapped. */
    static LedgerCommit unmapped(OrderLine line, long expectedRevision) {
        return new LedgerCommit(Optional.of(new LineWrite(line, expectedRevision,
                expectedRevision == 0 ? Optional.empty() : Optional.of(LineState.UNMAPPED))),
                Optional.of(ListingGuard.unmapped(line.listingKey())), List.of(), List.of());
    }
}
