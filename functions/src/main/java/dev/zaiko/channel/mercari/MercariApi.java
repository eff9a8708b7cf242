package dev.zaiko.channel.mercari;

import dev.zaiko.channel.support.GraphQlCaller;
import dev.zaiko.channel.support.GraphQlDialect;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything this adapter assumes about the Mercari Shops GraphQL API, in one place.
 *
 * <p>Confirmed (api.mercari-shops.com/docs, support.mercari-shops.com FAQ, public client code):
 * endpoint {@code POST /v1/graphql}; {@code Authorization: Bearer <personal access token>};
 * {@code User-Agent: <API_CLIENT_NAME>/<version>}; calls only from registered fixed IPs (others get a
 * bare 404); {@code orderTransactions(first, after, orderedDateGte, orderedDateLt, statuses)} with
 * Relay paging; {@code orderTransaction(id)}; node fields {@code id status createdAt
 * products{productId purchasedQuantity variant{id skuCode}}}; {@code productVariant(by:{skuCode})
 * {id skuCode stockQuantity}}; {@code updateProductVariant(by, input:{stockQuantity})} changes only the
 * fields sent; batch updates hold at most 20 variants.
 *
 * <p><b>Unconfirmed</b> (no public primary source; change them here only): the batch mutation's input
 * shape {@link #UPDATE_VARIANTS} / {@link #variantInput}, the per-item error shape (path index or
 * {@code extensions.skuCode}), the error {@code extensions.code} values, the rate limit
 * ({@link #COST_POINTS_PER_HOUR}, a third-party figure), the webhook payload ({@link #WEBHOOK_ORDER_ID_POINTERS})
 * and how a webhook proves where it came from (Mercari documents no signature; see
 * {@link MercariWebhookVerifier}).
 */
final class MercariApi {
    private MercariApi() {
    }

    static final String DEFAULT_BASE_URL = "https://api.mercari-shops.com";
    static final String GRAPHQL_PATH = "/v1/graphql";

    /** Relay page size; the API accepts at most 100. */
    static final int ORDER_PAGE_SIZE = 100;
    /** updateProductVariants takes at most 20 variants per call. */
    static final int MAX_VARIANTS_PER_CALL = 20;
    /** Open orders re-checked (one orderTransaction(id) each) per page of the poll. */
    static final int RECHECK_PER_PAGE = 10;

    /**
     * UNCONFIRMED: about 10,000 cost points per hour per shop, shared by all tokens (platform-mcp
     * catalog; another third party says ~500 requests/min). One call of ours is assumed to cost at most
     * {@link #ASSUMED_POINTS_PER_CALL} points, so we stay under the hourly pool even if every call is
     * that expensive.
     */
    static final int COST_POINTS_PER_HOUR = 10_000;
    static final int ASSUMED_POINTS_PER_CALL = 4;
    static final double CALLS_PER_SECOND = COST_POINTS_PER_HOUR / 3600.0 / ASSUMED_POINTS_PER_CALL;
    /** A poll's pages and re-checks may come in a burst; the hourly pool absorbs it. */
    static final double BURST = 30;

    /** Retrying a 429/5xx inside one call: at most this many attempts, and never waiting past the budget. */
    static final int MAX_ATTEMPTS = 3;
    static final Duration RETRY_BUDGET = Duration.ofSeconds(10);
    static final Duration DEFAULT_BACKOFF = Duration.ofMillis(300);

    static final String ORDER_FIELDS =
            "id status createdAt products { productId purchasedQuantity variant { id skuCode } }";

    static final String ORDER_TRANSACTIONS = """
            query orderTransactions($first: Int, $after: String, $orderedDateGte: DateTime, $orderedDateLt: DateTime) {
              orderTransactions(first: $first, after: $after, orderedDateGte: $orderedDateGte, orderedDateLt: $orderedDateLt) {
                edges { node { %s } cursor }
                pageInfo { hasNextPage endCursor }
              }
            }""".formatted(ORDER_FIELDS);

    static final String ORDER_TRANSACTION = """
            query orderTransaction($id: ID!) {
              orderTransaction(id: $id) { %s }
            }""".formatted(ORDER_FIELDS);

    static final String PRODUCT_VARIANT = """
            query productVariant($by: ProductVariantBy!) {
              productVariant(by: $by) { id skuCode stockQuantity }
            }""";

    /** UNCONFIRMED input type and shape; only skuCode and stockQuantity are sent so nothing else changes. */
    static final String UPDATE_VARIANTS = """
            mutation updateProductVariants($input: UpdateProductVariantsInput!) {
              updateProductVariants(input: $input) { productVariants { id skuCode stockQuantity } }
            }""";

    /** UNCONFIRMED: one element of {@code input.variants}. The item key of a Mercari listing is its skuCode. */
    static com.fasterxml.jackson.databind.node.ObjectNode variantInput(
            com.fasterxml.jackson.databind.ObjectMapper json, String skuCode, long stockQuantity) {
        var element = json.createObjectNode();
        element.putObject("by").put("skuCode", skuCode);
        element.put("stockQuantity", stockQuantity);
        return element;
    }

    /** UNCONFIRMED: where a webhook delivery carries the order id; the first present one wins. */
    static final List<String> WEBHOOK_ORDER_ID_POINTERS = List.of("/data/id", "/data/orderId", "/orderId", "/id");

    /** Error codes in {@code errors[].extensions.code} (UNCONFIRMED values), by what they mean for us. */
    static final List<String> AUTH_CODES = List.of("UNAUTHENTICATED", "UNAUTHORIZED", "FORBIDDEN",
            "PERMISSION_DENIED");
    static final List<String> RETRY_CODES = List.of("TOO_MANY_REQUESTS", "RATE_LIMITED", "THROTTLED",
            "INTERNAL", "INTERNAL_SERVER_ERROR", "UNAVAILABLE", "SERVICE_UNAVAILABLE", "DEADLINE_EXCEEDED");
    static final List<String> NOT_FOUND_CODES = List.of("NOT_FOUND");

    /**
     * How {@link dev.zaiko.channel.support.GraphQlCaller} talks to Mercari: item errors carry
     * {@code extensions.skuCode} (UNCONFIRMED). Declared after the constants it uses (static
     * initialisation runs in text order).
     */
    static final GraphQlDialect GRAPHQL = new GraphQlDialect("Mercari", MAX_ATTEMPTS, RETRY_BUDGET,
            DEFAULT_BACKOFF, AUTH_CODES, RETRY_CODES, "skuCode",
            " (the personal access token was revoked or is wrong; issue a new one in the shop admin)",
            MercariApi::unregisteredCaller);

    /** Mercari answers calls from unregistered IPs with a bare 404 before looking at the token. */
    private static Optional<ChannelException> unregisteredCaller(int status, List<GraphQlCaller.Error> errors,
                                                                 String what) {
        if (status != 404 || !errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ChannelException(PushStatus.AUTH, "HTTP_404",
                what + ": Mercari answered a bare 404, which means this caller's IP address is not registered."
                        + " Register the channel's fixed egress IP (a Japanese static IP, no CIDR) in the"
                        + " Mercari Shops admin API settings, for production and sandbox separately.",
                Optional.empty()));
    }
}
