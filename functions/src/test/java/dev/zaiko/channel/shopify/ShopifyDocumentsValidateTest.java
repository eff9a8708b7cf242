package dev.zaiko.channel.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.sim.shopify.ShopifySchema;
import dev.zaiko.sim.shopify.ShopifySimulator;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every GraphQL document the Shopify adapter sends validates against Shopify's real Admin schema of
 * the API version the adapter declares (shared/fixtures/shopify, parsed by graphql-java).
 */
class ShopifyDocumentsValidateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every String constant of the adapter's classes that is a GraphQL operation, plus the mutation. */
    static Map<String, String> documents() throws IllegalAccessException {
        Map<String, String> documents = new LinkedHashMap<>();
        for (Class<?> type : new Class<?>[]{ShopifyApi.class, ShopifyCatalogReader.class}) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                    field.setAccessible(true);
                    String value = (String) field.get(null);
                    if (value != null && value.strip().matches("(?s)(query|mutation)\\s+\\w+.*\\{.*")) {
                        documents.put(type.getSimpleName() + "." + field.getName(), value);
                    }
                }
            }
        }
        documents.put("ShopifyApi.setAvailable(key)", ShopifyApi.setAvailable(UUID.randomUUID().toString()));
        return documents;
    }

    @Test
    void everyDocumentValidatesAgainstTheDeclaredVersionsSchema() throws Exception {
        ShopifySchema schema = ShopifySchema.require(ShopifyApi.API_VERSION);
        Map<String, String> documents = documents();

        assertThat(documents.keySet()).containsExactlyInAnyOrder("ShopifyApi.ORDERS", "ShopifyApi.ORDER_LINES",
                "ShopifyApi.INVENTORY_LEVELS", "ShopifyApi.VARIANT_ITEMS", "ShopifyCatalogReader.QUERY",
                "ShopifyApi.setAvailable(key)");
        documents.forEach((name, document) ->
                assertThat(schema.validate(document, JSON)).as(name).isEmpty());
    }

    @Test
    void theSimulatorServesTheVersionTheAdapterDeclares() {
        assertThat(ShopifySimulator.API_VERSION).isEqualTo(ShopifyApi.API_VERSION);
        assertThat(ShopifySimulator.GRAPHQL_PATH).isEqualTo(ShopifyApi.GRAPHQL_PATH);
    }

    /** The check can fail: the same mutation with a field 2026-04 lacks (deprecated inputs are not in the file). */
    @Test
    void aDocumentWithAFieldTheSchemaLacksIsCaught() {
        String wrong = ShopifyApi.setAvailable(UUID.randomUUID().toString())
                .replace("userErrors { code field message }", "userErrors { code field message severity }");

        assertThat(ShopifySchema.require(ShopifyApi.API_VERSION).validate(wrong, JSON))
                .extracting(e -> e.path("message").asText())
                .containsExactly("Field 'severity' doesn't exist on type 'InventorySetQuantitiesUserError'");
    }
}
