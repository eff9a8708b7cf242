package dev.zaiko.store;

import dev.zaiko.domain.FbaClaim;
import dev.zaiko.domain.FbaSource;
import dev.zaiko.domain.port.FbaSources;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link FbaSources}: saves conditional on the revision, claims kept exactly. */
public abstract class FbaSourcesContract extends StoreContract {
    static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

    static FbaSource source(String sku, long journalVersion, Map<String, FbaClaim> claims) {
        return new FbaSource(sku, "amazon-jp", "FBA-" + sku, journalVersion, claims, OptionalLong.of(20),
                Optional.of(T0), 0);
    }

    @Test
    void aSourceRoundTripsWithItsClaimsAndRevision() {
        FbaSources sources = stores.fbaSources();
        FbaClaim claim = new FbaClaim("rakuten-main/100/1", 2, FbaClaim.State.SUBMITTED, T0,
                Optional.of(T0.plusSeconds(5)), "zaiko-100-1-TEE");
        assertThat(sources.save(source("TEE", 7, Map.of(claim.reference(), claim)), 0)).isTrue();

        FbaSource stored = another().fbaSources().find("amazon-jp", "TEE").orElseThrow();
        assertThat(stored.revision()).isEqualTo(1);
        assertThat(stored.journalVersion()).isEqualTo(7);
        assertThat(stored.sellerSku()).isEqualTo("FBA-TEE");
        assertThat(stored.lastFulfillable()).isEqualTo(OptionalLong.of(20));
        assertThat(stored.lastCountAt()).contains(T0);
        assertThat(stored.claims()).containsExactly(Map.entry(claim.reference(), claim));
        assertThat(sources.find("amazon-jp", "OTHER")).isEmpty();
        assertThat(sources.find("amazon-us", "TEE")).isEmpty();
    }

    @Test
    void aSaveFromAStaleRevisionIsRefused() {
        FbaSources sources = stores.fbaSources();
        assertThat(sources.save(source("TEE", 1, Map.of()), 0)).isTrue();
        assertThat(sources.save(source("TEE", 2, Map.of()), 0)).isFalse();
        assertThat(sources.save(source("TEE", 3, Map.of()), 1)).isTrue();
        assertThat(another().fbaSources().save(source("TEE", 4, Map.of()), 1)).isFalse();
        FbaSource stored = sources.find("amazon-jp", "TEE").orElseThrow();
        assertThat(stored.revision()).isEqualTo(2);
        assertThat(stored.journalVersion()).isEqualTo(3);
    }

    @Test
    void sourcesAreListedPerChannelAndRemoved() {
        FbaSources sources = stores.fbaSources();
        sources.save(source("A", 1, Map.of()), 0);
        sources.save(source("B", 1, Map.of()), 0);
        sources.remove("amazon-jp", "A");
        assertThat(sources.sourcesOf("amazon-jp")).extracting(FbaSource::sku).containsExactly("B");
        assertThat(sources.sourcesOf("amazon-us")).isEmpty();
        assertThat(sources.find("amazon-jp", "A")).isEmpty();
    }

    @Test
    void eightContainersSavingFromOneRevisionLeaveExactlyOneWinner() throws Exception {
        stores.fbaSources().save(source("HOT", 1, Map.of()), 0);
        List<Boolean> saved = new ChannelStatesContract() {
            @Override
            protected dev.zaiko.config.Stores newStores() {
                throw new UnsupportedOperationException();
            }
        }.raceEight(i -> another().fbaSources().save(source("HOT", 10 + i, Map.of()), 1));
        assertThat(saved.stream().filter(b -> b).count()).isEqualTo(1);
        assertThat(stores.fbaSources().find("amazon-jp", "HOT").orElseThrow().revision()).isEqualTo(2);
    }
}
