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
}
