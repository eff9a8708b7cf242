package dev.zaiko.app;

import dev.zaiko.config.SqlStores;
import dev.zaiko.config.Stores;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.OrderSource;
import dev.zaiko.domain.channel.StockReader;
import dev.zaiko.domain.channel.StockSink;
import dev.zaiko.domain.channel.WebhookOrders;
import dev.zaiko.domain.channel.WebhookVerifier;
import dev.zaiko.domain.channel.WebhookVerifier.WebhookRequest;
import dev.zaiko.testsupport.MutableClock;
import dev.zaiko.support.RecordingPushRequester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WebhookService} with a real ledger on a temporary SQL store and a scripted adapter: the
 * body "reserve:ORDER:QTY" or "cancel:ORDER:QTY" signed with header {@code sig: ok} and an id header.
 */
class WebhookServiceTest {
    static final String CHANNEL = "shopify-main";
    static final String ITEM = "inv-1@loc-1";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T00:00:00Z"));
    final Stores stores = SqlStores.temporary(clock);
    final RecordingPushRequester pushes = new RecordingPushRequester();
    final LedgerService ledger = new LedgerService(stores.stockLedger(), pushes, clock);
    final List<List<OrderEvent>> fallback = new ArrayList<>();
    final WebhookService webhooks = new WebhookService(ledger.orders(), fallback::add, stores.channelStates(), clock);

    @BeforeEach
    void stock() {
        ledger.define("A", 10, Optional.empty(), Optional.empty(), Optional.empty(), ChangeSource.admin("t"));
        ledger.mapListing(new ListingKey(CHANNEL, ITEM), List.of(new Component("A", 1)), false);
        pushes.clear();
    }

    @AfterEach
    void close() {
        stores.close();
    }

    long available() {
        return stores.stockLedger().readStock(List.of("A")).get("A").available();
    }

    static WebhookRequest request(String body, String deliveryId, String signature) {
        return new WebhookRequest(Map.of("sig", signature, "id", deliveryId), body.getBytes(StandardCharsets.UTF_8));
    }

    final ChannelAdapter adapter = new ChannelAdapter() {
        @Override
        public String type() {
            return "shopify";
        }

        @Override
        public OrderSource orders() {
            throw new UnsupportedOperationException();
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

        @Override
        public Optional<WebhookVerifier> webhookVerifier() {
            return Optional.of(r -> "ok".equals(r.headers().get("sig"))
                    ? new WebhookVerifier.Verdict.Valid(Optional.of(r.headers().get("id")))
                    : new WebhookVerifier.Verdict.Invalid("bad signature"));
        }

        @Override
        public Optional<WebhookOrders> webhookOrders() {
            return Optional.of(r -> {
                String[] parts = new String(r.body(), StandardCharsets.UTF_8).split(":");
                if (parts.length != 4) {
                    throw new IllegalArgumentException("body must be action:channel:order:qty");
                }
                return List.of(new OrderEvent(parts[1], parts[2], "1", ITEM, Integer.parseInt(parts[3]),
                        parts[0].equals("cancel") ? OrderAction.CANCEL : OrderAction.RESERVE, parts[0],
                        clock.instant(), EventOrigin.WEBHOOK));
            });
        }
    };

    @Test
    void aSignedDeliveryIsAppliedAtOnceAndItsRedeliveryChangesNothing() {
        WebhookService.Outcome first = webhooks.receive(CHANNEL, Optional.of(adapter),
                request("reserve:shopify-main:o-1:3", "d-1", "ok"));

        assertThat(first).isInstanceOf(WebhookService.Outcome.Applied.class);
        assertThat(available()).isEqualTo(7);
        assertThat(stores.stockLedger().findLine("shopify-main#o-1#1")).hasValueSatisfying(l ->
                assertThat(l.state()).isEqualTo(LineState.RESERVED));
        assertThat(pushes.requests()).extracting(p -> p.listing()).containsExactly(new ListingKey(CHANNEL, ITEM));

        WebhookService.Outcome again = webhooks.receive(CHANNEL, Optional.of(adapter),
                request("reserve:shopify-main:o-1:3", "d-1", "ok"));
        assertThat(again).isEqualTo(new WebhookService.Outcome.Duplicate("d-1"));
        assertThat(available()).isEqualTo(7);
        assertThat(fallback).isEmpty();
    }

    @Test
    void refusedDeliveriesChangeNothingAndAreNotRemembered() {
        assertThat(webhooks.receive(CHANNEL, Optional.of(adapter), request("reserve:shopify-main:o-2:1", "d-2", "forged")))
                .isEqualTo(new WebhookService.Outcome.Rejected(401, "bad signature"));
        assertThat(webhooks.receive(CHANNEL, Optional.of(adapter), request("garbage", "d-3", "ok")).httpStatus())
                .isEqualTo(400);
        assertThat(webhooks.receive(CHANNEL, Optional.of(adapter), request("reserve:yahoo-main:o-4:1", "d-4", "ok")))
                .isEqualTo(new WebhookService.Outcome.Rejected(400, "event for channel yahoo-main on shopify-main"));
        assertThat(webhooks.receive(CHANNEL, Optional.empty(), request("reserve:shopify-main:o-5:1", "d-5", "ok"))
                .httpStatus()).isEqualTo(404);
        assertThat(webhooks.receive(CHANNEL, Optional.of(adapter), new WebhookRequest(Map.of("sig", "ok", "id", "d-6"),
                new byte[WebhookService.MAX_BODY_BYTES + 1])).httpStatus()).isEqualTo(413);

        assertThat(available()).isEqualTo(10);
        assertThat(stores.channelStates().deliverySeen(CHANNEL, "d-3")).isFalse();
        // The mall's retry of the once-garbled delivery, now whole, is applied.
        assertThat(webhooks.receive(CHANNEL, Optional.of(adapter), request("reserve:shopify-main:o-3:2", "d-3", "ok")))
                .isInstanceOf(WebhookService.Outcome.Applied.class);
        assertThat(available()).isEqualTo(8);
    }

    @Test
    void whenTheLedgerCannotApplyTheEventsGoToTheOrdersQueue() {
        WebhookService broken = new WebhookService(new LedgerService(stores.stockLedger(), requests -> {
            throw new IllegalStateException("push queue down");
        }, clock).orders(), fallback::add, stores.channelStates(), clock);

        WebhookService.Outcome outcome = broken.receive(CHANNEL, Optional.of(adapter),
                request("reserve:shopify-main:o-7:4", "d-7", "ok"));

        assertThat(outcome).isInstanceOf(WebhookService.Outcome.Queued.class);
        assertThat(fallback).singleElement().satisfies(events -> assertThat(events).singleElement()
                .satisfies(e -> assertThat(e.orderId()).isEqualTo("o-7")));
        assertThat(stores.channelStates().deliverySeen(CHANNEL, "d-7")).isTrue();
    }
}
