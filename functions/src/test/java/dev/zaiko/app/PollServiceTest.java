package dev.zaiko.app;

import dev.zaiko.config.SqlStores;
import dev.zaiko.config.Stores;
import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.PollResume;
import dev.zaiko.domain.RejectedOrder;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.FetchedOrder;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockReader;
import dev.zaiko.domain.channel.StockSink;
import dev.zaiko.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PollService} on a virtual clock with a scripted order source and a recording queue (the
 * channel state on a temporary SQL store: a real engine, no sockets). Each test fails on the poll
 * of ad67050: a poison order stopped the page, an unfinished window restarted at page 1, orders
 * were closed before their events were queued.
 */
class PollServiceTest {
    static final String CHANNEL = "rakuten-main";
    static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final Stores stores = SqlStores.temporary(clock);
    final List<List<OrderEvent>> queued = new ArrayList<>();
    final List<Duration> slept = new ArrayList<>();
    final PollService polls = new PollService(stores.channelStates(), queued::add, stores.rejectedOrders(), clock,
            PollService.DEFAULT_OVERLAP, PollService.DEFAULT_SETTLE, d -> {
        slept.add(d);
        clock.advance(d);
    });

    @AfterEach
    void close() {
        stores.close();
    }

    static OrderEvent reserve(String orderId, int quantity) {
        return new OrderEvent(CHANNEL, orderId, "1", "mug:1", quantity, OrderAction.RESERVE, "300", T0,
                EventOrigin.POLL);
    }

    /** A source whose pages are computed from the page token; records each call's window and token. */
    final class ScriptedSource implements OrderSource {
        final Function<Optional<String>, OrderPage> pages;
        final List<String> calls = new ArrayList<>();
        final Set<String> open = new HashSet<>();
        Duration perCall = Duration.ZERO;

        ScriptedSource(Function<Optional<String>, OrderPage> pages) {
            this.pages = pages;
        }

        @Override
        public OrderPage fetchChanged(Instant from, Instant to, Optional<String> pageToken) {
            calls.add(from + ".." + to + "@" + pageToken.orElse("first"));
            clock.advance(perCall);
            return pages.apply(pageToken);
        }

        @Override
        public void pageEnqueued(OrderPage page) {
            open.removeAll(page.ordersToClose());
        }
    }

