package dev.zaiko.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.admin.AdminApi;
import dev.zaiko.app.ops.Ops;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.support.LedgerFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin Lambda on an HTTP API v2 event as API Gateway sends it after the JWT authorizer, on the embedded SQL store. */
@ExtendWith(AwsTestBed.class)
class AdminApiHandlerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestAws aws;
    private LedgerFixture f;
    private AdminApiHandler handler;

    AdminApiHandlerIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void setUp() {
        f = new LedgerFixture(aws);
        ChannelDirectory oneChannel = new ChannelDirectory() {
            @Override
            public List<Entry> channels() {
                return List.of(new Entry("rakuten-main", "rakuten"));
            }

            @Override
            public ChannelAdapter adapter(String channelId) {
                throw new IllegalStateException("no mall in this test");
            }

            @Override
            public int pushQueueDepth(String channelId) {
                return 0;
            }
        };
        handler = new AdminApiHandler(new AdminApi(Ops.create(f.ledger, f.store, oneChannel,
                f.stores.channelStates(), f.stores.pushLog(),
                Clock.systemUTC())));
        f.stock("TS-NAVY-M", 5);
    }

    @Test
    void anAdjustmentIsJournaledWithTheSignedInUsersEmail() throws Exception {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("../events/apigw/admin-stock-adjust.json");

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Cache-Control", "no-store");
        JsonNode body = JSON.readTree(response.getBody());
        assertThat(body.path("edited").get(0).path("after").path("available").asLong()).isEqualTo(8);
        assertThat(f.available("TS-NAVY-M")).isEqualTo(8);
        assertThat(f.store.journal("TS-NAVY-M", 1).get(0).source().toString()).isEqualTo("admin:seller@example.com");
    }

    @Test
    void aBulkEditThatDoesNotFitChangesNothingAndSaysWhy() throws Exception {
        f.stock("TS-NAVY-L", 1);
        APIGatewayV2HTTPResponse response = handler.handleRequest(request("POST", "/admin/stock/adjust", "",
                "{\"skus\":[\"TS-NAVY-M\",\"TS-NAVY-L\",\"NO-SUCH\"],\"op\":\"subtract\",\"quantity\":2}"), null);

        assertThat(response.getStatusCode()).isEqualTo(422);
        JsonNode errors = JSON.readTree(response.getBody()).path("errors");
        assertThat(errors).extracting(e -> e.path("message").asText()).containsExactly(
                "cannot subtract 2 from TS-NAVY-L: only 1 available", "no SKU NO-SUCH in the ledger");
        // The console translates by these codes, never by the English text.
        assertThat(errors).extracting(e -> e.path("code").asText()).doesNotContain("").hasSize(2);
        assertThat(f.available("TS-NAVY-M")).isEqualTo(5);
        assertThat(f.available("TS-NAVY-L")).isEqualTo(1);

        APIGatewayV2HTTPResponse negative = handler.handleRequest(request("POST", "/admin/stock/adjust", "",
                "{\"skus\":[\"TS-NAVY-M\"],\"op\":\"set\",\"quantity\":-1}"), null);
        assertThat(negative.getStatusCode()).isEqualTo(400);
        assertThat(negative.getBody()).contains("quantity must be a whole number from 0 to");
    }

    @Test
    void linkUnlinkAndLinkAgainNeverReuseAVersion() throws Exception {
        String link = "{\"channelId\":\"rakuten-main\",\"itemKey\":\"tshirt-001:navy-m\",\"components\":[{\"sku\":\"TS-NAVY-M\",\"units\":1}]}";
        assertThat(handler.handleRequest(request("POST", "/admin/listings/link", "", link), null).getStatusCode())
                .isEqualTo(200);
        ListingKey key = new ListingKey("rakuten-main", "tshirt-001:navy-m");
        assertThat(f.store.findListing(key).orElseThrow().version()).isEqualTo(1);

        APIGatewayV2HTTPResponse unlinked = handler.handleRequest(request("POST", "/admin/listings/unlink", "",
                "{\"channelId\":\"rakuten-main\",\"itemKey\":\"tshirt-001:navy-m\"}"), null);
        assertThat(unlinked.getStatusCode()).isEqualTo(200);
        assertThat(f.store.findListing(key)).isEmpty();
        assertThat(f.store.listingsContaining("TS-NAVY-M")).isEmpty();
        assertThat(handler.handleRequest(request("POST", "/admin/listings/unlink", "",
                "{\"channelId\":\"rakuten-main\",\"itemKey\":\"tshirt-001:navy-m\"}"), null).getStatusCode()).isEqualTo(404);

        f.ledger.mapListing(key, List.of(new Component("TS-NAVY-M", 2)), false);
        // 1 linked, 2 the unlink's tombstone, 3 linked again: a mapping cached as version 1 cannot pass the guard.
        assertThat(f.store.findListing(key).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void theStockTablePagesAndSearchesOnTheServer() throws Exception {
        f.stock("TS-NAVY-L", 7);
        f.stock("MUG-WHITE", 3);

        JsonNode page = JSON.readTree(handler.handleRequest(request("GET", "/admin/stock", "q=navy&limit=1&offset=1",
                null), null).getBody());
        assertThat(page.path("total").asInt()).isEqualTo(2);
        assertThat(page.path("items")).extracting(i -> i.path("sku").asText()).containsExactly("TS-NAVY-M");
        JsonNode low = JSON.readTree(handler.handleRequest(request("GET", "/admin/stock", "below=5", null), null)
                .getBody());
        assertThat(low.path("items")).extracting(i -> i.path("sku").asText()).containsExactly("MUG-WHITE");
        assertThat(handler.handleRequest(request("GET", "/admin/stock", "limit=0", null), null).getStatusCode())
                .isEqualTo(400);
    }

    @Test
    void eachChannelCarriesItsMallFromTheRegistry() throws Exception {
        JsonNode channels = JSON.readTree(handler.handleRequest(request("GET", "/admin/channels", null, null), null)
                .getBody()).path("channels");
        assertThat(channels).hasSize(1);
        JsonNode mall = channels.get(0).path("mall");
        assertThat(mall.path("type").asText()).isEqualTo("rakuten");
        assertThat(mall.path("name").path("ja").asText()).isEqualTo("楽天市場");
        assertThat(mall.path("name").path("en").asText()).isEqualTo("Rakuten Ichiba");
        assertThat(mall.path("orderWebhook").asBoolean(true)).isFalse();
        assertThat(mall.path("fixedIp").asBoolean(true)).isFalse();
        assertThat(mall.path("rateLimits").asText()).startsWith("Inventory API 1 req/s writes");
    }

    private static APIGatewayV2HTTPEvent request(String method, String path, String query, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(path).withRawQueryString(query)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                                .build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(Map.of("email", "seller@example.com")).build()).build())
                        .build())
                .withBody(body == null ? null : Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))
                .withIsBase64Encoded(body != null)
                .build();
    }

    @Test
    void refreshingOnAwsNeedsTheReconcilersArnAndBuildsNoClientBeforeTheFirstPress() {
        java.util.function.Predicate<String> noFixedIp = id -> false;
        assertThat(dev.zaiko.config.FlowWiring.reconcileTrigger(Map.of(), noFixedIp)).isEmpty();
        assertThat(dev.zaiko.config.FlowWiring.reconcileTrigger(Map.of("RECONCILER_FUNCTION_ARN", " "), noFixedIp))
                .isEmpty();
        // present without any AWS call: the Lambda client is made at the first 再取得 (never during a SnapStart init)
        assertThat(dev.zaiko.config.FlowWiring.reconcileTrigger(Map.of("RECONCILER_FUNCTION_ARN",
                "arn:aws:lambda:ap-northeast-1:123456789012:function:zaiko-reconciler:live"), noFixedIp))
                .isPresent();
    }
}
