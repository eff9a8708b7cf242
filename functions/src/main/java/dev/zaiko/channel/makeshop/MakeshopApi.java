package dev.zaiko.channel.makeshop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.channel.support.GraphQlDialect;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Everything this adapter assumes about the makeshop next-generation GraphQL API (NOT the legacy
 * makeshop API, which is closing), in one place.
 *
 * <p>Confirmed (developers.makeshop.jp API reference and webhook guide; public client code):
 * endpoint {@code POST .../v1/graphql} (the real URL is e-mailed on approval;
 * {@value #DEFAULT_BASE_URL} has been seen); headers {@code authorization: Bearer <permanent token>},
 * {@code x-api-key}, {@code x-timestamp} (unix seconds, valid 1 hour, so made fresh per call);
 * {@code searchOrder(input:{startOrderDate, endOrderDate (yyyyMMddHHmmss), page, limit <= 1000})}
 * returning {@code orders{systemOrderNumber displayOrderNumber orderDate deliveryInfos{deliveryStatus
 * basketInfos{productCode variationCustomCode amount}}}}; deliveryStatus N/Y/C/R; an order update
 * notice (注文更新通知) pushed about every 2 minutes; introspection is off in production.
 *
 * <p><b>Unconfirmed</b> (change here only): the stock mutations' input and result shapes
 * ({@link #UPDATE_PRODUCT_QUANTITY}, {@link #UPDATE_VARIATION_QUANTITY}, {@link #quantityInput},
 * {@link #MAX_ITEMS_PER_CALL}) and that their quantity is absolute; the reader
 * ({@link #SEARCH_PRODUCT_QUANTITY}); the {@code orderDate} text format (several are accepted);
 * whether {@code endOrderDate} is inclusive (we search overlapping windows either way); the rate limit
 * ({@link #CALLS_PER_SECOND}, at most the legacy API's 1 request/s); the error codes; the webhook body
 * ({@code orders} in searchOrder's shape) and signature scheme ({@link #signedPayload}).
 */
final class MakeshopApi {
    private MakeshopApi() {
    }

    static final String DEFAULT_BASE_URL = "https://app-api.makeshop.jp";
    static final String GRAPHQL_PATH = "/v1/graphql";
    static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(JST);

    /** searchOrder's largest page. */
    static final int ORDER_PAGE_LIMIT = 1000;
    /** UNCONFIRMED: items per stock mutation. */
    static final int MAX_ITEMS_PER_CALL = 100;

    /** UNCONFIRMED: no published limit for the GraphQL API; the legacy API allowed 1 request/s, one at a time. */
    static final double CALLS_PER_SECOND = 1.0;
    static final double BURST = 1;
    static final int MAX_ATTEMPTS = 3;
    static final Duration RETRY_BUDGET = Duration.ofSeconds(15);
    static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

    static final String SEARCH_ORDER = """
            query searchOrder($input: SearchOrderRequest!) {
              searchOrder(input: $input) {
                searchedCount
                orders {
                  systemOrderNumber displayOrderNumber orderDate
                  deliveryInfos { deliveryStatus basketInfos { productCode variationCustomCode amount } }
                }
              }
            }""";

    /** UNCONFIRMED shape; mirrors makeshop mutations that answer {@code results{... status errorMessage}}. */
    static final String UPDATE_PRODUCT_QUANTITY = """
            mutation updateProductQuantity($input: UpdateProductQuantityRequest!) {
              updateProductQuantity(input: $input) { results { systemCode status errorCode errorMessage } }
            }""";

    static final String UPDATE_VARIATION_QUANTITY = """
            mutation updateVariationQuantity($input: UpdateVariationQuantityRequest!) {
              updateVariationQuantity(input: $input) { results { systemCode variationCustomCode status errorCode errorMessage } }
            }""";

    static final String SEARCH_PRODUCT_QUANTITY = """
            query searchProductQuantity($input: SearchProductQuantityRequest!) {
              searchProductQuantity(input: $input) {
                products { systemCode quantity variations { variationCustomCode quantity } }
              }
            }""";

    /** UNCONFIRMED result status of one stock item. */
    static final String RESULT_OK = "SUCCESS";

    /** UNCONFIRMED: one element of the stock mutation's list; only the code and the quantity are sent. */
    static ObjectNode quantityInput(ObjectMapper json, MakeshopItemKey key, long quantity) {
        ObjectNode element = json.createObjectNode();
        element.put("systemCode", key.systemCode());
        key.variationCode().ifPresent(v -> element.put("variationCustomCode", v));
        element.put("quantity", quantity);
        return element;
    }

    // ---------------------------------------------------------------- webhooks (details UNCONFIRMED)

    static final String SIGNATURE_HEADER = "x-makeshop-signature";
    static final String TIMESTAMP_HEADER = "x-makeshop-request-timestamp";
    /** Deliveries older (or further in the future) than this are refused as replays. */
    static final Duration WEBHOOK_MAX_AGE = Duration.ofMinutes(5);

    /** The channel option that must name how makeshop signs its order update notice. */
    static final String SIGNATURE_SCHEME_OPTION = "signatureScheme";

    /**
     * UNCONFIRMED, every one of them: how {@code x-makeshop-signature} might be computed. No public source
     * says (only the two header names are attested), so the channel config must name one explicitly
     * ({@value #SIGNATURE_SCHEME_OPTION}) after checking it against a real delivery: a wrong guess then
     * fails loudly at start-up or in the first delivery's log instead of silently answering 401.
     */
    enum SignatureScheme {
        /** HMAC-SHA256 over {@code <timestamp>.<raw body>}, lower-case hex (our first guess). */
        HMAC_SHA256_HEX_TIMESTAMP_DOT_BODY,
        /** HMAC-SHA256 over the raw body alone, lower-case hex; the timestamp only bounds the age. */
        HMAC_SHA256_HEX_BODY,
        /** HMAC-SHA256 over the raw body alone, standard Base64. */
        HMAC_SHA256_BASE64_BODY;

        static SignatureScheme parse(String channelId, java.util.Optional<String> value) {
            String allowed = java.util.Arrays.toString(values());
            String text = value.orElseThrow(() -> new IllegalArgumentException("channel " + channelId
                    + " (makeshop): option '" + SIGNATURE_SCHEME_OPTION + "' is required when the secret has a"
                    + " webhookSecret. How makeshop signs its order update notice has no public source; check a"
                    + " real delivery and set it to one of " + allowed + " (or remove webhookSecret to poll only)"));
            try {
                return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("channel " + channelId + " (makeshop): option '"
                        + SIGNATURE_SCHEME_OPTION + "' is '" + text + "'; it must be one of " + allowed);
            }
        }

        /** The bytes the HMAC covers. */
        byte[] signedPayload(String timestamp, byte[] body) {
            return this == HMAC_SHA256_HEX_TIMESTAMP_DOT_BODY ? MakeshopApi.signedPayload(timestamp, body) : body;
        }

        /** The digest as it would appear in the header (compared after trimming; hex case-insensitively). */
        String encode(byte[] digest) {
            return this == HMAC_SHA256_BASE64_BODY ? java.util.Base64.getEncoder().encodeToString(digest)
                    : java.util.HexFormat.of().formatHex(digest);
        }
    }

    /**
     * UNCONFIRMED: what the signature covers under {@link SignatureScheme#HMAC_SHA256_HEX_TIMESTAMP_DOT_BODY}:
     * {@code <timestamp>.<raw body>}, so the timestamp cannot be swapped.
     */
    static byte[] signedPayload(String timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        return all;
    }

    static final List<String> AUTH_CODES = List.of("UNAUTHENTICATED", "UNAUTHORIZED", "FORBIDDEN",
            "INVALID_TOKEN", "PERMISSION_DENIED");
    static final List<String> RETRY_CODES = List.of("TOO_MANY_REQUESTS", "RATE_LIMITED", "THROTTLED",
            "INTERNAL_SERVER_ERROR", "INTERNAL", "SERVICE_UNAVAILABLE", "MAINTENANCE", "TIMEOUT");

    /**
     * How {@link dev.zaiko.channel.support.GraphQlCaller} talks to makeshop: item errors carry
     * {@code extensions.systemCode} (UNCONFIRMED); no answer has a special meaning. Declared after the
     * constants it uses (static initialisation runs in text order).
     */
    static final GraphQlDialect GRAPHQL = new GraphQlDialect("makeshop", MAX_ATTEMPTS, RETRY_BUDGET,
            DEFAULT_BACKOFF, AUTH_CODES, RETRY_CODES, "systemCode",
            " (the permanent token or API key is wrong, or the app was uninstalled)",
            GraphQlDialect.SpecialAnswer.NONE);
}
