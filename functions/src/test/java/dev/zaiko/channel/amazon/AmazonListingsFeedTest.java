package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockUpdate;
import dev.zaiko.testsupport.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AmazonListingsFeedTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode schema() throws Exception {
        return JSON.readTree(SharedFixtures.read("amazon-sp-api/listings-feed-schema-v2.json"));
    }

    @Test
    void generatedFeedSatisfiesTheListingsFeedSchema() throws Exception {
        String document = AmazonListingsFeed.document("A2SELLER", "PRODUCT",
                List.of(new StockUpdate("SKU-1", 7), new StockUpdate("SKU 2/白", 0), new StockUpdate("SKU-3", 120)));
        JsonNode feed = JSON.readTree(document);

        assertThat(FeedSchemaCheck.violations(schema(), feed)).isEmpty();
        assertThat(feed.path("header").path("sellerId").asText()).isEqualTo("A2SELLER");
        assertThat(feed.path("messages")).hasSize(3);
        JsonNode second = feed.path("messages").path(1);
        assertThat(second.path("messageId").asInt()).isEqualTo(2);
        assertThat(second.path("sku").asText()).isEqualTo("SKU 2/白");
        assertThat(second.path("operationType").asText()).isEqualTo("PATCH");
        assertThat(second.path("patches").toString()).isEqualTo(
                "[{\"op\":\"merge\",\"path\":\"/attributes/fulfillment_availability\","
                        + "\"value\":[{\"fulfillment_channel_code\":\"DEFAULT\",\"quantity\":0}]}]");
    }

    @Test
    void theCheckAcceptsAmazonsExampleAndCatchesBrokenMessages() throws Exception {
        JsonNode example = JSON.readTree(SharedFixtures.read("amazon-sp-api/listings-feed-schema-v2.example.json"));
        assertThat(FeedSchemaCheck.violations(schema(), example)).isEmpty();

        ObjectNode broken = (ObjectNode) JSON.readTree(AmazonListingsFeed.document("A2SELLER", "PRODUCT",
                List.of(new StockUpdate("SKU-1", 7))));
        ObjectNode message = (ObjectNode) broken.path("messages").path(0);
        message.remove("productType");
        message.put("attributes", "x");
        ((ObjectNode) message.path("patches").path(0)).put("op", "upsert");
        ((ObjectNode) broken.path("header")).put("version", "1.0");

        assertThat(FeedSchemaCheck.violations(schema(), broken)).containsExactlyInAnyOrder(
                "header.version must be \"2.0\"",
                "messages[0].productType is required",
                "messages[0].attributes is not allowed for PATCH",
                "messages[0].patches[0].op \"upsert\" is not one of [\"add\",\"replace\",\"merge\",\"delete\"]");
    }

    @Test
    void processingReportExampleMapsToOneResultPerMessage() throws Exception {
        JsonNode report = JSON.readTree(
                SharedFixtures.read("amazon-sp-api/listings-feed-processing-report-schema-v2.example.json"));
        List<StockUpdate> sent = List.of(new StockUpdate("A", 1), new StockUpdate("B", 2), new StockUpdate("C", 3),
                new StockUpdate("D", 4), new StockUpdate("E", 5));

        List<PushResult> results = AmazonListingsFeed.results(report, sent);

        assertThat(results).extracting(PushResult::itemKey, PushResult::status, PushResult::mallCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("A", PushStatus.OK, ""),
                        org.assertj.core.groups.Tuple.tuple("B", PushStatus.OK, ""),
                        org.assertj.core.groups.Tuple.tuple("C", PushStatus.OK, ""),
                        org.assertj.core.groups.Tuple.tuple("D", PushStatus.REJECTED, "90220"),
                        org.assertj.core.groups.Tuple.tuple("E", PushStatus.REJECTED, "99022"));
        assertThat(results.get(3).message()).isEqualTo(
                "90220 '[batteries_required]' is required but not supplied.; "
                        + "90220 '[supplier_declared_dg_hz_regulation]' is required but not supplied.");
    }

    @Test
    void anErrorNotTiedToAMessageRejectsEveryMessage() throws Exception {
        JsonNode report = JSON.readTree("{\"header\":{},\"issues\":[{\"code\":\"4000\",\"severity\":\"ERROR\","
                + "\"message\":\"feed is not valid JSON\"}],\"summary\":{}}");

        assertThat(AmazonListingsFeed.results(report, List.of(new StockUpdate("A", 1), new StockUpdate("B", 0))))
                .extracting(PushResult::status).containsExactly(PushStatus.REJECTED, PushStatus.REJECTED);
    }
}
