package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.domain.channel.FbaInventory;
import dev.zaiko.testsupport.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FBA_INVENTORY_AVAILABILITY_CHANGES against Amazon's own schema and its example payload. */
class AmazonFbaInventoryChangeParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A notification built from the schema's own examples (the schema has no whole-message example). */
    private static ObjectNode fromSchemaExample() throws Exception {
        JsonNode schema = JSON.readTree(SharedFixtures.read("amazon-sp-api/FBAInventoryAvailabilityChangeNotification.json"));
        ObjectNode root = JSON.createObjectNode();
        root.put("NotificationVersion", schema.at("/properties/NotificationVersion/examples/0").asText());
        root.put("NotificationType", schema.at("/properties/NotificationType/enum/0").asText());
        root.put("PayloadVersion", schema.at("/properties/PayloadVersion/examples/0").asText());
        root.put("EventTime", schema.at("/properties/EventTime/examples/0").asText());
        root.set("Payload", schema.at("/properties/Payload/examples/0").deepCopy());
        root.putObject("NotificationMetadata").put("NotificationId", "d0e9e693-c3ad-4373-979f-ed4ec98dd746");
        return root;
    }

    @Test
    void readsTheFulfillableCountOfOurMarketplaceFromAmazonsExample() throws Exception {
        Optional<FbaInventory.Count> count = AmazonFbaInventoryChangeParser.parse(fromSchemaExample().toString(),
                "ATVPDKIKX0DER");

        assertThat(count).contains(new FbaInventory.Count("SELLERSKU-1", 50,
                Instant.parse("2020-07-13T19:42:04.284Z"), "d0e9e693-c3ad-4373-979f-ed4ec98dd746"));
        assertThat(AmazonFbaInventoryChangeParser.parse(fromSchemaExample().toString(), "A2EUQ1WTGCTBG2")
                .orElseThrow().fulfillable()).isEqualTo(40);
    }

    @Test
    void aNotificationWithoutOurMarketplaceSaysNothingAboutIt() throws Exception {
        assertThat(AmazonFbaInventoryChangeParser.parse(fromSchemaExample().toString(), AmazonApi.JP_MARKETPLACE_ID))
                .isEmpty();
    }

    @Test
    void malformedNotificationsAreRefusedNamingTheField() throws Exception {
        ObjectNode noSku = fromSchemaExample();
        ((ObjectNode) noSku.get("Payload")).remove("SKU");
        assertThatThrownBy(() -> AmazonFbaInventoryChangeParser.parse(noSku.toString(), "ATVPDKIKX0DER"))
                .hasMessageContaining("Payload.SKU");

        ObjectNode negative = fromSchemaExample();
        ((ObjectNode) negative.at("/Payload/FulfillmentInventoryByMarketplace/0/FulfillmentInventory"))
                .put("Fulfillable", -1);
        assertThatThrownBy(() -> AmazonFbaInventoryChangeParser.parse(negative.toString(), "ATVPDKIKX0DER"))
                .hasMessageContaining("SELLERSKU-1").hasMessageContaining("Fulfillable");

        ObjectNode orderChange = fromSchemaExample().put("NotificationType", "ORDER_CHANGE");
        assertThatThrownBy(() -> AmazonFbaInventoryChangeParser.parse(orderChange.toString(), "ATVPDKIKX0DER"))
                .hasMessageContaining("ORDER_CHANGE");

        ObjectNode badTime = fromSchemaExample().put("EventTime", "yesterday");
        assertThatThrownBy(() -> AmazonFbaInventoryChangeParser.parse(badTime.toString(), "ATVPDKIKX0DER"))
                .hasMessageContaining("EventTime");

        assertThatThrownBy(() -> AmazonFbaInventoryChangeParser.parse("not json", "ATVPDKIKX0DER"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