    static ChannelAdapter adapter(OrderSource source) {
        return new ChannelAdapter() {
            @Override
            public String type() {
                return "rakuten";
            }

            @Override
            public OrderSource orders() {
                return source;
            }

            @Override
            public StockSink stock() {
                throw new UnsupportedOperationException();
            }

            @Override
            public StockReader shownStock() {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<CredentialStatus> credentials() {
                return List.of();
            }
        };
    }

    // ------------------------------------------------------------------ overlapping windows

    @Test
    void anOrderLineSeenAgainInTheNextOverlappingWindowIsNotQueuedAgainUnlessItChanged() {
        OrderEvent cancel = new OrderEvent(CHANNEL, "o-1", "1", "mug:1", 2, OrderAction.CANCEL, "900",
                T0.plusSeconds(70), EventOrigin.POLL);
        List<List<OrderEvent>> pages = List.of(List.of(reserve("o-1", 2)), List.of(reserve("o-1", 2),
                reserve("o-2", 1)), List.of(cancel, reserve("o-2", 1)));
        int[] poll = {0};
        ScriptedSource source = new ScriptedSource(token -> OrderPage.of(pages.get(poll[0]).stream()
                .map(e -> FetchedOrder.parse(CHANNEL, e.orderId(), () -> "{}", T0, () -> List.of(e))).toList(),
                Optional.empty()));

        PollService.PollResult first = polls.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(48));
        clock.advance(Duration.ofMinutes(1));
        poll[0] = 1;
        PollService.PollResult second = polls.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(48));
        clock.advance(Duration.ofMinutes(1));
        poll[0] = 2;
        PollService.PollResult third = polls.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(48));

        // o-1 once as reserved, o-2 once, then o-1's cancel: 3 events where the windows returned 5.
        assertThat(queued).hasSize(3);
        assertThat(queued.get(0)).extracting(OrderEvent::orderId).containsExactly("o-1");
        assertThat(queued.get(1)).extracting(OrderEvent::orderId).containsExactly("o-2");
        assertThat(queued.get(2)).containsExactly(cancel);
        assertThat(List.of(first, second, third)).extracting(r -> ((PollService.PollResult.Polled) r).events())
                .containsExactly(1, 1, 1);
        assertThat(source.calls).as("every window was still read in full").hasSize(3);
    }

    @Test
    void anOpenOrderWhoseOnlyChangeIsThePollsOwnRevisionIsNotQueuedAgainButAnEditedQuantityIs() {
        // Malls without an update time of their own give each line the poll's time as its revision.
        int[] quantity = {3};
        ScriptedSource source = new ScriptedSource(token -> {
            OrderEvent seen = reserve("o-1", quantity[0]).withRevision(clock.instant());
            return OrderPage.of(List.of(FetchedOrder.parse(CHANNEL, "o-1", () -> "{}", T0, () -> List.of(seen))),
                    Optional.empty());
        });

        for (int poll = 0; poll < 3; poll++) {
            polls.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(48));
            clock.advance(Duration.ofMinutes(1));
        }
        quantity[0] = 2;
        polls.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(48));
        clock.advance(Duration.ofMinutes(1));
        polls.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(48));

        // 5 polls: the line once at 3 and once at 2 (with the revision of the poll that saw the edit)
        List<OrderEvent> sent = queued.stream().flatMap(List::stream).toList();
        assertThat(sent).extracting(OrderEvent::quantity).containsExactly(3, 2);
        assertThat(sent.get(1).revision()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        assertThat(source.calls).hasSize(5);
    }

    @Test
    void aPollAskedForBecauseAMallShowsLessReadsUpToNowAndTheNextScheduledWindowStillOverlapsIt() {
        ScriptedSource source = new ScriptedSource(token -> OrderPage.of(List.of(), Optional.empty()));

        PollService.PollResult scheduled = polls.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(48));
        clock.advance(Duration.ofSeconds(20));
        PollService.PollResult asked = polls.pollUpToNow(CHANNEL, adapter(source), "", Duration.ofSeconds(48));
        clock.advance(Duration.ofSeconds(40));
        PollService.PollResult next = polls.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(48));

        // a scheduled window ends 30 s before now (settle); the asked-for one at now (a sale seconds old)
        assertThat(((PollService.PollResult.Polled) scheduled).to()).isEqualTo(T0.minusSeconds(30));
        assertThat(((PollService.PollResult.Polled) asked).to()).isEqualTo(T0.plusSeconds(20));
        // and the next scheduled window starts 5 minutes before that, so nothing the mall indexes late is skipped
        assertThat(((PollService.PollResult.Polled) next).from()).isEqualTo(T0.plusSeconds(20).minus(Duration.ofMinutes(5)));
        assertThat(((PollService.PollResult.Polled) next).to()).isEqualTo(T0.plusSeconds(30));
    }

    // ------------------------------------------------------------------ defect 1: poison orders

    @Test
    void aPoisonOrderIsQuarantinedWhileTheRestOfItsPageIsQueuedAndTheCursorMoves() {
        OrderPage page = OrderPage.of(List.of(
                FetchedOrder.parse(CHANNEL, "good-1", () -> "{good-1}", T0, () -> List.of(reserve("good-1", 2))),
                FetchedOrder.parse(CHANNEL, "bad-1", () -> "{\"orderProgress\":999}", T0, () -> {
                    throw new IllegalArgumentException("Rakuten order bad-1: orderProgress 999 is not a known status");
                }),
                FetchedOrder.parse(CHANNEL, "good-2", () -> "{good-2}", T0, () -> List.of(reserve("good-2", 1)))),
                Optional.empty());
        ScriptedSource source = new ScriptedSource(token -> page);

        PollService.PollResult result = polls.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(48));

        assertThat(result).isInstanceOfSatisfying(PollService.PollResult.Polled.class, polled -> {
            assertThat(polled.complete()).isTrue();
            assertThat(polled.events()).isEqualTo(2);
            assertThat(polled.rejected()).extracting(RejectedOrder::orderId).containsExactly("bad-1");
        });
        assertThat(queued).singleElement().satisfies(events ->
                assertThat(events).extracting(OrderEvent::orderId).containsExactly("good-1", "good-2"));
        assertThat(stores.rejectedOrders().rejected(CHANNEL, 10)).singleElement().satisfies(rejected -> {
            assertThat(rejected.reason()).contains("orderProgress 999");
            assertThat(rejected.rawExcerpt()).isEqualTo("{\"orderProgress\":999}");
        });
        assertThat(stores.channelStates().get(CHANNEL).cursor()).contains(T0.minus(PollService.DEFAULT_SETTLE));
        assertThat(stores.channelStates().get(CHANNEL).health()).isEqualTo(ChannelHealth.OK);
    }

    @Test
    void aPageThatFailsAsAWholeIsRetriedWithBackoffAndAfterThreeFailedRunsTheChannelIsDegraded() {
        ScriptedSource source = new ScriptedSource(token -> {
            throw new IllegalArgumentException("searchOrders answer has no 'orders' array");
        });
        List<PollService.PollResult> runs = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            runs.add(polls.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(48)));
            clock.advance(Duration.ofMinutes(1));
        }

        // Each run: three attempts, 1 s then 2 s apart.
        assertThat(source.calls).hasSize(9);
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(runs).allSatisfy(r -> assertThat(r).isInstanceOf(PollService.PollResult.Failed.class));
        assertThat(runs).extracting(r -> ((PollService.PollResult.Failed) r).degraded())
                .containsExactly(false, false, true);
        assertThat(stores.channelStates().get(CHANNEL).health()).isEqualTo(ChannelHealth.DEGRADED);
        assertThat(stores.channelStates().get(CHANNEL).healthMessage()).startsWith("UNREADABLE_PAGE");
        assertThat(stores.channelStates().get(CHANNEL).cursor()).isEmpty();
        assertThat(queued).isEmpty();

        // The mall answers again: one good run clears it.
        ScriptedSource healed = new ScriptedSource(token -> OrderPage.last(List.of(reserve("o-1", 1))));
        assertThat(polls.poll(CHANNEL, adapter(healed), "", Duration.ofSeconds(48)))
                .isInstanceOf(PollService.PollResult.Polled.class);
        assertThat(stores.channelStates().get(CHANNEL).health()).isEqualTo(ChannelHealth.OK);
        assertThat(stores.channelStates().get(CHANNEL).consecutiveRetries()).isZero();
    }

    @Test
    void aRetryableMallErrorThatClearsWithinTheRunCostsNoFailedRun() {
        int[] calls = {0};
        ScriptedSource source = new ScriptedSource(token -> {
            if (calls[0]++ == 0) {
                throw new ChannelException(PushStatus.RETRY, "429", "throttled", Optional.empty());
            }
            return OrderPage.last(List.of(reserve("o-1", 1)));
        });
        assertThat(polls.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(48)))
                .isInstanceOf(PollService.PollResult.Polled.class);
        assertThat(slept).containsExactly(Duration.ofSeconds(1));
        assertThat(queued).hasSize(1);
    }

    // ------------------------------------------------------------------ defect 5: unfinished windows resume

    @Test
    void aWindowLongerThanTheBudgetResumesFromItsSavedPageTokenInsteadOfPageOne() {
        // Four pages, each call takes 20 s of the mall's time; the budget is 48 s: two pages per run.
        ScriptedSource source = new ScriptedSource(token -> {
            int page = Integer.parseInt(token.orElse("1"));
            return new OrderPage(List.of(reserve("o-" + page, 1)),
                    page < 4 ? Optional.of(String.valueOf(page + 1)) : Optional.empty());
        });
        source.perCall = Duration.ofSeconds(20);

        PollService.PollResult first = polls.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(30));
        assertThat(first).isInstanceOfSatisfying(PollService.PollResult.Polled.class,
                p -> assertThat(p.complete()).isFalse());
        PollResume saved = stores.channelStates().pollResume(CHANNEL).orElseThrow();
        assertThat(saved.pageToken()).isEqualTo("3");
        Instant windowFrom = T0.minus(PollService.FIRST_LOOKBACK);
        Instant windowTo = T0.minus(PollService.DEFAULT_SETTLE);
        assertThat(saved.from()).isEqualTo(windowFrom);
        assertThat(saved.to()).isEqualTo(windowTo);
        // The cursor stays where the window began (a first poll: its start plus the overlap).
        assertThat(stores.channelStates().get(CHANNEL).cursor()).contains(windowFrom.plus(PollService.DEFAULT_OVERLAP));

        clock.advance(Duration.ofMinutes(1));
        PollService.PollResult second = polls.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(30));
        assertThat(second).isInstanceOfSatisfying(PollService.PollResult.Polled.class,
                p -> assertThat(p.complete()).isTrue());

        String window = windowFrom + ".." + windowTo + "@";
        assertThat(source.calls).containsExactly(window + "first", window + "2", window + "3", window + "4");
        assertThat(queued).flatExtracting(events -> events).extracting(OrderEvent::orderId)
                .containsExactly("o-1", "o-2", "o-3", "o-4");
        assertThat(stores.channelStates().pollResume(CHANNEL)).isEmpty();
        assertThat(stores.channelStates().get(CHANNEL).cursor()).contains(windowTo);
    }

    @Test
    void theBudgetAlwaysEndsBeforeTheFunctionTimesOut() {
        // The poller runs 60 s for intervals of a minute or more (90 s below): budget < remaining time.
        for (int minutes : new int[]{1, 2, 5, 15, 60}) {
            Duration budget = ChannelPoller.budget(Duration.ofMinutes(minutes), Duration.ofSeconds(60));
            assertThat(budget).as("%d min", minutes).isLessThanOrEqualTo(Duration.ofSeconds(45));
        }
        assertThat(ChannelPoller.budget(Duration.ofSeconds(15), Duration.ofSeconds(90)))
                .isEqualTo(Duration.ofSeconds(12));
        assertThat(ChannelPoller.budget(Duration.ofMinutes(2), Duration.ofSeconds(10)))
                .isEqualTo(Duration.ofSeconds(1));
    }

    // ------------------------------------------------------------------ defect 7: close after enqueue

    @Test
    void ordersFoundClosedStayOpenUntilThePageIsQueued() {
        ScriptedSource source = new ScriptedSource(token -> OrderPage.last(List.of(new OrderEvent(CHANNEL, "c-1",
                "1", "mug:1", 2, OrderAction.CANCEL, "900", T0, EventOrigin.POLL))).withOrdersToClose(List.of("c-1")));
        source.open.add("c-1");
        PollService failing = new PollService(stores.channelStates(), events -> {
            throw new IllegalStateException("SQS unavailable");
        }, stores.rejectedOrders(), clock);

        assertThatThrownBy(() -> failing.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(48)))
                .hasMessageContaining("SQS unavailable");
        assertThat(source.open).containsExactly("c-1");
        assertThat(stores.channelStates().get(CHANNEL).cursor()).isEmpty();

        polls.poll(CHANNEL, adapter(source), "", Duration.ofSeconds(48));
        assertThat(queued).singleElement().satisfies(events ->
                assertThat(events).extracting(OrderEvent::action).containsExactly(OrderAction.CANCEL));
        assertThat(source.open).isEmpty();
    }
}
