package dev.zaiko.channel.shopify;

import java.time.Duration;

/**
 * Every Shopify wire detail the adapter relies on, in one place: the pinned API version, paths,
 * page sizes and the GraphQL documents. Sources: shopify.dev (admin-graphql reference,
 * api/usage/limits, graphql-admin rate limits, client-credentials grant, the 2025-12-12 changelog
 * "Making idempotency mandatory for inventory adjustments"), summarised in shared/docs/channels.md §4.
 *
 * <p>Unconfirmed (kept here so one edit fixes them): whether {@code inventorySetQuantities} is
 * all-or-nothing when one entry has a userError (we assume it is and resend the innocent entries;
 * were it not, the resend meets CHANGE_FROM_QUANTITY_STALE and the re-read finds our number, so
 * the outcome is the same); the exact field path of a per-entry userError
 * ({@code ["input","quantities","<i>",...]}); the name {@code expires_in} in the client-credentials
 * answer (we assume 24 h when it is absent); that a variable-free literal is the accepted form of
 * {@code @idempotent(key:)}; and that 402/423 (frozen/locked shop) need the seller, hence AUTH.
 */
final class ShopifyApi {
    private ShopifyApi() {
    }

    /**
     * The newest version whose real schema we hold (shared/fixtures/shopify, SOURCES-malls.md), so
     * every document below is validated against the schema of the version we call
     * ({@code ShopifyDocumentsValidateTest}). Shopify supports a version for 12 months: 2026-04
     * until about April 2027; move on when a newer schema file is in the fixtures.
     */
    static final String API_VERSION = "2026-04";
    static final String GRAPHQL_PATH = "/admin/api/" + API_VERSION + "/graphql.json";
    static final String TOKEN_PATH = "/admin/oauth/access_token";
    static final String TOKEN_HEADER = "X-Shopify-Access-Token";

    /**
     * Orders per page. The issue asked for 250, but Shopify refuses any single query whose
     * requested cost exceeds 1000 points, and a connection costs 2 + first x (node cost): 250 orders
     * with nested line items would cost tens of thousands. 25 orders x 10 lines x (line + variant +
     * inventoryItem) is about 850; orders with more lines are completed by {@link #ORDER_LINES}.
     */
    static final int ORDERS_PAGE_SIZE = 25;
    static final int LINES_PER_ORDER = 10;
    static final int LINES_FOLLOW_UP_PAGE = 100;
    /** "Input arguments that accept an array have a maximum size of 250" (api/usage/limits). */
    static final int MAX_INPUT_ARRAY = 250;
    /** nodes(ids:) per stock read or variant look-up: 100 x 3 objects keeps the cost near 300. */
    static final int NODES_PER_QUERY = 100;

    /** Rough requested costs, used only to wait before a call instead of being throttled by it. */
    static final int ORDERS_COST = 2 + ORDERS_PAGE_SIZE * (3 + LINES_PER_ORDER * 3);
    static final int ORDER_LINES_COST = 3 + LINES_FOLLOW_UP_PAGE * 3;
    static final int NODES_COST = 2 + NODES_PER_QUERY * 3;
    static final int MUTATION_COST = 10;

    /** Transport retries (429 / THROTTLED) inside one adapter call; beyond that the caller gets RETRY. */
    static final int MAX_ATTEMPTS = 4;
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    /** A token is renewed this long before Shopify says it expires (it lasts about 24 h). */
    static final Duration TOKEN_REFRESH_MARGIN = Duration.ofMinutes(10);

    static final String OP_ORDERS = "ZaikoOrders";
    static final String OP_ORDER_LINES = "ZaikoOrderLines";
    static final String OP_SET_AVAILABLE = "ZaikoSetAvailable";
    static final String OP_INVENTORY_LEVELS = "ZaikoInventoryLevels";
    static final String OP_VARIANT_ITEMS = "ZaikoVariantInventoryItems";

    private static final String LINE_FIELDS =
            "id sku quantity currentQuantity variant { id inventoryItem { id } }";

    /** Search syntax: updated_at with >= and < gives the port's half-open window [from, to). */
    static final String ORDERS = """
            query ZaikoOrders($first: Int!, $after: String, $query: String!, $lines: Int!) {
              orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
                pageInfo { hasNextPage endCursor }
                nodes {
                  id name updatedAt cancelledAt displayFinancialStatus displayFulfillmentStatus
                  lineItems(first: $lines) {
                    pageInfo { hasNextPage endCursor }
                    nodes { %s }
                  }
                }
              }
            }""".formatted(LINE_FIELDS);

    static final String ORDER_LINES = """
            query ZaikoOrderLines($id: ID!, $first: Int!, $after: String) {
              order(id: $id) {
                lineItems(first: $first, after: $after) {
                  pageInfo { hasNextPage endCursor }
                  nodes { %s }
                }
              }
            }""".formatted(LINE_FIELDS);

    static final String INVENTORY_LEVELS = """
            query ZaikoInventoryLevels($ids: [ID!]!, $locationId: ID!) {
              nodes(ids: $ids) {
                ... on InventoryItem {
                  id
                  inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } }
                }
              }
            }""";

    static final String VARIANT_ITEMS = """
            query ZaikoVariantInventoryItems($ids: [ID!]!) {
              nodes(ids: $ids) { ... on ProductVariant { id inventoryItem { id } } }
            }""";

    /**
     * From 2026-04 the {@code @idempotent} directive is required at run time for this mutation; the
     * key is written as a literal (Shopify's own examples do so) and is a fresh UUID per distinct
     * request, reused only when the very same request is sent again after a 429/THROTTLED.
     */
    static String setAvailable(String idempotencyKey) {
        if (!idempotencyKey.matches("[0-9a-f-]{36}")) {
            throw new IllegalArgumentException("idempotency key must be a UUID");
        }
        return """
                mutation ZaikoSetAvailable($input: InventorySetQuantitiesInput!) {
                  inventorySetQuantities(input: $input) @idempotent(key: "%s") {
                    inventoryAdjustmentGroup { id }
                    userErrors { code field message }
                  }
                }""".formatted(idempotencyKey);
    }
}
