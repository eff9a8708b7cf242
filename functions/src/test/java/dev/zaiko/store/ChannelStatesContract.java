package dev.zaiko.store;

import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.port.ChannelStates;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ChannelStates}: cursor only forward, health with its since-time, the push lease, webhook ids. */
public abstract class ChannelStatesContract extends StoreContract {
    static final Instant T0 = Instant.parse("2026-11-23T00:00:00.123Z");

    @Test
    void anUnknownChannelIsFreshAndHealthy() {
        ChannelState state = stores.channelStates().get("rakuten-main");
        assertThat(state).isEqualTo(ChannelState.fresh("rakuten-main"));
    }

    @Test
    void theCursorNeverMovesBackButEveryPollIsNoted() {
        ChannelStates states = stores.channelStates();
        states.recordPoll("rakuten-main", T0.plusSeconds(120), T0.plusSeconds(130), 4);
        states.recordPoll("rakuten-main", T0.plusSeconds(60), T0.plusSeconds(140), 2);

        ChannelState state = states.get("rakuten-main");
        assertThat(state.cursor()).contains(T0.plusSeconds(120));
        assertThat(state.lastPollAt()).contains(T0.plusSeconds(140));
        assertThat(state.lastPollEvents()).isEqualTo(2);
        assertThat(states.get("yahoo-main").cursor()).isEmpty();
    }

    @Test
    void anIncompleteWindowIsResumedFromItsSavedPageTokenUntilCleared() {
        ChannelStates states = stores.channelStates();
        assertThat(states.pollResume("amazon-jp")).isEmpty();
        dev.zaiko.domain.PollResume at = new dev.zaiko.domain.PollResume(T0, T0.plusSeconds(3600), "S:3\nwith newline");
        states.savePollResume("amazon-jp", Optional.of(at));

        assertThat(another().channelStates().pollResume("amazon-jp")).contains(at);
        assertThat(states.pollResume("rakuten-main")).isEmpty();
        // The channel's other state is untouched by it.
        assertThat(states.get("amazon-jp")).isEqualTo(ChannelState.fresh("amazon-jp"));

        states.savePollResume("amazon-jp", Optional.empty());
        assertThat(states.pollResume("amazon-jp")).isEmpty();
    }

    @Test
    void healthKeepsItsSinceTimeWhileItStaysTheSame() {
        ChannelStates states = stores.channelStates();
        states.setHealth("qoo10-main", ChannelHealth.DEGRADED, "503", "", 1, T0);
        states.setHealth("qoo10-main", ChannelHealth.DEGRADED, "503 again", "", 2, T0.plusSeconds(60));
        ChannelState degraded = states.get("qoo10-main");
        assertThat(degraded.health()).isEqualTo(ChannelHealth.DEGRADED);
        assertThat(degraded.healthMessage()).isEqualTo("503 again");
        assertThat(degraded.healthSince()).contains(T0);
        assertThat(degraded.consecutiveRetries()).isEqualTo(2);

        states.setHealth("qoo10-main", ChannelHealth.AUTH_ERROR, "key expired", "fp-1", 0, T0.plusSeconds(90));
        ChannelState auth = states.get("qoo10-main");
        assertThat(auth.healthSince()).contains(T0.plusSeconds(90));
        assertThat(auth.credentialsFingerprint()).isEqualTo("fp-1");
    }

    @Test
    void theLeaseHasOneHolderUntilItExpiresOrIsReleased() {
        ChannelStates states = stores.channelStates();
        ChannelStates elsewhere = another().channelStates();
        assertThat(states.acquirePushLease("shopify-main", "a", T0, T0.plusSeconds(60))).isTrue();
        assertThat(elsewhere.acquirePushLease("shopify-main", "b", T0.plusSeconds(30), T0.plusSeconds(90))).isFalse();
        // The holder renews its own lease.
        assertThat(states.acquirePushLease("shopify-main", "a", T0.plusSeconds(30), T0.plusSeconds(120))).isTrue();
        assertThat(elsewhere.acquirePushLease("shopify-main", "b", T0.plusSeconds(90), T0.plusSeconds(150))).isFalse();
        // Someone else's release frees nothing.
        elsewhere.releasePushLease("shopify-main", "b");
        assertThat(elsewhere.acquirePushLease("shopify-main", "b", T0.plusSeconds(91), T0.plusSeconds(150))).isFalse();
        // Expired: taken over.
        assertThat(elsewhere.acquirePushLease("shopify-main", "b", T0.plusSeconds(121), T0.plusSeconds(180))).isTrue();
        // The old holder's late release does not free the new holder's lease.
        states.releasePushLease("shopify-main", "a");
        assertThat(states.acquirePushLease("shopify-main", "a", T0.plusSeconds(122), T0.plusSeconds(190))).isFalse();
        elsewhere.releasePushLease("shopify-main", "b");
        assertThat(states.acquirePushLease("shopify-main", "a", T0.plusSeconds(123), T0.plusSeconds(190))).isTrue();
    }

    @Test
    void eightContainersRacingForOneLeaseGetExactlyOneHolder() throws Exception {
        List<Boolean> won = raceEight(i -> another().channelStates()
                .acquirePushLease("yahoo-main", "owner-" + i, T0, T0.plusSeconds(60)));
        assertThat(won.stream().filter(b -> b).count()).isEqualTo(1);
    }

