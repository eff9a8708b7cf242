package dev.zaiko.sim.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.sim.FixtureLocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The SP-API simulator on its own: LWA, the token check, and a recorded sandbox answer served as Amazon filters it. */
class AmazonSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AmazonSimulator sim = new AmazonSimulator(
            Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC));
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        sim.close();
    }

    private String token() throws Exception {
        String form = "grant_type=refresh_token&refresh_token=" + java.net.URLEncoder.encode(AmazonSimulator.REFRESH_TOKEN,
                java.nio.charset.StandardCharsets.UTF_8) + "&client_id=" + AmazonSimulator.CLIENT_ID + "&client_secret="
                + AmazonSimulator.CLIENT_SECRET;
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/auth/o2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body()).path("access_token").asText();
    }

    private HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery));
        if (token != null) {
            request.header("x-amz-access-token", token);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSandboxListingIsServedWithOnlyTheRequestedSections() throws Exception {
        JsonNode sandbox = JSON.readTree(FixtureLocator.read("amazon-sp-api/listingsItems_2021-08-01.json"))
                .path("paths").path("/listings/2021-08-01/items/{sellerId}/{sku}").path("get").path("responses")
                .path("200").path("x-amzn-api-sandbox").path("static").path(0).path("response");
        sim.putRecordedListing("GM-ZDPI-9B4E", sandbox);
        String token = token();

        JsonNode availability = JSON.readTree(get("/listings/2021-08-01/items/" + AmazonSimulator.SELLER_ID
                + "/GM-ZDPI-9B4E?marketplaceIds=A1VC38T7YXB528&includedData=fulfillmentAvailability", token).body());
        JsonNode summaries = JSON.readTree(get("/listings/2021-08-01/items/" + AmazonSimulator.SELLER_ID
                + "/GM-ZDPI-9B4E?marketplaceIds=A1VC38T7YXB528", token).body());

        assertThat(names(availability)).containsExactly("sku", "fulfillmentAvailability");
        assertThat(availability.path("fulfillmentAvailability")).isEqualTo(sandbox.path("fulfillmentAvailability"));
        assertThat(names(summaries)).containsExactly("sku", "summaries"); // includedData defaults to summaries
    }

    @Test
    void everySpApiRouteWantsAnAccessToken() throws Exception {
        HttpResponse<String> answer = get("/fba/inventory/v1/summaries?details=true&granularityType=Marketplace"
                + "&granularityId=A1VC38T7YXB528&marketplaceIds=A1VC38T7YXB528", null);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(answer.body()).path("errors").path(0).path("code").asText())
                .isEqualTo("MissingAuthenticationToken");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
