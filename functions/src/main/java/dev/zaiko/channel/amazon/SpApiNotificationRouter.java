package dev.zaiko.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which amazon channel an SP-API notification belongs to. All amazon channels share one
 * notification queue; a notification is trusted only when its {@code SellerId} equals a
 * channel's {@code sellerId} option AND its {@code NotificationMetadata.ApplicationId} equals
 * that channel's {@code applicationId} option. Anything else (another seller, another
 * application, no ids) is dropped and counted: the queue accepts messages from Amazon's
 * notification account for any application, so the ids are what binds a message to us.
 */
public final class SpApiNotificationRouter {
    public static final String SELLER_ID_OPTION = "sellerId";
    public static final String APPLICATION_ID_OPTION = "applicationId";

    /** An amazon channel's identity as its options give it. */
    public record AmazonChannel(String channelId, Map<String, String> options) {
        public AmazonChannel {
            Objects.requireNonNull(channelId, "channelId");
            options = Map.copyOf(options);
        }
    }

    public sealed interface Route {
        record Matched(String channelId) implements Route {
        }

        record Dropped(String reason) implements Route {
        }
    }

    /** Made at the first notification, not when the consumer function initialises (cold start). */
    private volatile ObjectMapper mapper;

    public Route route(String body, List<AmazonChannel> channels) {
        JsonNode root;
        try {
            ObjectMapper m = mapper;
            if (m == null) {
                mapper = m = new ObjectMapper();
            }
            root = m.readTree(body);
        } catch (IOException e) {
            return new Route.Dropped("not JSON");
        }
        if (root == null || !root.isObject()) {
            return new Route.Dropped("not a JSON object");
        }
        String applicationId = root.path("NotificationMetadata").path("ApplicationId").asText("");
        String sellerId = sellerId(root.path("Payload"), 0);
        if (sellerId.isEmpty() || applicationId.isEmpty()) {
            return new Route.Dropped("no SellerId or ApplicationId");
        }
        for (AmazonChannel c : channels) {
            if (sellerId.equals(c.options().get(SELLER_ID_OPTION))) {
                if (!applicationId.equals(c.options().get(APPLICATION_ID_OPTION))) {
                    return new Route.Dropped("ApplicationId does not match channel " + c.channelId());
                }
                return new Route.Matched(c.channelId());
            }
        }
        return new Route.Dropped("SellerId matches no amazon channel");
    }

    /** The first {@code SellerId} in the payload (ORDER_CHANGE and FBA payloads nest it differently). */
    private static String sellerId(JsonNode node, int depth) {
        if (node == null || !node.isObject() || depth > 3) {
            return "";
        }
        if (node.path("SellerId").isTextual()) {
            return node.get("SellerId").asText();
        }
        for (var it = node.fields(); it.hasNext(); ) {
            String found = sellerId(it.next().getValue(), depth + 1);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return "";
    }
}
