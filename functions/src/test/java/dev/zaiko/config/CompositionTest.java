package dev.zaiko.config;

import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushRequest;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The composition root on the embedded SQL store: one ledger service for everything, whose
 * changes go to the push queues and wake the pushers; the pushers read what the ledger wrote.
 */
class CompositionTest {
    @Test
    void theLedgerIsBuiltOnceAndItsPushRequestsAreQueuedThenWakeThePushers() {
        Clock clock = Clock.systemUTC();
        List<PushRequest> queued = new ArrayList<>();
        List<List<String>> woken = new ArrayList<>();
        try (SqlStores stores = SqlStores.temporary(clock)) {
            Composition root = new Composition(stores, Composition.NO_ORDER_QUEUE, queued::addAll,
                    ids -> woken.add(List.copyOf(ids)), clock);
            assertThat(root.ledger()).isSameAs(root.ledger());

            root.ledger().define("ZK-TEA", 7, Optional.of(2L), Optional.empty(), Optional.empty(),
                    ChangeSource.admin("test"));
            ListingKey key = new ListingKey("rakuten-main", "zk-tea:normal-inventory");
            root.ledger().mapListing(key, List.of(new Component("ZK-TEA", 1)), false);

            assertThat(queued).extracting(r -> r.listing()).containsExactly(key);
            assertThat(woken).containsExactly(List.of("rakuten-main"));
            assertThat(root.sellable().sellable(List.of(key)).get(key)).hasValueSatisfying(now ->
                    assertThat(now.quantity()).isEqualTo(5));
        }
    }
}
