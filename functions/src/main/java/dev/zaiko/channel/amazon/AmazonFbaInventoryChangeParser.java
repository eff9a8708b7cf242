package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.channel.FbaInventory;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * SP-API {@code FBA_INVENTORY_AVAILABILITY_CHANGES} notifications as Amazon delivers them to an
 * SQS queue (schema {@code FBAInventoryAvailabilityChangeNotification.json}): the seller SKU and
 * the {@code Fulfillable} count of our marketplace, stamped with {@code EventTime}. Amazon sends one
 * per SKU whenever any of its FBA quantities changes, with the counts of every marketplace the
 * inventory serves; a notification without our marketplace says nothing about it.
 */
public final class AmazonFbaInventoryChangeParser {
    public static final String NOTIFICATION_TYPE = "FBA_INVENTORY_AVAILABILITY_CHANGES";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AmazonFbaInventoryChangeParser() {
    }

    /** @throws IllegalArgumentException naming the field (and the SKU, once known) when the body is malformed */
    public static Optional<FbaInventory.Count> parse(String sqsMessageBody, String marketplaceId) {
        JsonNode root;
        try {
            root = JSON.readTree(sqsMessageBody);
        } catch (IOException e) {
            throw new IllegalArgumentException(NOTIFICATION_TYPE + " body is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(NOTIFICATION_TYPE + " body is not a JSON object");
        }
        String type = root.path("NotificationType").asText("");
        if (!NOTIFICATION_TYPE.equals(type)) {
            throw new IllegalArgumentException("NotificationType is '" + type + "', expected " + NOTIFICATION_TYPE);
        }
        String eventTime = root.path("EventTime").asText("");
        Instant at;
        try {
            at = Instant.parse(eventTime);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(NOTIFICATION_TYPE + ": 'EventTime' is missing or not ISO-8601: '"
                    + eventTime + "'");
        }
        JsonNode payload = root.path("Payload");
        String sku = payload.path("SKU").asText("");
        if (sku.isBlank()) {
            throw new IllegalArgumentException(NOTIFICATION_TYPE + ": 'Payload.SKU' is missing");
        }
        JsonNode markets = payload.path("FulfillmentInventoryByMarketplace");
        if (!markets.isArray()) {
            throw new IllegalArgumentException(NOTIFICATION_TYPE + " for " + sku
                    + ": 'Payload.FulfillmentInventoryByMarketplace' is missing");
        }
        String notificationId = root.path("NotificationMetadata").path("NotificationId").asText("");
        for (JsonNode market : markets) {
            if (!marketplaceId.equals(market.path("MarketplaceId").asText())) {
                continue;
            }
            JsonNode fulfillable = market.path("FulfillmentInventory").path("Fulfillable");
            if (!fulfillable.isIntegralNumber() || fulfillable.asLong() < 0) {
                throw new IllegalArgumentException(NOTIFICATION_TYPE + " for " + sku + ": 'FulfillmentInventory"
                        + ".Fulfillable' of " + marketplaceId + " is missing or not a non-negative integer");
            }
            return Optional.of(new FbaInventory.Count(sku, fulfillable.asLong(), at, notificationId));
        }
        return Optional.empty();
    }
}
