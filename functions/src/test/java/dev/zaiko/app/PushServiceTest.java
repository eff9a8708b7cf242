package dev.zaiko.app;

import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushFence;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.port.SellableReader;
import dev.zaiko.support.FakeMall;
import dev.zaiko.support.InMemoryChannelStates;
import dev.zaiko.support.InMemoryPushLog;
import dev.zaiko.support.InMemoryPushQueue;
import dev.zaiko.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PushService} on in-memory ports and a fake mall (no sockets, virtual clock, latches): the
 * drain itself, and issue 15's push defects 4, 11, 12 and the pusher's part of 9, each failing on
 * the behaviour before the fix.
 */
class PushServiceTest {
    static final String CHANNEL = "shopify-main";
    static final ListingKey NAVY = new ListingKey(CHANNEL, "navy");
    static final ListingKey RED = new ListingKey(CHANNEL, "red");
    static final Duration BUDGET = Duration.ofSeconds(50);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T00:00:00Z"));
    final InMemoryChannelStates states = new InMemoryChannelStates();
    final InMemoryPushLog pushLog = new InMemoryPushLog();
    final InMemoryPushQueue queue = new InMemoryPushQueue(clock, 5);
    final FakeMall mall = new FakeMall(50);
    final Ledger ledger = new Ledger();
    final ExecutorService threads = Executors.newCachedThreadPool();

    /** What the ledger holds now: sellable quantity and stock version per listing (mapping version 1). */
    static final class Ledger implements SellableReader {
        private final Map<ListingKey, Now> now = new LinkedHashMap<>();
        /** Runs after the read, before it is returned: a latch holds a pusher between its read and its claim. */
        volatile Runnable afterRead = () -> {
        };

        synchronized void set(ListingKey key, long sellable, long stockVersion) {
            now.put(key, new Now(sellable, new PushFence(1, stockVersion)));
        }

        @Override
        public Map<ListingKey, Optional<Now>> sellable(Collection<ListingKey> listings) {
            Map<ListingKey, Optional<Now>> read = new LinkedHashMap<>();
            synchronized (this) {
                listings.forEach(key -> read.put(key, Optional.ofNullable(now.get(key))));
            }
            afterRead.run();
            return read;
        }
    }

    PushService pusher() {
        return new PushService(ledger, states, pushLog, clock);
    }

