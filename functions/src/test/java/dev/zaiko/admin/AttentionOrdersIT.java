package dev.zaiko.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.app.ops.Ops;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.RejectedOrder;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.SellerScreen;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.support.LedgerFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.zaiko.support.LedgerFixture.reserve;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 要対応の注文 as the admin API answers it: the mall's own order name or number, the SKUs and product
 * names from the listing's mapping and the stock records, and the order's page in the mall's seller
 * screen where the mall has one (each mall's {@link SellerScreen} from its options).
 */
@ExtendWith(AwsTestBed.class)
class AttentionOrdersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Map<String, String>> OPTIONS = Map.of(
            "shopify-main", Map.of("shopDomain", "demo.myshopify.com", "locationId", "655441491"),
            "rakuten-main", Map.of(), "qoo10-main", Map.of());
    private final TestAws aws;
    private LedgerFixture f;
    private AdminApi api;

    AttentionOrdersIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void setUp() {
        f = new LedgerFixture(aws);
        ChannelDirectory channels = new ChannelDirectory() {
            @Override
            public List<Entry> channels() {
                return List.of(new Entry("qoo10-main", "qoo10"), new Entry("rakuten-main", "rakuten"),
                        new Entry("shopify-main", "shopify"));
            }

            @Override
            public ChannelAdapter adapter(String channelId) {
                throw new IllegalStateException("no mall in this test");
            }

            @Override
            public int pushQueueDepth(String channelId) {
                return 0;
            }

            @Override
            public SellerScreen sellerScreen(String channelId) {
                return ChannelAdapterFactory.all().get(find(channelId).orElseThrow().type())
                        .sellerScreen(OPTIONS.get(channelId));
            }
        };
        RejectedOrder rejected = new RejectedOrder("shopify-main", "gid://shopify/Order/5200000199",
                "order 5200000199: lineItems.nodes is missing",
                "{\"id\":\"gid://shopify/Order/5200000199\",\"name\":\"#1007\",\"updatedAt\":\"2026-11-23T00:00:00Z\"}",
                Instant.parse("2026-11-23T00:10:00Z"));
        api = new AdminApi(Ops.create(f.ledger, f.store, channels, f.stores.channelStates(), f.stores.pushLog(),
                (channelId, limit) -> channelId.equals("shopify-main") ? List.of(rejected) : List.of(),
                Clock.systemUTC()));
        f.ledger.define("TEA-1", 1, Optional.empty(), Optional.empty(), Optional.of("煎茶 100g"),
                ChangeSource.admin("test"));
        f.ledger.define("CUP-1", 5, Optional.empty(), Optional.empty(), Optional.of("湯呑み"),
                ChangeSource.admin("test"));
        f.map("shopify-main", "808950810@655441491", new Component("TEA-1", 1), new Component("CUP-1", 2));
        f.map("rakuten-main", "tea:100g", new Component("TEA-1", 1));
    }

    private JsonNode get(String path) throws Exception {
        String[] parts = path.split("\\?", 2);
        AdminResponse response = api.handle(AdminRequest.of("GET", parts[0], parts[1], new byte[0]));
        assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
        return JSON.readTree(response.bodyText());
    }

    @Test
    void anOversoldSetShowsShopifysOrderNameItsSkusAndNamesAndTheAdminLink() throws Exception {
        f.ledger.apply(reserve("rakuten-main", "123456-20261123-0000000001", "tea:100g", 1));
        f.ledger.apply(reserve("shopify-main", "5200000102", "808950810@655441491", 2).withOrderName("#1001"));

        JsonNode lines = get("/admin/orders?state=OVERSOLD").path("lines");

        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(line.path("orderId").asText()).isEqualTo("5200000102");
        assertThat(line.path("orderName").asText()).isEqualTo("#1001");
        // the set's components as the mapping holds them (by SKU)
        assertThat(line.path("items").toString()).isEqualTo("[{\"sku\":\"CUP-1\",\"name\":\"湯呑み\",\"units\":2},"
                + "{\"sku\":\"TEA-1\",\"name\":\"煎茶 100g\",\"units\":1}]");
        assertThat(line.path("orderUrl").asText()).isEqualTo("https://demo.myshopify.com/admin/orders/5200000102");
        assertThat(line.path("orderUrlConfirmed").asBoolean()).isTrue();
        assertThat(line.path("shortfall").toString()).isEqualTo("{\"TEA-1\":2}");
    }

    @Test
    void anUnmappedLineOfAMallWithoutAPublicOrderPageShowsItsOrderIdAndNoLink() throws Exception {
        f.ledger.apply(reserve("qoo10-main", "q-100", "unknown-item", 1));
        f.ledger.apply(reserve("rakuten-main", "123456-20261123-0000000002", "not-linked", 3));

        JsonNode lines = get("/admin/orders?state=UNMAPPED").path("lines");

        assertThat(lines).extracting(l -> l.path("orderName").asText())
                .containsExactlyInAnyOrder("q-100", "123456-20261123-0000000002");
        JsonNode qoo10 = lines.get(0).path("channelId").asText().equals("qoo10-main") ? lines.get(0) : lines.get(1);
        JsonNode rakuten = qoo10 == lines.get(0) ? lines.get(1) : lines.get(0);
        assertThat(qoo10.path("orderUrl").isNull()).isTrue();
        assertThat(qoo10.path("orderUrlConfirmed").asBoolean()).isFalse();
        assertThat(qoo10.path("items").size()).isZero();
        assertThat(rakuten.path("orderUrl").asText()).isEqualTo("https://order-rp.rms.rakuten.co.jp/order-rb/"
                + "individual-order-detail-sc/init?orderNumber=123456-20261123-0000000002");
    }

    @Test
    void aQuarantinedShopifyOrderShowsTheNameFromWhatTheMallSentAndItsAdminLink() throws Exception {
        JsonNode lines = get("/admin/orders?state=REJECTED").path("lines");

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).path("orderId").asText()).isEqualTo("gid://shopify/Order/5200000199");
        assertThat(lines.get(0).path("orderName").asText()).isEqualTo("#1007");
        assertThat(lines.get(0).path("orderUrl").asText()).isEqualTo("https://demo.myshopify.com/admin/orders/5200000199");
    }
}
