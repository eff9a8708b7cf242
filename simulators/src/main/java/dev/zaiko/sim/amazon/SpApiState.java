package dev.zaiko.sim.amazon;

import dev.zaiko.sim.amazon.AmazonSimulator.McfOrder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What Amazon holds for one seller, shared by the SP-API sections of the simulator (an order
 * changes the FBA pool, a feed changes listings, an MCF order takes FBA units). Every section
 * locks on this object, so one seller's state changes atomically across sections.
 */
final class SpApiState {
    /** Recorded getListingsItem answers (e.g. Amazon's sandbox one) served as they are, per SKU. */
    final Map<String, ObjectNode> recordedListings = new ConcurrentHashMap<>();
    final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    final AtomicInteger tokenCounter = new AtomicInteger();
    volatile boolean refreshTokenRevoked;
    final Map<String, ListingTerms> listings = new ConcurrentHashMap<>();
    final Map<String, SimOrder> orders = new LinkedHashMap<>();
    final AtomicInteger orderCounter = new AtomicInteger();
    final Map<String, Cursor> searchCursors = new ConcurrentHashMap<>();
    final Map<String, FbaItem> fba = new LinkedHashMap<>();
    final Map<String, Cursor> fbaCursors = new ConcurrentHashMap<>();
    volatile int fbaPageSize = 50;
    final Map<String, Document> documents = new ConcurrentHashMap<>();
    final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    final AtomicInteger feedCounter = new AtomicInteger();
    volatile int feedPollsBeforeDone;
    volatile SqsClient sqs;
    volatile String queueUrl;
    volatile SqsClient fbaSqs;
    volatile String fbaQueueUrl;
    final Map<String, McfOrder> mcfOrders = new LinkedHashMap<>();

    /** Lead time and restock date: the listing fields a quantity update must leave alone. */
    static final class ListingTerms {
        String productType = "PRODUCT";
        String itemName;
        String ean;
        Integer leadTimeDays;
        String restockDate;
    }

    static final class SimItem {
        final String orderItemId;
        final String sku;
        final int quantity;
        int shipped;
        /** Units cancelled from this line (a partial cancellation); quantityOrdered stays as ordered. */
        int cancelled;
        boolean buyerCancel;

        SimItem(String orderItemId, String sku, int quantity) {
            this.orderItemId = orderItemId;
            this.sku = sku;
            this.quantity = quantity;
        }
    }

    static final class SimOrder {
        final String orderId;
        final Instant created;
        final String fulfilledBy;
        final List<SimItem> items = new ArrayList<>();
        Instant updated;
        String status;
        /** A fault switch's malformed order: how its searchOrders answer is broken (null: it is not). */
        String malformed;

        SimOrder(String orderId, Instant created, String fulfilledBy, String status) {
            this.orderId = orderId;
            this.created = created;
            this.updated = created;
            this.fulfilledBy = fulfilledBy;
            this.status = status;
        }
    }

    record Cursor(String signature, List<String> keys, int offset) {
    }

    static final class FbaItem {
        final String asin;
        final String fnSku;
        long fulfillable;
        Instant updated;

        FbaItem(String asin, String fnSku, long fulfillable, Instant updated) {
            this.asin = asin;
            this.fnSku = fnSku;
            this.fulfillable = fulfillable;
            this.updated = updated;
        }
    }

    static final class Document {
        final String contentType;
        final boolean gzip;
        volatile byte[] content;

        Document(String contentType, boolean gzip, byte[] content) {
            this.contentType = contentType;
            this.gzip = gzip;
            this.content = content;
        }
    }

    static final class Feed {
        final String feedId;
        final String feedType;
        final String inputDocumentId;
        final Instant created;
        String status = "IN_QUEUE";
        int pollsLeft;
        Instant started;
        Instant ended;
        String resultDocumentId;

        Feed(String feedId, String feedType, String inputDocumentId, Instant created, int pollsLeft) {
            this.feedId = feedId;
            this.feedType = feedType;
            this.inputDocumentId = inputDocumentId;
            this.created = created;
            this.pollsLeft = pollsLeft;
        }
    }
}
