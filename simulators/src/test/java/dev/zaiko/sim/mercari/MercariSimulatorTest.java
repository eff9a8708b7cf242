package dev.zaiko.sim.mercari;

import dev.zaiko.sim.SimHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Mercari Shops simulator holds callers to the schema file (our SDL from Mercari's docs). */
class MercariSimulatorTest {
    private static final Map<String, String> HEADERS = Map.of("Authorization", "Bearer t", "User-Agent", "TEST/1.0");
    private final MercariSimulator mall = new MercariSimulator(
            Clock.fixed(Instant.parse("2026-05-01T00:00:00Z"), ZoneOffset.UTC), "t");
    private final URI endpoint = mall.baseUrl().resolve(MercariSimulator.GRAPHQL_PATH);

    @AfterEach
    void stop() {
        mall.close();
    }

    @Test
    void theOldOrderTransactionsDocumentIsRefusedNamingWhatMercariLacks() {
        SimHttp.Answer answer = SimHttp.graphql(endpoint, HEADERS, "orderTransactions", """
                query orderTransactions($first: Int, $orderedDateLt: DateTime) {
                  orderTransactions(first: $first, orderedDateLt: $orderedDateLt) {
                    edges { node { id products { purchasedQuantity } } }
                  }
                }""", "{\"first\": 10}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().at("/errors/0/extensions/code").asText()).isEqualTo("GRAPHQL_VALIDATION_FAILED");
        assertThat(answer.body().at("/errors/0/message").asText()).contains("orderTransactions");
    }

    @Test
    void aProductFieldThatDoesNotExistIsRefused() {
        SimHttp.Answer answer = SimHttp.graphql(endpoint, HEADERS, "orders", """
                query orders { orders(first: 1) { edges { node { id products { purchasedQuantity } } } } }""", "{}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().at("/errors/0/message").asText()).contains("purchasedQuantity");
    }

    @Test
    void theVariantsInputFormIsRefusedAndTheInputsListIsAccepted() {
        mall.putItem("SKU-1", 1);
        SimHttp.Answer old = SimHttp.graphql(endpoint, HEADERS, "updateProductVariants", """
                mutation updateProductVariants($input: UpdateProductVariantsInput!) {
                  updateProductVariants(input: $input) { productVariants { id } }
                }""", "{\"input\": {\"variants\": [{\"by\": {\"skuCode\": \"SKU-1\"}, \"stockQuantity\": 3}]}}");
        assertThat(old.status()).isEqualTo(400);
        assertThat(old.body().at("/errors/0/message").asText()).contains("input");
        assertThat(mall.shownQuantity("SKU-1")).hasValue(1);

        String documented = """
                mutation updateProductVariants($inputs: [UpdateProductVariantsInput!]!) {
                  updateProductVariants(inputs: $inputs) { productVariants { skuCode stockQuantity } }
                }""";
        SimHttp.Answer ok = SimHttp.graphql(endpoint, HEADERS, "updateProductVariants", documented,
                "{\"inputs\": [{\"by\": {\"skuCode\": \"SKU-1\"}, \"input\": {\"stockQuantity\": 3}}]}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().at("/data/updateProductVariants/productVariants/0/stockQuantity").asLong()).isEqualTo(3);
        assertThat(mall.shownQuantity("SKU-1")).hasValue(3);

        // an input field the schema lacks, inside a valid document, fails on the variables
        SimHttp.Answer unknownField = SimHttp.graphql(endpoint, HEADERS, "updateProductVariants", documented,
                "{\"inputs\": [{\"by\": {\"skuCode\": \"SKU-1\"}, \"input\": {\"stockQuantity\": 4, \"price\": 1}}]}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(mall.shownQuantity("SKU-1")).hasValue(3);
    }

    @Test
    void stockAbove9999IsOutOfRangeAsMercariDocumentsIt() {
        mall.putItem("SKU-2", 1);
        SimHttp.Answer answer = SimHttp.graphql(endpoint, HEADERS, "updateProductVariants", """
                mutation updateProductVariants($inputs: [UpdateProductVariantsInput!]!) {
                  updateProductVariants(inputs: $inputs) { productVariants { skuCode } }
                }""", "{\"inputs\": [{\"by\": {\"skuCode\": \"SKU-2\"}, \"input\": {\"stockQuantity\": 10000}}]}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().at("/errors/0/extensions/code").asText()).isEqualTo("PRODUCT_VARIANT_STOCK_OUT_OF_RANGE");
        assertThat(mall.shownQuantity("SKU-2")).hasValue(1);
    }

    @Test
    void ordersHaveNoQuantityFieldAndListOneProductPerUnit() {
        mall.putItem("SKU-3", 5);
        mall.buy("SKU-3", 2);
        SimHttp.Answer answer = SimHttp.graphql(endpoint, HEADERS, "orders", """
                query orders($updatedDateGte: DateTime) {
                  orders(first: 10, updatedDateGte: $updatedDateGte) {
                    edges { node { id status updatedAt products { variant { skuCode } } } }
                    pageInfo { hasNextPage endCursor }
                  }
                }""", "{\"updatedDateGte\": \"2026-04-30T00:00:00Z\"}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().at("/data/orders/edges/0/node/products").size()).isEqualTo(2);
        assertThat(answer.body().at("/data/orders/edges/0/node/products/1/variant/skuCode").asText()).isEqualTo("SKU-3");
    }
}
