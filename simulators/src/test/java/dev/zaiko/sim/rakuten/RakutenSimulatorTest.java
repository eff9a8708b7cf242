package dev.zaiko.sim.rakuten;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.sim.FixtureLocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Rakuten simulator on its own: searchOrder answers in the real payload's shape and checks what it is sent. */
class RakutenSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RakutenSimulator sim = new RakutenSimulator(
            Clock.fixed(Instant.parse("2026-03-02T01:00:00Z"), ZoneOffset.UTC), "SP1_secret", "SL1_license");

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> searchOrder(String body) throws Exception {
        String esa = "ESA " + Base64.getEncoder().encodeToString("SP1_secret:SL1_license".getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + RakutenSimulator.SEARCH_ORDER))
                .header("Authorization", esa).header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void searchOrderAnswersWithTheRealPayloadsKeysAndMessage() throws Exception {
        sim.putSku("item-1", "normal-inventory", 5);
        String order = sim.buy("item-1:normal-inventory", 1).orderId();

        HttpResponse<String> answer = searchOrder("{\"dateType\":1,\"startDatetime\":\"2026-03-02T09:00:00+0900\","
                + "\"endDatetime\":\"2026-03-02T11:00:00+0900\",\"PaginationRequestModel\":{\"requestRecordsAmount\":30,"
                + "\"requestPage\":1}}");

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode real = JSON.readTree(FixtureLocator.read(RakutenSimulator.SEARCH_ORDER_FIXTURE));
        JsonNode ours = JSON.readTree(answer.body());
        assertThat(names(ours)).containsExactlyElementsOf(names(real));
        assertThat(ours.path("MessageModelList")).isEqualTo(real.path("MessageModelList"));
        assertThat(ours.path("orderNumberList")).extracting(JsonNode::asText).containsExactly(order);
        assertThat(ours.path("PaginationResponseModel").toString())
                .isEqualTo("{\"totalRecordsAmount\":1,\"totalPages\":1,\"requestPage\":1}");
    }

    @Test
    void aSearchWithoutDateTypeIsRefusedAsRakutenWould() throws Exception {
        HttpResponse<String> answer = searchOrder("{\"startDatetime\":\"2026-03-02T09:00:00+0900\","
                + "\"endDatetime\":\"2026-03-02T11:00:00+0900\",\"PaginationRequestModel\":{\"requestRecordsAmount\":30,"
                + "\"requestPage\":1}}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("ORDER_EXT_API_SEARCH_ORDER_ERROR");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
