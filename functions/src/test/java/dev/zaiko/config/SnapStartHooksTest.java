package dev.zaiko.config;

import dev.zaiko.app.PushService;
import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.port.ChannelStates;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** SnapStart: what a snapshot holds must not become the identity of the environments restored from it. */
class SnapStartHooksTest {

    @Test
    void twoRestoresOfOneSnapshotGetDifferentIdentitiesAndRenewTheirCaches() {
        AtomicInteger primed = new AtomicInteger();
        AtomicInteger renewed = new AtomicInteger();
        SnapStartHooks hooks = new SnapStartHooks(List.of(primed::incrementAndGet, () -> {
            throw new IllegalStateException("AccessDenied while priming");
        }, primed::incrementAndGet), List.of(renewed::incrementAndGet));

        hooks.beforeCheckpoint(null);
        String inSnapshot = SnapStartHooks.identity();
        // Restoring a snapshot resumes from the state after beforeCheckpoint; each environment then runs afterRestore.
        hooks.afterRestore(null);
        String first = SnapStartHooks.identity();
        hooks.afterRestore(null);
        String second = SnapStartHooks.identity();

        assertThat(hooks.primed()).isEqualTo(3);
        assertThat(primed.get()).isEqualTo(2);
        assertThat(renewed.get()).isEqualTo(2);
        assertThat(first).isNotEqualTo(inSnapshot);
        assertThat(second).isNotEqualTo(inSnapshot).isNotEqualTo(first);
    }

    @Test
    void everyDrainOfOnePushServiceTakesTheLeaseWithANewOwner() {
        List<String> owners = new ArrayList<>();
        ChannelStates refusing = new ChannelStates() {
            @Override
            public ChannelState get(String channelId) {
                return ChannelState.fresh(channelId);
            }

            @Override
            public void recordPoll(String channelId, Instant cursor, Instant polledAt, long events) {
            }

            @Override
            public java.util.Optional<dev.zaiko.domain.PollResume> pollResume(String channelId) {
                return java.util.Optional.empty();
            }

            @Override
            public void savePollResume(String channelId, java.util.Optional<dev.zaiko.domain.PollResume> resume) {
            }

            @Override
            public void setHealth(String channelId, ChannelHealth health, String message, String fingerprint,
                                  int consecutiveRetries, Instant at) {
            }

            @Override
            public boolean acquirePushLease(String channelId, String owner, Instant now, Instant until) {
                owners.add(owner);
                return false;
            }

            @Override
            public boolean claimPollNow(String channelId, Instant now, Instant until) {
                return false;
            }

            @Override
            public boolean releasePushLease(String channelId, String owner) {
                return true;
            }

            @Override
            public void markPushDirty(String channelId) {
            }

            @Override
            public boolean firstDelivery(String channelId, String deliveryId, Instant now, Duration keepFor) {
                return true;
            }

            @Override
            public boolean deliverySeen(String channelId, String deliveryId) {
                return false;
            }
        };
        // One instance, as a SnapStart snapshot would hold it; two invocations.
        PushService pushes = new PushService(null, refusing, null,
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));

        assertThat(pushes.drain("rakuten-main", null, null, "fp", Duration.ofSeconds(10)).skipped()).isTrue();
        assertThat(pushes.drain("rakuten-main", null, null, "fp", Duration.ofSeconds(10)).skipped()).isTrue();

        // Each drain may try the lease more than once, always under its own owner: two drains, two owners.
        assertThat(new java.util.LinkedHashSet<>(owners)).hasSize(2);
    }
}