    @Test
    void aDeliveryIdIsFirstOnceAndSeenAfterwards() {
        ChannelStates states = stores.channelStates();
        assertThat(states.deliverySeen("shopify-main", "d-1")).isFalse();
        assertThat(states.firstDelivery("shopify-main", "d-1", T0, Duration.ofDays(2))).isTrue();
        assertThat(states.firstDelivery("shopify-main", "d-1", T0.plusSeconds(5), Duration.ofDays(2))).isFalse();
        assertThat(states.deliverySeen("shopify-main", "d-1")).isTrue();
        // Per channel: another channel's same id is new.
        assertThat(states.firstDelivery("mercari-main", "d-1", T0, Duration.ofDays(2))).isTrue();
    }

    @Test
    void eightContainersReceivingOneDeliveryTreatExactlyOneAsFirst() throws Exception {
        List<Boolean> first = raceEight(i -> another().channelStates()
                .firstDelivery("shopify-main", "d-race", T0, Duration.ofDays(2)));
        assertThat(first.stream().filter(b -> b).count()).isEqualTo(1);
    }

    interface Attempt {
        boolean run(int worker) throws Exception;
    }

    /** Eight workers, each with its own adapters made before the start, released at once. */
    List<Boolean> raceEight(Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                final int worker = i;
                Callable<Boolean> task = () -> {
                    start.await();
                    return attempt.run(worker);
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            List<Boolean> outcomes = new ArrayList<>();
            for (Future<Boolean> result : results) {
                outcomes.add(result.get(1, TimeUnit.MINUTES));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    static Optional<Instant> at(long seconds) {
        return Optional.of(T0.plusSeconds(seconds));
    }

    @Test
    void aWakeUpWhileTheLeaseIsHeldMakesTheHolderDrainAgainBeforeItReleases() {
        ChannelStates holder = stores.channelStates();
        ChannelStates woken = another().channelStates();
        assertThat(holder.acquirePushLease("yahoo-main", "a", T0, T0.plusSeconds(60))).isTrue();
        assertThat(woken.acquirePushLease("yahoo-main", "b", T0.plusSeconds(1), T0.plusSeconds(61))).isFalse();
        woken.markPushDirty("yahoo-main");
        // The holder's renewal keeps the mark ...
        assertThat(holder.acquirePushLease("yahoo-main", "a", T0.plusSeconds(2), T0.plusSeconds(62))).isTrue();
        // ... so its release is refused once: the mark is spent, the lease kept, it drains again.
        assertThat(holder.releasePushLease("yahoo-main", "a")).isFalse();
        assertThat(woken.acquirePushLease("yahoo-main", "b", T0.plusSeconds(3), T0.plusSeconds(63))).isFalse();
        assertThat(holder.releasePushLease("yahoo-main", "a")).isTrue();
        assertThat(woken.acquirePushLease("yahoo-main", "b", T0.plusSeconds(4), T0.plusSeconds(64))).isTrue();
    }

    @Test
    void aNewHolderSpendsAnOldMarkAndAReleaseOfALeaseNotOursIsNoRedrain() {
        ChannelStates states = stores.channelStates();
        states.markPushDirty("yahoo-main");
        assertThat(states.acquirePushLease("yahoo-main", "a", T0, T0.plusSeconds(60))).isTrue();
        assertThat(states.releasePushLease("yahoo-main", "a")).isTrue();
        // Not holding it at all: nothing to drain again.
        assertThat(another().channelStates().releasePushLease("yahoo-main", "z")).isTrue();
    }

    @Test
    void aPollNowIsClaimedOncePerWindowFromAnyContainer() {
        ChannelStates first = stores.channelStates();
        ChannelStates second = another().channelStates();
        assertThat(first.claimPollNow("rakuten-main", T0, T0.plusSeconds(30))).isTrue();
        // within the window, from this or another container: already asked for
        assertThat(second.claimPollNow("rakuten-main", T0.plusSeconds(1), T0.plusSeconds(31))).isFalse();
        assertThat(first.claimPollNow("rakuten-main", T0.plusMillis(29_999), T0.plusSeconds(60))).isFalse();
        // per channel
        assertThat(second.claimPollNow("yahoo-main", T0.plusSeconds(1), T0.plusSeconds(31))).isTrue();
        // the window ends at its until (inclusive of that instant), the next claim opens a new one
        assertThat(second.claimPollNow("rakuten-main", T0.plusSeconds(30), T0.plusSeconds(60))).isTrue();
        assertThat(first.claimPollNow("rakuten-main", T0.plusSeconds(59), T0.plusSeconds(89))).isFalse();
        assertThat(first.claimPollNow("rakuten-main", T0.plusSeconds(60), T0.plusSeconds(90))).isTrue();
        // the claim is not the channel's shown state, and leaves the push lease alone
        assertThat(first.get("rakuten-main")).isEqualTo(ChannelState.fresh("rakuten-main"));
        assertThat(first.acquirePushLease("rakuten-main", "a", T0.plusSeconds(61), T0.plusSeconds(121))).isTrue();
    }

    @Test
    void eightContainersAskingForOnePollNowClaimItExactlyOnce() throws Exception {
        List<Boolean> claimed = raceEight(i -> another().channelStates()
                .claimPollNow("shopify-main", T0.plusMillis(i), T0.plusSeconds(30)));
        assertThat(claimed.stream().filter(b -> b).count()).isEqualTo(1);
    }
}
