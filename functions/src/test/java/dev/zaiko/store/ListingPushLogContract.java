package dev.zaiko.store;

import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.port.ListingPushLog;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ListingPushLog}: what was last written to the mall, per mapped listing. */
public abstract class ListingPushLogContract extends StoreContract {
    static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    static final ListingKey NAVY = new ListingKey("rakuten-main", "tshirt:navy");
    static final ListingKey RED = new ListingKey("rakuten-main", "tshirt:red");
    static final ListingKey UNMAPPED = new ListingKey("rakuten-main", "never-mapped");

    void map(ListingKey key) {
        assertThat(stores.stockLedger().saveListing(key, List.of(new Component("TS", 1)), 0)).isPresent();
    }

    @Test
    void anOkPushSetsTheQuantityAndAFailureKeepsIt() {
        map(NAVY);
        ListingPushLog log = stores.pushLog();
        assertThat(log.entry(NAVY)).isEmpty();
        assertThat(log.lastPushed(NAVY)).isEmpty();

        log.record(NAVY, 5, PushStatus.OK, "", "", T0);
        log.record(NAVY, 3, PushStatus.RETRY, "429", "too many requests", T0.plusSeconds(10));

        ListingPushLog.Entry entry = another().pushLog().entry(NAVY).orElseThrow();
        assertThat(entry.lastPushedQuantity()).isEqualTo(OptionalLong.of(5));
        assertThat(entry.status()).isEqualTo(PushStatus.RETRY);
        assertThat(entry.mallCode()).isEqualTo("429");
        assertThat(entry.message()).isEqualTo("too many requests");
        assertThat(entry.at()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void manyAtOnceAnswerForEveryKeyAskedAndNothingIsCreatedForAnUnmappedListing() {
        map(NAVY);
        map(RED);
        ListingPushLog log = stores.pushLog();
        log.record(NAVY, 7, PushStatus.OK, "", "", T0);
        log.record(UNMAPPED, 9, PushStatus.OK, "", "", T0);

        assertThat(log.lastPushed(List.of(NAVY, RED, UNMAPPED))).containsExactly(
                java.util.Map.entry(NAVY, OptionalLong.of(7)), java.util.Map.entry(RED, OptionalLong.empty()),
                java.util.Map.entry(UNMAPPED, OptionalLong.empty()));
        assertThat(log.entry(UNMAPPED)).isEmpty();
        assertThat(log.entries(List.of(NAVY, RED, UNMAPPED))).containsOnlyKeys(NAVY);
        assertThat(log.entries(List.of(NAVY)).get(NAVY).lastPushedQuantity()).isEqualTo(OptionalLong.of(7));
        assertThat(stores.stockLedger().findListing(UNMAPPED)).isEmpty();
    }

    // ------------------------------------------------------------------ the fence (invariant 8)

    static final dev.zaiko.domain.PushFence F_5 = new dev.zaiko.domain.PushFence(1, 5);
    static final dev.zaiko.domain.PushFence F_6 = new dev.zaiko.domain.PushFence(1, 6);
    static final dev.zaiko.domain.PushFence REMAPPED = new dev.zaiko.domain.PushFence(2, 1);

    @Test
    void theFenceOnlyMovesForwardAndAnOlderPushIsRefusedItsClaim() {
        map(NAVY);
        ListingPushLog log = stores.pushLog();
        assertThat(log.fence(NAVY)).isEqualTo(dev.zaiko.domain.PushFence.NONE);
        assertThat(log.claim(NAVY, F_5, T0)).isTrue();
        assertThat(another().pushLog().claim(NAVY, F_6, T0.plusSeconds(1))).isTrue();
        // The older read claims after the newer one: refused, and the fence stays where it is.
        assertThat(log.claim(NAVY, F_5, T0.plusSeconds(2))).isFalse();
        assertThat(log.fence(NAVY)).isEqualTo(F_6);
        // The same ledger state again (a repeated push of the same value) is allowed.
        assertThat(log.claim(NAVY, F_6, T0.plusSeconds(3))).isTrue();
        // A new mapping outranks any stock version of the old one.
        assertThat(log.claim(NAVY, REMAPPED, T0.plusSeconds(4))).isTrue();
        assertThat(log.claim(NAVY, new dev.zaiko.domain.PushFence(1, 99), T0.plusSeconds(5))).isFalse();
        assertThat(another().pushLog().fence(NAVY)).isEqualTo(REMAPPED);
    }

    @Test
    void anAnswerIsRecordedOnlyWhileItsFenceIsTheLastClaimed() {
        map(NAVY);
        ListingPushLog log = stores.pushLog();
        assertThat(log.claim(NAVY, F_5, T0)).isTrue();
        assertThat(log.record(NAVY, F_5, 5, PushStatus.OK, "", "", T0.plusSeconds(1))).isTrue();
        assertThat(log.lastPushed(NAVY)).isEqualTo(OptionalLong.of(5));

        // Pusher A claimed 5, pusher B claims 6 and writes; A's answer comes back after B's claim.
        assertThat(log.claim(NAVY, F_5, T0.plusSeconds(2))).isTrue();
        assertThat(another().pushLog().claim(NAVY, F_6, T0.plusSeconds(3))).isTrue();
        assertThat(log.record(NAVY, F_5, 5, PushStatus.OK, "", "", T0.plusSeconds(4))).isFalse();
        assertThat(log.record(NAVY, F_6, 4, PushStatus.OK, "", "", T0.plusSeconds(5))).isTrue();

        ListingPushLog.Entry entry = another().pushLog().entry(NAVY).orElseThrow();
        assertThat(entry.lastPushedQuantity()).isEqualTo(OptionalLong.of(4));
        assertThat(entry.at()).isEqualTo(T0.plusSeconds(5));
        // A failure at the current fence is recorded and keeps the last quantity.
        assertThat(log.record(NAVY, F_6, 3, PushStatus.RETRY, "429", "slow down", T0.plusSeconds(6))).isTrue();
        assertThat(log.entry(NAVY).orElseThrow().status()).isEqualTo(PushStatus.RETRY);
        assertThat(log.lastPushed(NAVY)).isEqualTo(OptionalLong.of(4));
    }

    @Test
    void thePushLogIsNotOnTheListingsMappingRecord() {
        map(NAVY);
        long version = stores.stockLedger().findListing(NAVY).orElseThrow().version();
        ListingPushLog log = stores.pushLog();
        assertThat(log.claim(NAVY, F_5, T0)).isTrue();
        assertThat(log.record(NAVY, F_5, 5, PushStatus.OK, "", "", T0)).isTrue();
        // A remap keeps the log (it lives apart) and the mapping version only moved by the remap.
        assertThat(stores.stockLedger().saveListing(NAVY, List.of(new Component("TS", 2)), version)).isPresent();
        assertThat(stores.stockLedger().findListing(NAVY).orElseThrow().version()).isEqualTo(version + 1);
        assertThat(log.lastPushed(NAVY)).isEqualTo(OptionalLong.of(5));
        assertThat(stores.catalog().listingsOf("rakuten-main")).extracting(l -> l.key()).containsExactly(NAVY);
    }
}
