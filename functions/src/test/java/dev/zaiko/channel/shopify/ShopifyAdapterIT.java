package dev.zaiko.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.InMemoryOpenOrders;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockUpdate;
import dev.zaiko.domain.channel.WebhookVerifier;
import dev.zaiko.sim.RecordedCall;
import dev.zaiko.sim.shopify.ShopifySimulator;
import dev.zaiko.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Shopify adapter against its simulator: the contract every mall adapter keeps, in Shopify's terms. */
class ShopifyAdapterIT {
    private static final String LOCATION = "655441491";
    private static final String ITEM_A = "808950810@" + LOCATION;
    private static final String ITEM_B = "808950811@" + LOCATION;
    private static final String ITEM_C = "808950812@" + LOCATION;
    private static final Instant START = Instant.parse("2026-05-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final ObjectMapper json = new ObjectMapper();
    private ShopifySimulator sim;

    @BeforeEach
    void startSimulator() {
        sim = new ShopifySimulator(clock).clientCredentials("client-1", "secret-1");
        sim.putItem(ITEM_A, 500);
        sim.putItem(ITEM_B, 500);
        sim.putItem(ITEM_C, 500);
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    private ChannelAdapter adapter(Map<String, String> secret) {
        ChannelSettings settings = new ChannelSettings("shopify-main", "shopify", secret,
                Map.of("baseUrl", sim.baseUrl().toString(), "locationId", "gid://shopify/Location/" + LOCATION), clock);
        return ChannelAdapterFactory.all().get("shopify").create(settings, new InMemoryOpenOrders());
    }

    private ChannelAdapter adapter() {
        return adapter(Map.of("clientId", "client-1", "clientSecret", "secret-1"));
    }

    private List<OrderEvent> allChanged(ChannelAdapter adapter, List<OrderPage> pages) {
        List<OrderEvent> events = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            OrderPage page = adapter.orders().fetchChanged(START.minusSeconds(3600), clock.instant().plusSeconds(1), token);
            pages.add(page);
            events.addAll(page.events());
            token = page.nextPageToken();
        } while (token.isPresent());
        return events;
    }

    private long callsTo(String path) {
        return sim.calls().stream().filter(c -> c.path().equals(path)).count();
    }

    private List<JsonNode> mutationInputs() throws Exception {
        List<JsonNode> inputs = new ArrayList<>();
        for (RecordedCall call : sim.calls()) {
            if (!call.path().equals(ShopifySimulator.GRAPHQL_PATH)) {
                continue;
            }
            JsonNode body = json.readTree(call.body());
            if ("ZaikoSetAvailable".equals(body.path("operationName").asText())) {
                inputs.add(body.path("variables").path("input"));
            }
        }
        return inputs;
    }

    // ------------------------------------------------------------------ orders

    @Test
    void sixtyOrdersArriveOnThreePagesEachOnce() {
        List<String> bought = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            clock.advance(Duration.ofSeconds(i % 2)); // some share an updatedAt: the cursor must still move on
            bought.add(sim.buy(i % 2 == 0 ? ITEM_A : ITEM_B, 1 + i % 3).orderId());
        }
        List<OrderPage> pages = new ArrayList<>();

        List<OrderEvent> events = allChanged(adapter(), pages);

        assertThat(pages).extracting(p -> p.events().size()).containsExactly(25, 25, 10);
        assertThat(events).extracting(OrderEvent::orderId).containsExactlyInAnyOrderElementsOf(bought);
        assertThat(events).extracting(OrderEvent::action).containsOnly(OrderAction.RESERVE);
        assertThat(events.stream().mapToInt(OrderEvent::quantity).sum()).isEqualTo(20 * (1 + 2 + 3));
        // each order's name (#1001 … #1060) rides on its lines for the console
        assertThat(events).extracting(OrderEvent::orderName).contains("#1001", "#1060")
                .allMatch(name -> name.matches("#10[0-6][0-9]"));
        assertThat(sim.operations()).containsExactly("ZaikoOrders", "ZaikoOrders", "ZaikoOrders");
        assertThat(callsTo(ShopifySimulator.TOKEN_PATH)).isEqualTo(1);
        assertThat(sim.calls()).filteredOn(c -> c.path().equals(ShopifySimulator.GRAPHQL_PATH))
                .allSatisfy(c -> assertThat(c.header("X-Shopify-Access-Token")).startsWith("shpat_"));
    }

