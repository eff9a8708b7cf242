package dev.zaiko.channel.amazon;

import java.time.Duration;

/**
 * Every SP-API fact the adapter relies on, in one place: hosts, paths, the JP marketplace, the
 * documented usage plans and the details that are only medium-confidence. Sources: the models in
 * {@code amzn/selling-partner-api-models} (copies under {@code shared/fixtures/amazon-sp-api}),
 * {@code shared/docs/channels.md} section 1, and developer-docs.amazon.com/sp-api (merge-a-listing,
 * usage-plans-and-rate-limits, rotating-your-apps-lwa-credentials).
 */
public final class AmazonApi {
    private AmazonApi() {
    }

    /** Far East endpoint (JP); option {@code baseUrl} overrides it (simulator, sandbox). */
    public static final String DEFAULT_BASE_URL = "https://sellingpartnerapi-fe.amazon.com";
    /** Login with Amazon; option {@code lwaUrl} overrides it. */
    public static final String DEFAULT_LWA_URL = "https://api.amazon.com";
    public static final String LWA_TOKEN_PATH = "/auth/o2/token";
    public static final String ACCESS_TOKEN_HEADER = "x-amz-access-token";
    public static final String RATE_LIMIT_HEADER = "x-amzn-RateLimit-Limit";
    public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";

    /** Amazon.co.jp. */
    public static final String JP_MARKETPLACE_ID = "A1VC38T7YXB528";
    /** orders_2026-01-01 {@code fulfillment.fulfilledBy}: the seller ships (our shelf). */
    static final String FULFILLED_BY_MERCHANT = "MERCHANT";

    /** An LWA access token lives 3600 s; we stop using it this long before, so no call carries a dying token. */
    public static final Duration TOKEN_REFRESH_MARGIN = Duration.ofMinutes(5);
    /** The LWA client secret must be rotated every 180 days (rule in force since 2023). */
    public static final Duration CLIENT_SECRET_LIFETIME = Duration.ofDays(180);
    public static final String CLIENT_SECRET_ROTATION_DOC =
            "https://developer-docs.amazon.com/sp-api/docs/rotating-your-apps-lwa-credentials";

    // ---------------------------------------------------------------- Orders API 2026-01-01
    public static final String SEARCH_ORDERS_PATH = "/orders/2026-01-01/orders";
    /** searchOrders usage plan: one request per ~179 s sustained, burst 20. */
    public static final double SEARCH_ORDERS_RATE = 0.0056;
    public static final int SEARCH_ORDERS_BURST = 20;
    /** Documented 1..100; the maximum costs the fewest calls of a very scarce budget. */
    public static final int MAX_RESULTS_PER_PAGE = 100;
    /**
     * {@code lastUpdatedBefore} "must be ... at least two minutes before the time of the request"
     * (model text); a later {@code to} is left out so the answer is a superset, never a subset.
     */
    public static final Duration ORDERS_LATEST_BEFORE_NOW = Duration.ofMinutes(2);

    // ---------------------------------------------------------------- Listings Items API 2021-08-01
    public static final String LISTINGS_ITEMS_PATH = "/listings/2021-08-01/items/";
    public static final double PATCH_LISTINGS_RATE = 5;
    public static final int PATCH_LISTINGS_BURST = 5;
    public static final double GET_LISTINGS_RATE = 5;
    public static final int GET_LISTINGS_BURST = 10;
    public static final String FULFILLMENT_AVAILABILITY_PATH = "/attributes/fulfillment_availability";
    /** Seller-fulfilled (MFN) quantity; FBA channels (AMAZON_JP, ...) belong to Amazon and are never written. */
    public static final String MFN_CHANNEL_CODE = "DEFAULT";
    /**
     * "merge" (since Jun 2025) updates only the fields sent, so the listing's
     * {@code lead_time_to_ship_max_days} and {@code restock_date} stay as the seller set them;
     * "replace" would drop them (developer-docs merge-a-listing).
     */
    public static final String PATCH_OP = "merge";
    /**
     * MEDIUM CONFIDENCE (channels.md): "PRODUCT" is the value commonly sent for patch-only updates;
     * option {@code productType} overrides it if a seller's listings need their real product type.
     */
    public static final String DEFAULT_PRODUCT_TYPE = "PRODUCT";

    // ---------------------------------------------------------------- Feeds API 2021-06-30
    public static final String FEED_DOCUMENTS_PATH = "/feeds/2021-06-30/documents";
    public static final String FEEDS_PATH = "/feeds/2021-06-30/feeds";
    public static final String JSON_LISTINGS_FEED = "JSON_LISTINGS_FEED";
    public static final String FEED_CONTENT_TYPE = "application/json; charset=UTF-8";
    /** createFeed and createFeedDocument: 0.0083/s, burst 15 (about one feed per 2 minutes sustained). */
    public static final double CREATE_FEED_RATE = 0.0083;
    public static final int CREATE_FEED_BURST = 15;
    public static final double GET_FEED_RATE = 2;
    public static final int GET_FEED_BURST = 15;
    public static final double GET_FEED_DOCUMENT_RATE = 0.0222;
    public static final int GET_FEED_DOCUMENT_BURST = 10;
    /** A JSON_LISTINGS_FEED takes at most 25,000 messages (listings-feed-schema-v2 maxItems). */
    public static final int MAX_FEED_MESSAGES = 25_000;
    /**
     * From this many updates on, one feed (3 calls, any size) beats one PATCH per SKU (5/s):
     * 50 PATCHes take 10 s, and createFeed's budget (burst 15, then one per 2 min) is kept for
     * the large batches that need it.
     */
    public static final int DEFAULT_FEED_THRESHOLD = 50;
    /** How long a write waits for a feed's processing report before reporting it as submitted. */
    public static final Duration DEFAULT_FEED_WAIT = Duration.ofSeconds(20);
    public static final Duration FEED_POLL_INTERVAL = Duration.ofSeconds(2);

    // ---------------------------------------------------------------- FBA Inventory v1
    public static final String FBA_SUMMARIES_PATH = "/fba/inventory/v1/summaries";
    public static final double FBA_SUMMARIES_RATE = 2;
    public static final int FBA_SUMMARIES_BURST = 2;

    // ---------------------------------------------------------------- Fulfillment Outbound 2020-07-01 (MCF)
    public static final String FULFILLMENT_ORDERS_PATH = "/fba/outbound/2020-07-01/fulfillmentOrders";
    /** createFulfillmentOrder, getFulfillmentOrder and cancelFulfillmentOrder: 2/s, burst 30 each. */
    public static final double FULFILLMENT_ORDERS_RATE = 2;
    public static final int FULFILLMENT_ORDERS_BURST = 30;
    /**
     * One unfulfillable item cancels the whole order before picking starts: an MCF order made for
     * one order line is all or nothing, like the line.
     */
    public static final String MCF_FULFILLMENT_POLICY = "FillOrKill";

    // ---------------------------------------------------------------- retries
    /** A 429 is retried at most this often inside one call, and only while the wait fits {@link #MAX_WAIT}. */
    public static final int MAX_THROTTLE_RETRIES = 2;
    /** The most one call waits for a rate-limit token or a 429 back-off before answering RETRY. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(5);
}