    PushService.DrainResult drain(PushService pusher) {
        return pusher.drain(CHANNEL, mall, queue, "fp", BUDGET);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not reached within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ the drain

    @Test
    void requestsCoalescePerListingAndTheMallGetsTheCurrentNumbersInOneCall() {
        ledger.set(NAVY, 4, 7);
        ledger.set(RED, 0, 3);
        queue.send(NAVY, false);
        queue.send(NAVY, false);
        queue.send(RED, true);
        queue.send(NAVY, false);

        PushService.DrainResult result = drain(pusher());

        assertThat(mall.writes()).containsExactly(new FakeMall.Write("navy", 4), new FakeMall.Write("red", 0));
        assertThat(result.messages()).isEqualTo(4);
        assertThat(result.mallCalls()).isEqualTo(1);
        assertThat(result.ok()).isEqualTo(2);
        assertThat(result.zeroPushes()).isEqualTo(1);
        assertThat(queue.size()).isZero();
        assertThat(pushLog.lastPushed(NAVY)).isEqualTo(OptionalLong.of(4));
        assertThat(pushLog.fence(RED)).isEqualTo(new PushFence(1, 3));
        assertThat(states.leaseUntil(CHANNEL)).as("released").isEmpty();
    }

    @Test
    void aHeldBackChannelIsWrittenTheSellableQuantityLessItsHoldBackNeverBelowZero() {
        ListingKey green = new ListingKey(CHANNEL, "green");
        ledger.set(NAVY, 5, 7);
        ledger.set(RED, 1, 3);
        ledger.set(green, 2, 4);
        queue.send(NAVY, false);
        queue.send(RED, false);
        queue.send(green, false);

        PushService.DrainResult result = pusher().drain(CHANNEL, mall, queue, "fp", BUDGET, new dev.zaiko.domain.HoldBack(2));

        // 5 - 2 = 3; 1 - 2 -> 0 (the last units go only where sales are heard at once); 2 - 2 = 0.
        assertThat(mall.writes()).containsExactly(new FakeMall.Write("navy", 3), new FakeMall.Write("red", 0),
                new FakeMall.Write("green", 0));
        assertThat(result.zeroPushes()).isEqualTo(2);
        assertThat(pushLog.lastPushed(NAVY)).as("the push log holds what the mall was sent").isEqualTo(OptionalLong.of(3));
        assertThat(pushLog.fence(NAVY)).as("fenced on the ledger's versions all the same").isEqualTo(new PushFence(1, 7));
    }

    @Test
    void withoutAHoldBackTheChannelIsWrittenTheWholeSellableQuantity() {
        ledger.set(NAVY, 5, 7);
        queue.send(NAVY, false);

        pusher().drain(CHANNEL, mall, queue, "fp", BUDGET, dev.zaiko.domain.HoldBack.NONE);

        assertThat(mall.writes()).containsExactly(new FakeMall.Write("navy", 5));
    }

    @Test
    void anUnmappedListingIsNeverZeroedAndARejectionIsRecordedNotRetried() {
        ledger.set(RED, 2, 1);
        queue.send(NAVY, true);
        queue.send(RED, false);
        mall.answer = update -> PushResult.rejected(update.itemKey(), "E17", "no such variant");

        PushService.DrainResult result = drain(pusher());

        assertThat(mall.writes()).isEmpty();
        assertThat(result.rejected()).isEqualTo(1);
        assertThat(pushLog.entry(RED).orElseThrow().mallCode()).isEqualTo("E17");
        assertThat(queue.size()).isZero();
    }

    @Test
    void anAuthFailureStopsTheDrainKeepsEveryMessageAndMarksTheChannel() {
        ledger.set(NAVY, 2, 1);
        queue.send(NAVY, false);
        mall.answer = update -> PushResult.auth(update.itemKey(), "401", "token revoked");

        PushService.DrainResult result = drain(pusher());

        assertThat(result.authFailed()).isTrue();
        assertThat(states.get(CHANNEL).health()).isEqualTo(ChannelHealth.AUTH_ERROR);
        assertThat(queue.visibleCount()).isEqualTo(1);
        assertThat(drain(pusher()).skipped()).as("same credentials: not called again").isTrue();
    }

    // ------------------------------------------------------------------ defect 4: lease and fence

    @Test
    void eachDrainHasItsOwnLeaseOwnerSoASecondDrainOfTheSameInstanceWaits() throws Exception {
        ledger.set(NAVY, 5, 1);
        queue.send(NAVY, false);
        CountDownLatch inMall = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        mall.beforeWrite = () -> {
            inMall.countDown();
            await(letGo);
        };
        PushService shared = pusher(); // one SnapStart-restored instance serving two invocations
        Future<PushService.DrainResult> first = threads.submit(() -> drain(shared));
        await(inMall);
        mall.beforeWrite = () -> {
        };

        PushService.DrainResult second = drain(shared);

        letGo.countDown();
        assertThat(second.skipped()).as("an owner made per instance would have let it in").isTrue();
        assertThat(first.get(10, TimeUnit.SECONDS).ok()).isEqualTo(1);
        assertThat(states.owners).hasSize(1).doesNotHaveDuplicates();
        assertThat(drain(shared).skipped()).isFalse();
        assertThat(states.owners).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void theLeaseIsRenewedWhileASlowDrainRunsSoNoSecondPusherGetsIn() {
        for (int i = 0; i < 4; i++) {
            ListingKey key = new ListingKey(CHANNEL, "item-" + i);
            ledger.set(key, i, 1);
            queue.send(key, false);
        }
        FakeMall slow = new FakeMall(1);
        List<Boolean> otherGotIn = new ArrayList<>();
        slow.beforeWrite = () -> {
            // Each mall call takes 25 s; a second pusher tries at every call.
            clock.advance(Duration.ofSeconds(25));
            otherGotIn.add(states.acquirePushLease(CHANNEL, "other", clock.instant(), clock.instant().plusSeconds(60)));
        };

        PushService.DrainResult result = pusher().drain(CHANNEL, slow, queue, "fp", Duration.ofMinutes(5));

        assertThat(result.ok()).isEqualTo(4);
        // 100 s of mall calls against a 60 s lease: without renewal the 3rd try (at 75 s) gets in.
        assertThat(otherGotIn).containsExactly(false, false, false, false);
    }

    @Test
    void twoPushersInterleaved_theLastWriteTheMallSeesCarriesTheNewestValue() throws Exception {
        // Pusher A read 5 (stock version 1) and is slow at the mall; its lease expires; B pushes 4.
        ledger.set(NAVY, 5, 1);
        queue.send(NAVY, false);
        CountDownLatch aInMall = new CountDownLatch(1);
        CountDownLatch aMayFinish = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        mall.beforeWrite = () -> {
            if (calls.incrementAndGet() == 1) {
                aInMall.countDown();
                await(aMayFinish);
            }
        };
        // A's invocation has time left (a Lambda's ~110 s) after its 60 s lease ran out.
        Future<PushService.DrainResult> a = threads.submit(() -> pusher().drain(CHANNEL, mall, queue, "fp",
                Duration.ofMinutes(2)));
        await(aInMall);

        clock.advance(Duration.ofSeconds(61));
        ledger.set(NAVY, 4, 2); // a sale: 5 -> 4
        queue.send(NAVY, false);
        PushService.DrainResult b = drain(pusher());
        assertThat(b.skipped()).as("A's lease expired during its mall call").isFalse();
        assertThat(mall.shown("navy")).isEqualTo(4);

        aMayFinish.countDown(); // A's stale 5 lands after B's 4
        PushService.DrainResult aResult = a.get(10, TimeUnit.SECONDS);

        assertThat(mall.writes()).extracting(FakeMall.Write::quantity).containsExactly(4L, 5L, 4L);
        assertThat(mall.shown("navy")).as("the mall's last write").isEqualTo(4);
        assertThat(aResult.repushed()).isEqualTo(1);
        assertThat(pushLog.lastPushed(NAVY)).isEqualTo(OptionalLong.of(4));
        assertThat(queue.size()).isZero();
    }

    @Test
    void aSupersededPushWithNoTimeLeftIsQueuedAgainNotDropped() throws Exception {
        ledger.set(NAVY, 5, 1);
        queue.send(NAVY, false);
        CountDownLatch aInMall = new CountDownLatch(1);
        CountDownLatch aMayFinish = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        mall.beforeWrite = () -> {
            if (calls.incrementAndGet() == 1) {
                aInMall.countDown();
                await(aMayFinish);
            }
        };
        Future<PushService.DrainResult> a = threads.submit(() -> drain(pusher())); // 50 s budget
        await(aInMall);
        clock.advance(Duration.ofSeconds(61));
        ledger.set(NAVY, 4, 2);
        queue.send(NAVY, false);
        drain(pusher());
        aMayFinish.countDown();
        a.get(10, TimeUnit.SECONDS);
        assertThat(mall.shown("navy")).as("A's stale write landed last").isEqualTo(5);
        assertThat(queue.visibleCount()).isEqualTo(1);

        drain(pusher()); // the next wake-up (or the poller's fallback)

        assertThat(mall.shown("navy")).isEqualTo(4);
    }

    @Test
    void aPushOlderThanTheLastClaimedIsNotSent() throws Exception {
        ledger.set(NAVY, 5, 1);
        queue.send(NAVY, false);
        CountDownLatch aRead = new CountDownLatch(1);
        CountDownLatch aMayClaim = new CountDownLatch(1);
        ledger.afterRead = () -> {
            aRead.countDown();
            await(aMayClaim);
        };
        Future<PushService.DrainResult> a = threads.submit(() -> drain(pusher()));
        await(aRead);
        ledger.afterRead = () -> {
        };

        clock.advance(Duration.ofSeconds(61));
        ledger.set(NAVY, 4, 2);
        queue.send(NAVY, false);
        drain(pusher());
        aMayClaim.countDown();
        PushService.DrainResult aResult = a.get(10, TimeUnit.SECONDS);

        assertThat(aResult.stale()).isEqualTo(1);
        assertThat(mall.writes()).extracting(FakeMall.Write::quantity).containsExactly(4L);
        assertThat(mall.shown("navy")).isEqualTo(4);
    }

    // ------------------------------------------------------------------ defect 12: no wake-up lost

    @Test
    void aWakeUpWhileAnotherDrainsMakesThatDrainGoAgainBeforeItReleases() {
        ledger.set(NAVY, 5, 1);
        ledger.set(RED, 0, 4);
        queue.send(NAVY, false);
        List<PushService.DrainResult> woken = new ArrayList<>();
        // The urgent zero arrives after the holder's last (empty) receive, before it releases; its
        // wake-up finds the lease held.
        queue.onFirstEmptyReceive = () -> {
            queue.send(RED, true);
            woken.add(drain(pusher()));
        };

        PushService.DrainResult result = drain(pusher());

        assertThat(woken).singleElement().satisfies(w -> assertThat(w.skipped()).isTrue());
        assertThat(result.passes()).isEqualTo(2);
        assertThat(mall.writes()).containsExactly(new FakeMall.Write("navy", 5), new FakeMall.Write("red", 0));
        assertThat(queue.size()).as("nothing left for the next poll to find").isZero();
        assertThat(states.leaseUntil(CHANNEL)).isEmpty();
    }

    // ------------------------------------------------------------------ defect 11: outages lose no push

    @Test
    void aMallDownForHoursKeepsItsPushesQueuedAndWritesThemWhenItIsBack() {
        ledger.set(NAVY, 3, 9);
        queue.send(NAVY, true);
        mall.answer = update -> PushResult.retry(update.itemKey(), "503", "maintenance", Optional.empty());
        for (int drain = 0; drain < 30; drain++) { // 2.5 hours, far beyond the queue's 5 receives
            drain(pusher());
            clock.advance(PushService.MAX_RETRY_DELAY.plusSeconds(1));
        }
        assertThat(states.get(CHANNEL).health()).isEqualTo(ChannelHealth.DEGRADED);
        assertThat(queue.deadLetterCount()).as("nothing dead-lettered by the outage").isZero();
        assertThat(queue.size()).isEqualTo(1);

        mall.answer = update -> PushResult.ok(update.itemKey());
        PushService.DrainResult back = drain(pusher());

        assertThat(back.ok()).isEqualTo(1);
        assertThat(mall.shown("navy")).isEqualTo(3);
        assertThat(states.get(CHANNEL).health()).isEqualTo(ChannelHealth.OK);
        assertThat(queue.size()).isZero();
    }

    @Test
    void retryDelaysGrowAndAreCappedAtFiveMinutes() {
        assertThat(PushService.retryDelay(0)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(PushService.retryDelay(3)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(16));
        assertThat(PushService.retryDelay(40)).isBetween(Duration.ofSeconds(150), Duration.ofMinutes(5));
    }

    // ------------------------------------------------------------------ defect 9, the pusher's part

    @Test
    void aMallBelowTheLedgerIsNotRaisedItsOrdersArePolledAndThePushWaits() {
        ledger.set(NAVY, 5, 2);
        queue.send(NAVY, false);
        mall.show("navy", 3);
        mall.answer = update -> PushResult.mallBelowLedger(update.itemKey(), 3, update.quantity());
        List<String> polled = new ArrayList<>();
        PushService pusher = new PushService(ledger, states, pushLog, polled::add, clock);

        PushService.DrainResult result = pusher.drain(CHANNEL, mall, queue, "fp", BUDGET);

        assertThat(result.waitingForOrders()).isEqualTo(1);
        assertThat(polled).containsExactly(CHANNEL);
        assertThat(mall.shown("navy")).isEqualTo(3);
        assertThat(states.get(CHANNEL).health()).as("not the mall struggling").isEqualTo(ChannelHealth.OK);
        assertThat(queue.visibleCount()).isZero();
        assertThat(queue.size()).as("waits for the orders to settle").isEqualTo(1);

        // The poll brought the mall's sale in: the ledger has 3 now, and the push writes it.
        ledger.set(NAVY, 3, 3);
        mall.answer = update -> PushResult.ok(update.itemKey());
        clock.advance(PushResult.SETTLE);
        pusher.drain(CHANNEL, mall, queue, "fp", BUDGET);

        assertThat(mall.writes()).extracting(FakeMall.Write::quantity).containsExactly(3L);
        assertThat(queue.size()).isZero();
    }
}
