package dev.zaiko.sim.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** graphql-java over Shopify's real Admin schema files refuses what the real API lacks, as Shopify words it. */
class ShopifySchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void unknownFieldsAndArgumentsAreRefusedWithShopifysCodesAndLocations() {
        List<ObjectNode> errors = ShopifySchema.require("2026-04").validate("""
                query Q($first: Int!) { orders(first: $first, colour: "red") { nodes { id flavour } } }""", JSON);

        assertThat(errors).extracting(ObjectNode::toString).containsExactly(
                "{\"message\":\"Field 'orders' doesn't accept argument 'colour'\",\"locations\":[{\"line\":1,\"column\":47}],"
                        + "\"path\":[\"orders\"],\"extensions\":{\"code\":\"argumentNotAccepted\",\"name\":\"orders\","
                        + "\"typeName\":\"Field\",\"argumentName\":\"colour\"}}",
                "{\"message\":\"Field 'flavour' doesn't exist on type 'Order'\",\"locations\":[{\"line\":1,\"column\":75}],"
                        + "\"path\":[\"orders\",\"nodes\",\"flavour\"],\"extensions\":{\"code\":\"undefinedField\","
                        + "\"typeName\":\"Order\",\"fieldName\":\"flavour\"}}");
    }

    @Test
    void syntaxErrorsAreRefusedToo() {
        assertThat(ShopifySchema.require("2026-04").validate("query { shop { name ", JSON))
                .extracting(e -> e.path("extensions").path("code").asText()).containsExactly("parseError");
    }

    @Test
    void theIdempotentDirectiveAndChangeFromQuantityExistInBothVersions() {
        String mutation = """
                mutation M($input: InventorySetQuantitiesInput!) {
                  inventorySetQuantities(input: $input) @idempotent(key: "3f0e1d7a-0000-4000-8000-000000000001") {
                    inventoryAdjustmentGroup { id }
                    userErrors { code field message }
                  }
                }""";

        assertThat(ShopifySchema.require("2026-01").validate(mutation, JSON)).isEmpty();
        assertThat(ShopifySchema.require("2026-04").validate(mutation, JSON)).isEmpty();
        assertThat(ShopifySchema.require("2026-04").graphQLSchema().getType("InventoryQuantityInput")).isNotNull();
        assertThat(((graphql.schema.GraphQLInputObjectType) ShopifySchema.require("2026-04").graphQLSchema()
                .getType("InventoryQuantityInput")).getFieldDefinitions()).extracting(f -> f.getName())
                .containsExactlyInAnyOrder("changeFromQuantity", "inventoryItemId", "locationId", "quantity");
    }

    @Test
    void descriptionsAreDroppedBeforeParsingAndNothingElse() {
        assertThat(ShopifySchema.withoutDescriptions("\"\"\"A \\\"\"\" quote\"\"\"\ntype A { \"\"\"x\"\"\" b(c: String = \"\"): Int }"))
                .isEqualTo("\ntype A {  b(c: String = \"\"): Int }");
    }

    @Test
    void anUnknownVersionIsRefusedNamingTheOnesWeHave() {
        assertThat(ShopifySchema.of("2026-07")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShopifySchema.require("2026-07"))
                .hasMessageContaining("2026-07").hasMessageContaining("2026-04");
    }
}