    @Test
    void openCancelledEditedToZeroAndEditedDownLinesMapToTheirActions() {
        String open = sim.buy(ITEM_A, 2).orderId();
        String cancelled = sim.buy(ITEM_B, 3).orderId();
        String editedToZero = sim.buy(ITEM_C, 4).orderId();
        String editedDown = sim.buy(ITEM_A, 5).orderId();
        clock.advance(Duration.ofMinutes(1));
        sim.cancel(cancelled);
        sim.editLine(editedToZero, 0, 0);
        sim.editLine(editedDown, 0, 1);

        Map<String, OrderEvent> byOrder = new HashMap<>();
        allChanged(adapter(), new ArrayList<>()).forEach(e -> byOrder.put(e.orderId(), e));

        assertThat(byOrder.get(open)).extracting(OrderEvent::action, OrderEvent::quantity, OrderEvent::itemKey)
                .containsExactly(OrderAction.RESERVE, 2, ITEM_A);
        assertThat(byOrder.get(cancelled)).extracting(OrderEvent::action, OrderEvent::quantity, OrderEvent::itemKey)
                .containsExactly(OrderAction.CANCEL, 3, ITEM_B);
        assertThat(byOrder.get(cancelled).occurredAt()).isEqualTo(START.plusSeconds(60));
        assertThat(byOrder.get(editedToZero)).extracting(OrderEvent::action, OrderEvent::quantity)
                .containsExactly(OrderAction.CANCEL, 4);
        assertThat(byOrder.get(editedDown)).extracting(OrderEvent::action, OrderEvent::quantity)
                .containsExactly(OrderAction.RESERVE, 1);
        assertThat(byOrder.get(open).lineId()).isEqualTo(sim.lineIds(open).get(0));
    }

    @Test
    void anOrderWithMoreLinesThanOnePageIsCompleted() {
        Map<String, Integer> basket = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            String key = (900000000L + i) + "@" + LOCATION;
            sim.putItem(key, 5);
            basket.put(key, 1);
        }
        String orderId = sim.buyMany(basket).orderId();

        List<OrderEvent> events = allChanged(adapter(), new ArrayList<>());

