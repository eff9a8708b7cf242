package dev.zaiko.sim.makeshop;

import dev.zaiko.sim.SimHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The makeshop simulator holds callers to the schema file (our SDL; stock operations marked unconfirmed). */
class MakeshopSimulatorTest {
    private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");
    private static final Map<String, String> HEADERS = Map.of("authorization", "Bearer PAT.t", "x-api-key", "k",
            "x-timestamp", Long.toString(NOW.getEpochSecond()));
    private final MakeshopSimulator mall = new MakeshopSimulator(Clock.fixed(NOW, ZoneOffset.UTC), "PAT.t", "k");
    private final URI endpoint = mall.baseUrl().resolve(MakeshopSimulator.GRAPHQL_PATH);

    @AfterEach
    void stop() {
        mall.close();
    }

    @Test
    void anOrderFieldTheSchemaLacksIsRefused() {
        SimHttp.Answer answer = SimHttp.graphql(endpoint, HEADERS, "searchOrder", """
                query searchOrder($input: SearchOrderRequest!) {
                  searchOrder(input: $input) { orders { systemOrderNumber buyerEmail } }
                }""", "{\"input\": {\"startOrderDate\": \"20260501000000\", \"endOrderDate\": \"20260501235959\"}}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().at("/errors/0/extensions/code").asText()).isEqualTo("GRAPHQL_VALIDATION_FAILED");
        assertThat(answer.body().at("/errors/0/message").asText()).contains("buyerEmail");
    }

    @Test
    void anUnknownInputFieldInTheVariablesIsRefusedBeforeAnyStockChanges() {
        mall.putItem("000000000101", 2);
        String document = """
                mutation updateProductQuantity($input: UpdateProductQuantityRequest!) {
                  updateProductQuantity(input: $input) { results { systemCode status } }
                }""";
        SimHttp.Answer refused = SimHttp.graphql(endpoint, HEADERS, "updateProductQuantity", document,
                "{\"input\": {\"products\": [{\"systemCode\": \"000000000101\", \"quantity\": 5, \"mode\": \"ADD\"}]}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(mall.shownQuantity("000000000101")).hasValue(2);

        SimHttp.Answer ok = SimHttp.graphql(endpoint, HEADERS, "updateProductQuantity", document,
                "{\"input\": {\"products\": [{\"systemCode\": \"000000000101\", \"quantity\": 5}]}}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().at("/data/updateProductQuantity/results/0/status").asText()).isEqualTo("SUCCESS");
        assertThat(mall.shownQuantity("000000000101")).hasValue(5);
    }
}
