package dev.zaiko.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.sim.shopify.ShopifySimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /webhooks/{channelId}} through the same {@code WebhookHandler} the HTTP API invokes
 * on AWS: real signed deliveries from the Shopify simulator, and every way a delivery is refused.
 */
@ExtendWith(AwsTestBed.class)
class WebhookGatewayIT {
    static final String SECRET = "whsec-gateway";
    static final String ITEM = "808950810@655441491";

    private final TestAws aws;
    private LocalRuntime runtime;
    private ShopifySimulator shopify;

    WebhookGatewayIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        runtime = new LocalRuntime(aws, TestAws.freshSuffix());
        shopify = new ShopifySimulator().clientCredentials("client-1", "secret-1")
                .webhooks(runtime.webhookUrl("shopify-main"), SECRET);
        runtime.addChannel("shopify-main", "shopify", shopify,
                Map.of("clientId", "client-1", "clientSecret", "secret-1", "webhookSecret", SECRET),
                Map.of("locationId", "gid://shopify/Location/655441491"), Duration.ofMinutes(1), true);
        shopify.putItem(ITEM, 10);
        runtime.ledger.define("A", 10, Optional.empty(), Optional.empty(), Optional.empty(), ChangeSource.admin("t"));
        runtime.ledger.mapListing(new ListingKey("shopify-main", ITEM), List.of(new Component("A", 1)), false);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private long available() {
        return runtime.store.readStock(List.of("A")).get("A").available();
    }

    /** The channel's order lines in the ledger (no poll runs in these tests: only webhooks can write them). */
    private List<dev.zaiko.domain.OrderLine> lines() {
        return runtime.store.allLines().stream().filter(l -> l.channelId().equals("shopify-main")).toList();
    }

    @Test
    void aSignedDeliveryIsAppliedAtOnceAndTheSameWebhookIdTwiceIsAppliedOnce() throws Exception {
        assertThat(lines()).isEmpty();
        assertThat(shopify.buy(ITEM, 3).accepted()).isTrue();
        ShopifySimulator.WebhookDelivery first = shopify.webhookDeliveries().get(0);
        assertThat(first.status()).isEqualTo(200);
        // The create itself was applied: one RESERVED line of 3 taken from A, journaled from the webhook's order.
        assertThat(lines()).singleElement().satisfies(line -> {
            assertThat(line.state()).isEqualTo(dev.zaiko.domain.LineState.RESERVED);
            assertThat(line.quantity()).isEqualTo(3);
            assertThat(line.taken()).isEqualTo(Map.of("A", 3L));
        });
        assertThat(available()).isEqualTo(7);

        HttpResponse<String> again = post("shopify-main", first.body().getBytes(StandardCharsets.UTF_8),
                headers(first.topic(), first.webhookId(), ShopifySimulator.hmac(SECRET,
                        first.body().getBytes(StandardCharsets.UTF_8))));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(available()).isEqualTo(7);
    }

    @Test
    void refusedDeliveriesChangeNothing() throws Exception {
        shopify.buy(ITEM, 1);
        ShopifySimulator.WebhookDelivery delivery = shopify.webhookDeliveries().get(0);
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        String signature = ShopifySimulator.hmac(SECRET, body);
        long before = available();
        byte[] tampered = body.clone();
        tampered[tampered.length / 2] ^= 1;

        assertThat(post("shopify-main", tampered, headers("orders/create", "w-2", signature)).statusCode())
                .isEqualTo(401);
        assertThat(post("shopify-main", body, headers("orders/create", "w-3",
                ShopifySimulator.hmac("wrong-secret", body))).statusCode()).isEqualTo(401);
        Map<String, String> unsigned = headers("orders/create", "w-4", signature);
        unsigned.remove("X-Shopify-Hmac-Sha256");
        assertThat(post("shopify-main", body, unsigned).statusCode()).isEqualTo(401);
        byte[] garbage = "{\"id\": \"not an order\"".getBytes(StandardCharsets.UTF_8);
        assertThat(post("shopify-main", garbage, headers("orders/create", "w-5",
                ShopifySimulator.hmac(SECRET, garbage))).statusCode()).isEqualTo(400);
        assertThat(post("rakuten-main", body, headers("orders/create", "w-6", signature)).statusCode())
                .isEqualTo(404);
        byte[] huge = new byte[600 * 1024];
        assertThat(post("shopify-main", huge, headers("orders/create", "w-7", ShopifySimulator.hmac(SECRET, huge)))
                .statusCode()).isEqualTo(413);

        assertThat(available()).isEqualTo(before);
        assertThat(runtime.pushQueue("shopify-main").visibleCount()).isZero();
    }

    @Test
    void theHandlerTakesTheApiGatewayEventAsLambdaDeliversIt() {
        shopify.buy(ITEM, 2);
        ShopifySimulator.WebhookDelivery delivery = shopify.webhookDeliveries().get(0);
        // The create was applied (else a cancel "restoring" to 10 would prove nothing).
        assertThat(available()).isEqualTo(8);
        assertThat(lines()).singleElement().satisfies(l -> assertThat(l.state())
                .isEqualTo(dev.zaiko.domain.LineState.RESERVED));
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /webhooks/{channelId}")
                .withPathParameters(Map.of("channelId", "shopify-main"))
                .withHeaders(headers("orders/cancelled", "w-cancel", ShopifySimulator.hmac(SECRET,
                        cancelledBody(delivery.body()).getBytes(StandardCharsets.UTF_8))))
                .withBody(cancelledBody(delivery.body()))
                .withIsBase64Encoded(false)
                .build();

        APIGatewayV2HTTPResponse response = runtime.webhookHandler().handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(available()).isEqualTo(10);
        assertThat(lines()).singleElement().satisfies(l -> {
            assertThat(l.state()).isEqualTo(dev.zaiko.domain.LineState.CANCELLED);
            assertThat(l.taken()).isEqualTo(Map.of("A", 2L));
        });
    }

    private static String cancelledBody(String createdBody) {
        return createdBody.replaceFirst("\"cancelled_at\"\\s*:\\s*null", "\"cancelled_at\":\"2026-11-23T12:00:00+09:00\"");
    }

    private static Map<String, String> headers(String topic, String webhookId, String hmac) {
        Map<String, String> headers = new HashMap<>();
        headers.put("X-Shopify-Topic", topic);
        headers.put("X-Shopify-Webhook-Id", webhookId);
        headers.put("X-Shopify-Hmac-Sha256", hmac);
        headers.put("X-Shopify-Shop-Domain", "zaiko-test.myshopify.com");
        headers.put("Content-Type", "application/json");
        return headers;
    }

    private HttpResponse<String> post(String channelId, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runtime.webhookUrl(channelId).toString()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