        assertThat(events).hasSize(12).extracting(OrderEvent::orderId).containsOnly(orderId);
        assertThat(events).extracting(OrderEvent::itemKey).containsExactlyElementsOf(basket.keySet());
        assertThat(sim.operations()).containsExactly("ZaikoOrders", "ZaikoOrderLines");
    }

    @Test
    void a429IsWaitedOutAndTheCallSucceeds() {
        sim.buy(ITEM_A, 1);
        sim.faults().rateLimitNext(1, Duration.ofMillis(50));

        List<OrderEvent> events = allChanged(adapter(), new ArrayList<>());

        assertThat(events).hasSize(1);
        assertThat(sim.calls()).filteredOn(c -> c.path().equals(ShopifySimulator.GRAPHQL_PATH))
                .extracting(RecordedCall::status).containsExactly(429, 200);
    }

    @Test
    void throttledByCostIsWaitedOutAndTheCallSucceeds() {
        sim.buy(ITEM_A, 1);
        sim.costLimits(1000, 5000).throttleNext(1);

        List<OrderEvent> events = allChanged(adapter(), new ArrayList<>());

        assertThat(events).hasSize(1);
        assertThat(sim.throttledAnswers()).isEqualTo(1);
        assertThat(sim.calls()).filteredOn(c -> c.path().equals(ShopifySimulator.GRAPHQL_PATH)).hasSize(2);
    }

    @Test
    void aRetryHintBeyondTheWaitBudgetGivesRetryWithoutHammering() {
        sim.faults().rateLimitNext(5, Duration.ofSeconds(30));

        assertThatThrownBy(() -> adapter().orders().fetchChanged(START, START.plusSeconds(60), Optional.empty()))
                .isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PushStatus.RETRY);
                    assertThat(e.mallCode()).isEqualTo("HTTP_429");
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
                });
        assertThat(callsTo(ShopifySimulator.GRAPHQL_PATH)).isEqualTo(1);
    }

    // ------------------------------------------------------------------ auth

    @Test
    void anExpiredTokenIsRenewedOnceAndTheCallSucceeds() {
        ChannelAdapter adapter = adapter();
        adapter.orders().fetchChanged(START, START.plusSeconds(60), Optional.empty());
        sim.expireIssuedTokens();
        sim.buy(ITEM_A, 1);

        OrderPage page = adapter.orders().fetchChanged(START.minusSeconds(60), START.plusSeconds(60), Optional.empty());

        assertThat(page.events()).hasSize(1);
        assertThat(callsTo(ShopifySimulator.TOKEN_PATH)).isEqualTo(2);
        assertThat(sim.calls()).filteredOn(c -> c.path().equals(ShopifySimulator.GRAPHQL_PATH))
                .extracting(RecordedCall::status).containsExactly(200, 401, 200);
    }

    @Test
    void theTokenIsRenewedBeforeItExpires() {
        ChannelAdapter adapter = adapter();
        adapter.orders().fetchChanged(START, START.plusSeconds(60), Optional.empty());
        clock.advance(Duration.ofHours(23).plusMinutes(55)); // 86 399 s lifetime, renewed 10 min ahead

        adapter.orders().fetchChanged(START, START.plusSeconds(60), Optional.empty());

        assertThat(callsTo(ShopifySimulator.TOKEN_PATH)).isEqualTo(2);
        assertThat(sim.calls()).extracting(RecordedCall::status).doesNotContain(401);
    }

    @Test
    void expiredCredentialsGiveAuthAfterOneRenewal() {
        sim.faults().credentialsExpired(true);

        assertThatThrownBy(() -> adapter().orders().fetchChanged(START, START.plusSeconds(60), Optional.empty()))
                .isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
                    assertThat(e.mallCode()).isEqualTo("HTTP_401");
                    assertThat(e.getMessage()).contains("Invalid API key or access token");
                });
        assertThat(callsTo(ShopifySimulator.TOKEN_PATH)).isEqualTo(2);
        assertThat(callsTo(ShopifySimulator.GRAPHQL_PATH)).isEqualTo(2);
    }

    @Test
    void aRefusedClientSecretGivesAuth() {
        List<PushResult> results = adapter(Map.of("clientId", "client-1", "clientSecret", "wrong"))
                .stock().write(List.of(new StockUpdate(ITEM_A, 3)));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(PushStatus.AUTH);
            assertThat(r.message()).contains("invalid_client");
        });
        assertThat(callsTo(ShopifySimulator.GRAPHQL_PATH)).isZero();
    }

    @Test
    void aCustomAppTokenIsUsedAsIsAndNeverRenewed() {
        sim.customAppToken("shpat_custom");
        sim.buy(ITEM_A, 1);
        ChannelAdapter adapter = adapter(Map.of("accessToken", "shpat_custom", "webhookSecret", "whsec"));

        assertThat(adapter.orders().fetchChanged(START, START.plusSeconds(60), Optional.empty()).events()).hasSize(1);
        sim.faults().credentialsExpired(true);
        assertThatThrownBy(() -> adapter.orders().fetchChanged(START, START.plusSeconds(60), Optional.empty()))
                .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.kind()).isEqualTo(PushStatus.AUTH));

        assertThat(callsTo(ShopifySimulator.TOKEN_PATH)).isZero();
        assertThat(callsTo(ShopifySimulator.GRAPHQL_PATH)).isEqualTo(2);
        assertThat(adapter.credentials()).extracting(c -> c.name()).containsExactly("accessToken");
    }

    @Test
    void aMissingScopeGivesAuthWithShopifysMessage() {
        sim.withoutScope("write_inventory");

        List<PushResult> results = adapter().stock().write(List.of(new StockUpdate(ITEM_A, 3)));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(PushStatus.AUTH);
            assertThat(r.mallCode()).isEqualTo("HTTP_403");
            assertThat(r.message()).contains("requires merchant approval for write_inventory scope");
        });
        assertThat(sim.shownQuantity(ITEM_A)).hasValue(500);
    }

    // ------------------------------------------------------------------ stock

    @Test
    void absoluteQuantitiesAreWrittenWithCompareAndSetAndAnIdempotencyKey() throws Exception {
        List<PushResult> results = adapter().stock().write(List.of(
                new StockUpdate(ITEM_A, 7, OptionalLong.of(500)),
                new StockUpdate(ITEM_B, 0)));

        assertThat(results).extracting(PushResult::itemKey, PushResult::status)
                .containsExactly(tuple(ITEM_A, PushStatus.OK),
                        tuple(ITEM_B, PushStatus.OK));
        assertThat(sim.shownQuantity(ITEM_A)).hasValue(7);
        assertThat(sim.shownQuantity(ITEM_B)).hasValue(0);
        JsonNode input = mutationInputs().get(0);
        assertThat(input.path("name").asText()).isEqualTo("available");
        assertThat(input.path("reason").asText()).isEqualTo("correction");
        assertThat(input.path("referenceDocumentUri").asText()).isEqualTo("zaiko-sync://stock-push/shopify-main");
        assertThat(input.path("quantities").get(0).toString()).isEqualTo("{\"inventoryItemId\":"
                + "\"gid://shopify/InventoryItem/808950810\",\"locationId\":\"gid://shopify/Location/655441491\","
                + "\"quantity\":7,\"changeFromQuantity\":500}");
        assertThat(input.path("quantities").get(1).has("changeFromQuantity")).isTrue();
        assertThat(input.path("quantities").get(1).get("changeFromQuantity").isNull()).isTrue();
        assertThat(sim.calls().get(sim.calls().size() - 1).body()).containsPattern("@idempotent\\(key: \\\\\"[0-9a-f-]{36}");
    }

    /** Review bullet (2026-04): "request in progress" means an earlier send with our key is still running: RETRY. */
    @Test
    void idempotencyConcurrentRequestIsRetryAndWritesNothing() {
        sim.idempotencyErrorNext("IDEMPOTENCY_CONCURRENT_REQUEST", 1);

        List<PushResult> results = adapter().stock().write(List.of(new StockUpdate(ITEM_A, 7)));

        assertThat(results).extracting(PushResult::status, PushResult::mallCode)
                .containsExactly(tuple(PushStatus.RETRY, "IDEMPOTENCY_CONCURRENT_REQUEST"));
        assertThat(sim.shownQuantity(ITEM_A)).hasValue(500);
        assertThat(sim.operations()).containsExactly("ZaikoSetAvailable");
    }

    /** Review bullet (2026-04): a key Shopify saw with other parameters is refused; we resend once with a fresh key. */
    @Test
    void idempotencyKeyMismatchIsResentOnceWithAFreshKeyThenRetry() throws Exception {
        sim.idempotencyErrorNext("IDEMPOTENCY_KEY_PARAMETER_MISMATCH", 1);
        List<PushResult> healed = adapter().stock().write(List.of(new StockUpdate(ITEM_A, 7)));

        assertThat(healed).extracting(PushResult::status).containsExactly(PushStatus.OK);
        assertThat(sim.shownQuantity(ITEM_A)).hasValue(7);
        List<String> keys = sim.calls().stream().filter(c -> c.path().equals(ShopifySimulator.GRAPHQL_PATH))
                .map(c -> c.body().replaceAll("(?s).*@idempotent\\(key: \\\\\"([0-9a-f-]{36}).*", "$1")).toList();
        assertThat(keys).hasSize(2).doesNotHaveDuplicates();

        sim.idempotencyErrorNext("IDEMPOTENCY_KEY_PARAMETER_MISMATCH", 2);
        List<PushResult> twice = adapter().stock().write(List.of(new StockUpdate(ITEM_A, 8)));

        assertThat(twice).extracting(PushResult::status, PushResult::mallCode)
                .containsExactly(tuple(PushStatus.RETRY, "IDEMPOTENCY_KEY_PARAMETER_MISMATCH"));
        assertThat(sim.shownQuantity(ITEM_A)).hasValue(7);
    }

    /** The simulator validates documents against Shopify's real schema: a field the API lacks gets Shopify's error. */
    @Test
    void aDocumentNamingAFieldTheSchemaLacksIsRefusedLikeShopify() throws Exception {
        String token = "shpat_schema-check";
        sim.customAppToken(token);
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(sim.baseUrl().resolve(ShopifySimulator.GRAPHQL_PATH))
                        .header("Content-Type", "application/json").header("X-Shopify-Access-Token", token)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of(
                                "query", "query ZaikoOrders { orders(first: 1, colour: \"red\") { nodes { id purchasedQuantity } } }",
                                "operationName", "ZaikoOrders"))))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode errors = json.readTree(answer.body()).path("errors");
        assertThat(errors).extracting(e -> e.path("message").asText()).containsExactly(
                "Field 'orders' doesn't accept argument 'colour'",
                "Field 'purchasedQuantity' doesn't exist on type 'Order'");
        assertThat(errors).extracting(e -> e.path("extensions").path("code").asText())
                .containsExactly("argumentNotAccepted", "undefinedField");
        assertThat(json.readTree(answer.body()).has("data")).isFalse();
    }

    @Test
    void oneRefusedItemIsRejectedAndTheOthersAreStillWritten() throws Exception {
        sim.faults().rejectItem(ITEM_B);

        List<PushResult> results = adapter().stock().write(List.of(
                new StockUpdate(ITEM_A, 11),
                new StockUpdate(ITEM_B, 12),
                new StockUpdate("999999@" + LOCATION, 13),
                new StockUpdate("not-a-key", 14),
                new StockUpdate(ITEM_C, 15)));

        assertThat(results).extracting(PushResult::status).containsExactly(PushStatus.OK, PushStatus.REJECTED,
                PushStatus.REJECTED, PushStatus.REJECTED, PushStatus.OK);
        assertThat(results.get(1).mallCode()).isEqualTo("ITEM_NOT_STOCKED_AT_LOCATION");
        assertThat(results.get(2).mallCode()).isEqualTo("INVALID_INVENTORY_ITEM");
        assertThat(results.get(2).message()).isEqualTo("The specified inventory item could not be found.");
        assertThat(results.get(3).mallCode()).isEqualTo("INVALID_ITEM_KEY");
        assertThat(sim.shownQuantity(ITEM_A)).hasValue(11);
        assertThat(sim.shownQuantity(ITEM_B)).hasValue(500);
        assertThat(sim.shownQuantity(ITEM_C)).hasValue(15);
        // the mutation is all-or-nothing: the innocent entries went again, alone
        List<JsonNode> inputs = mutationInputs();
        assertThat(inputs).hasSize(2);
        assertThat(inputs.get(0).path("quantities")).hasSize(4);
        assertThat(inputs.get(1).path("quantities")).hasSize(2);
    }

    @Test
    void aQuantityChangedBehindUsIsReReadOverwrittenOnceAndReported() throws Exception {
        sim.driftShownQuantity(ITEM_A, 7); // we pushed 10 last time; a seller typed 7 in the admin

        List<PushResult> results = adapter().stock().write(List.of(
                new StockUpdate(ITEM_A, 5, OptionalLong.of(10)),
                new StockUpdate(ITEM_B, 6, OptionalLong.of(500))));

        assertThat(results.get(0).status()).isEqualTo(PushStatus.OK);
        assertThat(results.get(0).mallCode()).isEqualTo("CHANGE_FROM_QUANTITY_STALE");
        assertThat(results.get(0).message()).isEqualTo("mall changed behind us: expected 10, found 7; overwritten with 5");
        assertThat(results.get(1)).isEqualTo(PushResult.ok(ITEM_B));
        assertThat(sim.shownQuantity(ITEM_A)).hasValue(5);
        assertThat(sim.shownQuantity(ITEM_B)).hasValue(6);
        assertThat(sim.operations()).containsExactly("ZaikoSetAvailable", "ZaikoSetAvailable", "ZaikoInventoryLevels",
                "ZaikoSetAvailable");
        List<JsonNode> inputs = mutationInputs();
        // first the pair (refused as a whole), then B alone, then A against what Shopify showed
        assertThat(inputs.get(0).path("quantities")).hasSize(2);
        assertThat(inputs.get(1).path("quantities")).singleElement()
                .satisfies(q -> assertThat(q.path("quantity").asLong()).isEqualTo(6));
        assertThat(inputs.get(2).path("quantities")).singleElement().satisfies(q -> {
            assertThat(q.path("inventoryItemId").asText()).isEqualTo("gid://shopify/InventoryItem/808950810");
            assertThat(q.path("quantity").asLong()).isEqualTo(5);
            assertThat(q.path("changeFromQuantity").asLong()).isEqualTo(7);
        });
    }

    @Test
    void aStaleCompareWhereTheMallAlreadyShowsOurNumberWritesNothingMore() {
        sim.driftShownQuantity(ITEM_A, 5);

        List<PushResult> results = adapter().stock().write(List.of(new StockUpdate(ITEM_A, 5, OptionalLong.of(10))));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(PushStatus.OK);
            assertThat(r.message()).isEqualTo("mall changed behind us: expected 10, found 5; already 5, nothing written");
        });
        assertThat(sim.operations()).containsExactly("ZaikoSetAvailable", "ZaikoInventoryLevels");
    }

    @Test
    void aMallLoweredBehindUsBelowTheLedgerIsNotRaised() {
        sim.driftShownQuantity(ITEM_A, 3); // we pushed 10; Shopify sold 7 whose orders we have not polled yet

        List<PushResult> results = adapter().stock().write(List.of(new StockUpdate(ITEM_A, 5, OptionalLong.of(10))));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(PushStatus.RETRY);
            assertThat(r.mallCode()).isEqualTo(PushResult.MALL_BELOW_LEDGER);
            assertThat(r.retryAfter()).contains(PushResult.SETTLE);
        });
        assertThat(sim.shownQuantity(ITEM_A)).hasValue(3);
        assertThat(sim.operations()).containsExactly("ZaikoSetAvailable", "ZaikoInventoryLevels");
    }

    @Test
    void maintenanceGivesRetryForEveryItem() {
        sim.faults().maintenance(true);

        List<PushResult> results = adapter().stock().write(List.of(new StockUpdate(ITEM_A, 1), new StockUpdate(ITEM_B, 2)));

        assertThat(results).extracting(PushResult::status).containsOnly(PushStatus.RETRY);
        assertThat(results).extracting(PushResult::mallCode).containsOnly("HTTP_503");
    }

    @Test
    void shownQuantitiesAreReadPerItemAndLocation() {
        sim.putItem("808950810@777", 3);
        sim.driftShownQuantity(ITEM_A, 42);

        Map<String, Long> shown = adapter().shownStock().shownQuantities(List.of(ITEM_A, ITEM_B, "808950810@777",
                "123@" + LOCATION, "808950812@888", "sku:X"));

        assertThat(shown).containsExactlyInAnyOrderEntriesOf(Map.of(ITEM_A, 42L, ITEM_B, 500L, "808950810@777", 3L));
        assertThat(sim.operations()).containsExactly("ZaikoInventoryLevels", "ZaikoInventoryLevels", "ZaikoInventoryLevels");
    }

    // ------------------------------------------------------------------ webhooks end to end

    @Test
    void aSignedOrdersCreateWebhookFromTheSimulatorVerifiesAndParses() throws Exception {
        try (ShopifyWebhookReceiver receiver = new ShopifyWebhookReceiver()) {
            sim.webhooks(receiver.url(), "secret-1");
            ChannelAdapter adapter = adapter();
            String orderId = sim.buy(ITEM_A, 2).orderId();
            sim.cancel(orderId);

            WebhookVerifier.WebhookRequest created = receiver.received.poll(5, TimeUnit.SECONDS);
            WebhookVerifier.WebhookRequest cancelled = receiver.received.poll(5, TimeUnit.SECONDS);

            assertThat(adapter.webhookVerifier().orElseThrow().verify(created))
                    .isEqualTo(new WebhookVerifier.Verdict.Valid(Optional.of(sim.webhookDeliveries().get(0).webhookId())));
            assertThat(adapter.webhookOrders().orElseThrow().ordersIn(created)).singleElement().satisfies(e -> {
                assertThat(e.orderId()).isEqualTo(orderId);
                assertThat(e.itemKey()).isEqualTo(ITEM_A); // variant_id -> inventory item, asked once
                assertThat(e.action()).isEqualTo(OrderAction.RESERVE);
                assertThat(e.quantity()).isEqualTo(2);
            });
            assertThat(cancelled.header("x-shopify-topic")).contains("orders/cancelled");
            assertThat(adapter.webhookVerifier().orElseThrow().verify(cancelled))
                    .isInstanceOf(WebhookVerifier.Verdict.Valid.class);
            assertThat(adapter.webhookOrders().orElseThrow().ordersIn(cancelled)).singleElement()
                    .extracting(OrderEvent::action, OrderEvent::itemKey).containsExactly(OrderAction.CANCEL, ITEM_A);
            assertThat(sim.operations()).containsExactly("ZaikoVariantInventoryItems");
            assertThat(sim.webhookDeliveries()).extracting(ShopifySimulator.WebhookDelivery::status).containsOnly(200);
        }
    }
}
