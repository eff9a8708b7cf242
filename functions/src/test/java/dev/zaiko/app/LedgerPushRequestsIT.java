package dev.zaiko.app;

import dev.zaiko.config.SqlStores;
import dev.zaiko.config.Stores;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.LineDecision.Outcome;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushRequest;
import dev.zaiko.domain.port.PushRequester;
import dev.zaiko.testsupport.MutableClock;
import dev.zaiko.support.RecordingPushRequester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.zaiko.support.LedgerFixture.reserve;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which pushes the ledger requests (issue 15 defects 3 and 10), on the embedded SQL store: pushes
 * follow what the store says changed, and a listing mapped in another container is pushed on the
 * next sale.
 */
class LedgerPushRequestsIT {
    static final ListingKey RAKUTEN = new ListingKey("rakuten-main", "tee");
    static final ListingKey YAHOO = new ListingKey("yahoo-main", "tee");

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T00:00:00Z"));
    final SqlStores stores = SqlStores.temporary(clock);
    final RecordingPushRequester pushes = new RecordingPushRequester();

    @AfterEach
    void close() {
        stores.close();
    }

    LedgerService ledger(Stores container, PushRequester requester) {
        return new LedgerService(container.stockLedger(), requester, clock);
    }

    /** Fails its first {@code failures} requests (the push queue unreachable), then records. */
    static final class FlakyRequester implements PushRequester {
        final RecordingPushRequester recorded = new RecordingPushRequester();
        int failures;

        FlakyRequester(int failures) {
            this.failures = failures;
        }

        @Override
        public void request(List<PushRequest> requests) {
            if (failures-- > 0) {
                throw new IllegalStateException("push queue unreachable");
            }
            recorded.request(requests);
        }
    }

    @Test
    void aDeliveryWhosePushRequestFailedPushesWhenItComesBackAsAFirstDelivery() {
        LedgerService admin = ledger(stores, pushes);
        admin.define("TEE", 5, Optional.empty(), Optional.empty(), Optional.empty(), ChangeSource.admin("t"));
        admin.mapListing(RAKUTEN, List.of(new Component("TEE", 1)), false);
        FlakyRequester flaky = new FlakyRequester(1);
        LedgerService ledger = ledger(stores.anotherContainer(), flaky);
        Delivery webhook = new Delivery("w-1", reserve("rakuten-main", "o-1", "tee", 2), false);

        BatchResult first = ledger.applyBatch(List.of(webhook));

        assertThat(first.failed()).singleElement().satisfies(f -> assertThat(f.reason()).contains("push request failed"));
        assertThat(stores.stockLedger().readStock(List.of("TEE")).get("TEE").available()).isEqualTo(3);
        assertThat(flaky.recorded.requests()).isEmpty();

        // The webhook fallback puts it on the orders queue again: it arrives as a FIRST delivery.
        BatchResult again = ledger.applyBatch(List.of(webhook));

        assertThat(again.failed()).isEmpty();
        assertThat(again.applied()).extracting(ApplyResult::outcome).containsExactly(Outcome.DUPLICATE);
        assertThat(stores.stockLedger().readStock(List.of("TEE")).get("TEE").available()).isEqualTo(3);
        assertThat(flaky.recorded.requests()).containsExactly(new PushRequest(RAKUTEN, false));
    }

    @Test
    void aListingMappedInAnotherContainerIsPushedOnTheNextSaleHere() {
        LedgerService admin = ledger(stores, pushes);
        admin.define("TEE", 5, Optional.empty(), Optional.empty(), Optional.empty(), ChangeSource.admin("t"));
        admin.mapListing(RAKUTEN, List.of(new Component("TEE", 1)), false);
        RecordingPushRequester fromOrders = new RecordingPushRequester();
        LedgerService orders = ledger(stores.anotherContainer(), fromOrders);
        orders.applyBatch(List.of(new Delivery("d-1", reserve("rakuten-main", "o-1", "tee", 1), false)));
        assertThat(fromOrders.requests()).containsExactly(new PushRequest(RAKUTEN, false));
        pushes.clear();

        admin.mapListing(YAHOO, List.of(new Component("TEE", 1)), false); // no time passes
        assertThat(pushes.requests()).as("mapping pushes it at once").containsExactly(new PushRequest(YAHOO, false));
        fromOrders.clear();
        orders.applyBatch(List.of(new Delivery("d-2", reserve("rakuten-main", "o-2", "tee", 1), false)));

        assertThat(fromOrders.requests()).containsExactlyInAnyOrder(new PushRequest(RAKUTEN, false),
                new PushRequest(YAHOO, false));
    }
}
