package dev.zaiko.adapter.dynamodb.stub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-body comparison of a recorded request: every expression, key, name and value the adapter
 * sent, nothing more and nothing less (JSON object members in any order, list elements in order).
 */
public final class RequestAssert {
    private static final ObjectMapper SORTED = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private RequestAssert() {
    }

    /**
     * Asserts the operation and the whole body. {@code ClientRequestToken} of a TransactWriteItems is
     * filled in by the SDK (an idempotency token, a fresh UUID per call), not by the adapter: it must be
     * there and is then left out of the comparison.
     */
    public static void assertRequest(DynamoStub.Call call, String operation, String expectedJson) {
        assertThat(call.operation()).as("operation").isEqualTo(operation);
        JsonNode actual = call.body().deepCopy();
        if (operation.equals("TransactWriteItems")) {
            assertThat(actual.path("ClientRequestToken").asText()).as("SDK idempotency token")
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            ((com.fasterxml.jackson.databind.node.ObjectNode) actual).remove("ClientRequestToken");
        }
        JsonNode expected = DynamoStub.json(expectedJson);
        if (!expected.equals(actual)) {
            // Sorted and indented, so the failure shows a readable diff.
            assertThat(pretty(actual)).as(operation + " request body").isEqualTo(pretty(expected));
        }
    }

    private static String pretty(JsonNode node) {
        try {
            return SORTED.writeValueAsString(SORTED.treeToValue(node, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
