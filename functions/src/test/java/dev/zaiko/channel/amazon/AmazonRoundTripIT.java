package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.VirtualClock;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.sim.RecordedCall;
import dev.zaiko.sim.amazon.AmazonSimulator;
import dev.zaiko.testsupport.SharedFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adapter and the SP-API simulator held to Amazon's own models (shared/fixtures/amazon-sp-api):
 * the simulator serves the sandbox getListingsItem answer and the adapter reads it; what the
 * simulator serves for FBA summaries uses only names the fbaInventory model defines.
 */
class AmazonRoundTripIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final VirtualClock time = new VirtualClock(Instant.parse("2026-03-01T00:00:00Z"));
    private AmazonSimulator sim;
    private AmazonAdapter adapter;

    @BeforeEach
    void start() {
        sim = new AmazonSimulator(time);
        adapter = new AmazonAdapter(new ChannelSettings("amazon-jp", "amazon", Map.of(
                "refreshToken", AmazonSimulator.REFRESH_TOKEN, "clientId", AmazonSimulator.CLIENT_ID,
                "clientSecret", AmazonSimulator.CLIENT_SECRET, "sellerId", AmazonSimulator.SELLER_ID),
                Map.of("baseUrl", sim.baseUrl().toString(), "lwaUrl", sim.baseUrl().toString()), time),
                new MallHttp(), time);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static JsonNode model(String file) throws Exception {
        return JSON.readTree(SharedFixtures.read("amazon-sp-api/" + file));
    }

    /** The static sandbox answer of getListingsItem (listingsItems_2021-08-01.json), SKU GM-ZDPI-9B4E. */
    private static JsonNode sandboxListing() throws Exception {
        return model("listingsItems_2021-08-01.json").path("paths").path("/listings/2021-08-01/items/{sellerId}/{sku}")
                .path("get").path("responses").path("200").path("x-amzn-api-sandbox").path("static").path(0)
                .path("response");
    }

    @Test
    void theSandboxListingAnswerIsServedAndItsDefaultQuantityRead() throws Exception {
        JsonNode recorded = sandboxListing();
        assertThat(recorded.path("sku").asText()).isEqualTo("GM-ZDPI-9B4E");
        sim.putRecordedListing("GM-ZDPI-9B4E", recorded);

        assertThat(adapter.shownStock().shownQuantity("GM-ZDPI-9B4E")).contains(100L);

        // What the adapter asked for is what the simulator needed to answer it: without
        // includedData=fulfillmentAvailability Amazon (and the simulator) would leave the quantity out.
        RecordedCall call = sim.calls().stream().filter(c -> c.path().startsWith("/listings/")).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(call.path()).isEqualTo("/listings/2021-08-01/items/" + AmazonSimulator.SELLER_ID + "/GM-ZDPI-9B4E");
        assertThat(call.query()).isEqualTo("marketplaceIds=A1VC38T7YXB528&includedData=fulfillmentAvailability");
    }

    @Test
    void theSandboxPatchAnswersAreTheShapeTheSimulatorAnswersWith() throws Exception {
        JsonNode patch200 = model("listingsItems_2021-08-01.json").path("paths")
                .path("/listings/2021-08-01/items/{sellerId}/{sku}").path("patch").path("responses").path("200")
                .path("x-amzn-api-sandbox").path("static");
        Set<String> sandboxKeys = new HashSet<>();
        patch200.forEach(answer -> answer.path("response").fieldNames().forEachRemaining(sandboxKeys::add));
        sim.putItem("SKU-A", 5);

        adapter.stock().write(java.util.List.of(new dev.zaiko.domain.channel.StockUpdate("SKU-A", 3)));

        assertThat(sandboxKeys).containsExactlyInAnyOrder("sku", "status", "submissionId", "identifiers", "issues");
        assertThat(sim.shownQuantity("SKU-A")).hasValue(3);
        assertThat(patch200).allSatisfy(answer ->
                assertThat(answer.path("response").path("status").asText()).isIn("ACCEPTED", "INVALID", "VALID"));
    }

    /**
     * fbaInventory.json has no static sandbox answer for getInventorySummaries (its sandbox is
     * {@code "dynamic": {}}), so the simulator's answer is held to the model's definitions instead.
     */
    @Test
    void theFbaSummariesTheSimulatorServesUseOnlyFieldsTheModelDefines() throws Exception {
        JsonNode fbaModel = model("fbaInventory.json");
        assertThat(fbaModel.path("paths").path("/fba/inventory/v1/summaries").path("x-amzn-api-sandbox").toString())
                .isEqualTo("{\"dynamic\":{}}");
        sim.putFbaItem("FBA-1", 12);

        assertThat(adapter.fbaInventory().orElseThrow().fulfillableQuantities()).containsExactly(Map.entry("FBA-1", 12L));

        JsonNode definitions = fbaModel.path("definitions");
        String body = sim.calls().stream().filter(c -> c.path().startsWith("/fba/inventory/")).reduce((a, b) -> b)
                .map(c -> replay(c)).orElseThrow();
        JsonNode summary = JSON.readTree(body).path("payload").path("inventorySummaries").path(0);
        assertThat(names(summary)).isSubsetOf(names(definitions.path("InventorySummary").path("properties")));
        assertThat(names(summary.path("inventoryDetails")))
                .isSubsetOf(names(definitions.path("InventoryDetails").path("properties")));
        assertThat(summary.path("inventoryDetails").path("fulfillableQuantity").asLong()).isEqualTo(12);
    }

    private String replay(RecordedCall call) {
        try {
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(sim.baseUrl() + call.path() + "?" + call.query()));
            call.headers().forEach((name, values) -> {
                if (!Set.of("host", "content-length", "connection", "upgrade", "http2-settings")
                        .contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            return java.net.http.HttpClient.newHttpClient().send(request.GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
