package dev.zaiko.channel.mercari;

import dev.zaiko.channel.support.GraphQlCaller;
import dev.zaiko.channel.support.GraphQlDialect;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything this adapter assumes about the Mercari Shops GraphQL API, in one place. The schema we
 * hold the simulator to, field by field with its source, is
 * {@code simulators/src/main/resources/dev/zaiko/sim/mercari/mercari-shops.graphql}.
 *
 * <p>Confirmed (api.mercari-shops.com/docs; support.mercari-shops.com FAQ; the sandbox schema SDL as of
 * 2024-10, read in a public third-party copy and not copied): endpoint {@code POST /v1/graphql};
 * {@code Authorization: Bearer <personal access token>}; {@code User-Agent: <API_CLIENT_NAME>/<version>};
 * calls only from registered fixed IPs (others get a bare 404); {@code orders(first, after,
 * updatedDateGte, updatedDateLt, ...)} with {@code pageInfo{hasNextPage endCursor}} paging (there is no
 * {@code orderTransactions} query); {@code order(id)}; order fields {@code id status createdAt updatedAt
 * products{productId variant{id skuCode}}} with NO quantity field; {@code productVariant(by:{skuCode})
 * {id skuCode stockQuantity}}; {@code updateProductVariants(inputs: [{by: {id | skuCode}, input:
 * {stockQuantity}}])} changing only the fields sent; stock between 0 and {@value #MAX_STOCK}
 * ({@code PRODUCT_VARIANT_STOCK_OUT_OF_RANGE}); webhook topics ORDER_CREATED, ORDER_PAID, ORDER_CANCELED
 * and no signing secret.
 *
 * <p><b>Unconfirmed</b> (no public primary source; change them here only): that one
 * {@code OrderProduct} is one unit ({@link #UNITS_PER_ORDER_PRODUCT}); the largest
 * {@code updateProductVariants} list ({@link #MAX_VARIANTS_PER_CALL}); the per-item error shape (path
 * index or {@code extensions.skuCode}); the error {@code extensions.code} values other than
 * PRODUCT_VARIANT_STOCK_OUT_OF_RANGE; the rate limit ({@link #COST_POINTS_PER_HOUR}, a third-party
 * figure); the webhook payload ({@link #WEBHOOK_ORDER_ID_POINTERS}).
 */
final class MercariApi {
    private MercariApi() {
    }

    static final String DEFAULT_BASE_URL = "https://api.mercari-shops.com";
    static final String GRAPHQL_PATH = "/v1/graphql";

    /** Relay page size; the API accepts at most 100. */
    static final int ORDER_PAGE_SIZE = 100;
    /** UNCONFIRMED: variants per updateProductVariants call (20 is updateProducts' documented limit). */
    static final int MAX_VARIANTS_PER_CALL = 20;
    /** Confirmed: stockQuantity must be 0..9999; larger stock is shown as 9999 (never more than we have). */
    static final long MAX_STOCK = 9_999;
    /** UNCONFIRMED: an order product carries no quantity; each one is taken to be one unit. */
    static final int UNITS_PER_ORDER_PRODUCT = 1;
    /**
     * Calls one poll may make: the search pages first, then re-checks of open orders (one
     * {@code order(id)} each) with what is left. The updated-date search already sees most
     * cancellations, so the re-check is a backstop and may get nothing in a busy poll.
     */
    static final int CALLS_PER_POLL = 30;

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

    static final String ORDER_FIELDS = "id status createdAt updatedAt products { productId variant { id skuCode } }";

    /** Orders changed in [updatedDateGte, updatedDateLt): new ones and later status changes alike. */
    static final String ORDERS = """
            query orders($first: Int, $after: String, $updatedDateGte: DateTime, $updatedDateLt: DateTime) {
              orders(first: $first, after: $after, updatedDateGte: $updatedDateGte, updatedDateLt: $updatedDateLt) {
                edges { node { %s } }
                pageInfo { hasNextPage endCursor }
              }
            }""".formatted(ORDER_FIELDS);

    static final String ORDER = """
            query order($id: ID!) {
              order(id: $id) { %s }
            }""".formatted(ORDER_FIELDS);

    static final String PRODUCT_VARIANT = """
            query productVariant($by: ProductVariantBy!) {
              productVariant(by: $by) { id skuCode stockQuantity }
            }""";

    /** Only skuCode and stockQuantity are sent, so name, janCode and everything else stay as they are. */
    static final String UPDATE_VARIANTS = """
            mutation updateProductVariants($inputs: [UpdateProductVariantsInput!]!) {
              updateProductVariants(inputs: $inputs) { productVariants { id skuCode stockQuantity } }
            }""";

    /** One element of {@code inputs}: {@code {by: {skuCode}, input: {stockQuantity}}}. The item key is the skuCode. */
    static com.fasterxml.jackson.databind.node.ObjectNode variantInput(
            com.fasterxml.jackson.databind.ObjectMapper json, String skuCode, long stockQuantity) {
        var element = json.createObjectNode();
        element.putObject("by").put("skuCode", skuCode);
        element.putObject("input").put("stockQuantity", shownStock(stockQuantity));
        return element;
    }

    /** What Mercari can show for {@code stock}: at most {@link #MAX_STOCK}, so we never show more than we have. */
    static long shownStock(long stock) {
        return Math.min(stock, MAX_STOCK);
    }

    /** UNCONFIRMED: where a webhook delivery carries the order id; the first present one wins. */
    static final List<String> WEBHOOK_ORDER_ID_POINTERS = List.of("/data/id", "/data/orderId", "/orderId", "/id");

    /** Error codes in {@code errors[].extensions.code} (UNCONFIRMED values), by what they mean for us. */
    static final List<String> AUTH_CODES = List.of("UNAUTHENTICATED", "UNAUTHORIZED", "FORBIDDEN",
            "PERMISSION_DENIED");
    static final List<String> RETRY_CODES = List.of("TOO_MANY_REQUESTS", "RATE_LIMITED", "THROTTLED",
            "INTERNAL", "INTERNAL_SERVER_ERROR", "UNAVAILABLE", "SERVICE_UNAVAILABLE", "DEADLINE_EXCEEDED");
    static final List<String> NOT_FOUND_CODES = List.of("NOT_FOUND");
    /** Confirmed code (sandbox ErrorCode enum): a stock outside 0..9999. */
    static final String STOCK_OUT_OF_RANGE = "PRODUCT_VARIANT_STOCK_OUT_OF_RANGE";

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
