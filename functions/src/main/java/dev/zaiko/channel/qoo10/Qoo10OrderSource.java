package dev.zaiko.channel.qoo10;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.channel.OpenOrders;
import dev.zaiko.domain.channel.OrderPage;
import dev.zaiko.domain.channel.OrderSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Qoo10 orders, one query per page. Qoo10 searches by date and returns one ShippingStatus per call
 * (no paging inside a call), so a poll of [from, to) walks a fixed list of queries:
 * <ol>
 *   <li>ShippingStatus 1, 2, 3 by order date: new orders, held (RESERVE) and remembered as open;</li>
 *   <li>ShippingStatus 4 by ship date and 5 by delivery date: orders that left, including ones
 *       placed and shipped between two polls (RESERVE once, then closed);</li>
 *   <li>ClaimStat 3 (cancel complete) and 16 (unpaid order cancelled) by completion date: CANCEL,
 *       whatever the order date, including orders placed and cancelled between two polls;</li>
 *   <li>the re-check: up to {@code recheckPerPoll} still-open orders asked one by one
 *       (GetShippingAndClaimInfoByOrderNo_V2), rotating through all of them from poll to poll, as a
 *       backstop when a window was missed.</li>
 * </ol>
 * The page token is the index of the next query. Open orders are marked only when a page is
 * complete, so a failed call loses nothing.
 */
final class Qoo10OrderSource implements OrderSource {
    static final String SHIPPING_METHOD = "ShippingBasic.GetShippingInfo_v3";
    static final String CLAIM_METHOD = "ShippingBasic.GetClaimInfo_V3";
    static final String RECHECK_METHOD = "ShippingBasic.GetShippingAndClaimInfoByOrderNo_V2";

    sealed interface Query {
    }

    /** @param condition SearchCondition: 1 order date, 2 payment date, 3 ship date, 4 delivered date */
    record ShippingQuery(String shippingStatus, String condition) implements Query {
    }

    /** @param condition search_condition: 1 order date, 2 claim request date, 3 cancel/refund completion date */
    record ClaimQuery(String claimStat, String condition) implements Query {
    }

    record RecheckQuery() implements Query {
    }

    static final List<Query> QUERIES = List.of(
            new ShippingQuery("1", "1"), new ShippingQuery("2", "1"), new ShippingQuery("3", "1"),
            new ShippingQuery("4", "3"), new ShippingQuery("5", "4"),
            new ClaimQuery("3", "3"), new ClaimQuery("16", "3"),
            new RecheckQuery());

    private final String channelId;
    private final Qoo10Client client;
    private final OpenOrders openOrders;
    private final int recheckPerPoll;

    Qoo10OrderSource(String channelId, Qoo10Client client, OpenOrders openOrders, int recheckPerPoll) {
        this.channelId = channelId;
        this.client = client;
        this.openOrders = openOrders;
        this.recheckPerPoll = recheckPerPoll;
    }

    @Override
    public OrderPage fetchChanged(Instant from, Instant to, Optional<String> pageToken) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("qoo10 order window must have from < to (got " + from + ", " + to + ")");
        }
        Duration max = Qoo10Assumptions.UNCONFIRMED.maxClaimWindow();
        if (Duration.between(from, to).compareTo(max) > 0) {
            throw new IllegalArgumentException("qoo10 searches at most " + max.toDays() + " days per call (got "
                    + from + " .. " + to + ")");
        }
        int index = pageToken.map(Qoo10OrderSource::queryIndex).orElse(0);
        Batch batch = new Batch(to);
        switch (QUERIES.get(index)) {
            case ShippingQuery q -> shipping(q, from, to, batch);
            case ClaimQuery q -> claims(q, from, to, batch);
            case RecheckQuery q -> recheck(to, batch);
        }
        // marked only now: a page that failed half-way changes nothing and is simply asked again
        batch.opened.removeAll(batch.closed);
        openOrders.markOpen(batch.opened);
        Optional<String> next = index + 1 < QUERIES.size() ? Optional.of(String.valueOf(index + 1)) : Optional.empty();
        // Closed orders leave the open set only once their events are queued (pageEnqueued).
        return new OrderPage(batch.events, next, batch.rejected, batch.closed);
    }

    @Override
    public void pageEnqueued(OrderPage page) {
        openOrders.markClosed(page.ordersToClose());
    }

    private static int queryIndex(String token) {
        try {
            int index = Integer.parseInt(token);
            if (index >= 0 && index < QUERIES.size()) {
                return index;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("not a qoo10 page token: " + token);
    }

    private final class Batch {
        final Instant pollTime;
        final List<OrderEvent> events = new ArrayList<>();
        final Set<String> opened = new LinkedHashSet<>();
        final Set<String> closed = new LinkedHashSet<>();
        final List<dev.zaiko.domain.RejectedOrder> rejected = new ArrayList<>();

        Batch(Instant pollTime) {
            this.pollTime = pollTime;
        }

        /** One row (one order line) read by {@code reader}; a row we refuse is quarantined, the rest go on. */
        void row(JsonNode row, Runnable reader) {
            int eventsBefore = events.size();
            try {
                reader.run();
            } catch (IllegalArgumentException refused) {
                while (events.size() > eventsBefore) {
                    events.remove(events.size() - 1);
                }
                rejected.add(new dev.zaiko.domain.RejectedOrder(channelId, Qoo10Rows.text(row, "OrderNo", "orderNo"),
                        refused.getMessage(), row.toString(), pollTime));
            }
        }

        void add(String orderNo, String itemNo, String optionCode, int quantity, Qoo10Statuses.Rule rule,
                 String mallStatus, Optional<Instant> at) {
            // QAPI rows carry no update time: the poll's time orders the revisions of a line, since a
            // later poll reads the order's newer state (an OrderQty changed since is then applied).
            events.add(new OrderEvent(channelId, orderNo, orderNo, Qoo10Rows.itemKey(itemNo, optionCode), quantity,
                    rule.action(), mallStatus, at.orElse(pollTime), EventOrigin.POLL).withRevision(pollTime));
            (rule.open() ? opened : closed).add(orderNo);
        }
    }

    private void shipping(ShippingQuery query, Instant from, Instant to, Batch batch) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ShippingStatus", query.shippingStatus());
        form.put("SearchStartDate", Qoo10Rows.qapiTime(from));
        // QAPI's end is inclusive to the second; our window is [from, to)
        form.put("SearchEndDate", Qoo10Rows.qapiTime(to.minusSeconds(1)));
        form.put("SearchCondition", query.condition());
        List<JsonNode> rows = Qoo10Rows.rows(client.require(SHIPPING_METHOD, form));
        String dateField = switch (query.condition()) {
            case "3" -> "ShippingDate";
            case "4" -> "DeliveredDate";
            default -> "OrderDate";
        };
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            int index = i;
            batch.row(row, () -> {
                String orderNo = Qoo10Rows.orderNo(row, SHIPPING_METHOD, index);
                String status = Qoo10Rows.text(row, "ShippingStatus");
                String statusText = status.isEmpty() ? query.shippingStatus() : status;
                batch.add(orderNo,
                        Qoo10Rows.required(row, SHIPPING_METHOD, orderNo, "ItemNo", "ItemNo", "ItemCode"),
                        Qoo10Rows.text(row, "OptionCode"),
                        Qoo10Rows.quantity(row, SHIPPING_METHOD, orderNo, "OrderQty"),
                        Qoo10Statuses.shipping(statusText),
                        "ShippingStatus " + statusText,
                        Qoo10Rows.instant(Qoo10Rows.text(row, dateField, "OrderDate")));
            });
        }
    }

    private void claims(ClaimQuery query, Instant from, Instant to, Batch batch) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ClaimStat", query.claimStat());
        form.put("search_Sdate", Qoo10Rows.qapiTime(from));
        form.put("search_Edate", Qoo10Rows.qapiTime(to.minusSeconds(1)));
        form.put("search_condition", query.condition());
        List<JsonNode> rows = Qoo10Rows.rows(client.require(CLAIM_METHOD, form));
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            int index = i;
            batch.row(row, () -> {
                String orderNo = Qoo10Rows.orderNo(row, CLAIM_METHOD, index);
                String claim = Qoo10Rows.text(row, "claimStatus", "ClaimStatus");
                String claimText = claim.isEmpty() ? query.claimStat() : claim;
                batch.add(orderNo,
                        Qoo10Rows.required(row, CLAIM_METHOD, orderNo, "itemCode", "itemCode", "ItemCode", "ItemNo"),
                        Qoo10Rows.text(row, "optionCode", "OptionCode"),
                        Qoo10Rows.quantity(row, CLAIM_METHOD, orderNo, "orderQty", "OrderQty"),
                        Qoo10Statuses.claim(claimText),
                        "ClaimStat " + claimText,
                        Qoo10Rows.instant(Qoo10Rows.text(row, "cancelRefundDate", "requestDate")));
            });
        }
    }

    private void recheck(Instant pollTime, Batch batch) {
        for (String orderNo : pickForRecheck(openOrders.openOrderIds(), recheckPerPoll, pollTime)) {
            Qoo10Client.Envelope envelope = client.call(RECHECK_METHOD, Map.of("OrderNo", orderNo));
            if (envelope.resultCode() != Qoo10Errors.SUCCESS) {
                if (envelope.status() == dev.zaiko.domain.channel.PushStatus.REJECTED) {
                    // an order Qoo10 no longer finds stays open; the rotation asks again later and
                    // one odd order never blocks the poll
                    continue;
                }
                throw envelope.failure(RECHECK_METHOD);
            }
            List<JsonNode> rows = Qoo10Rows.rows(envelope.resultObject());
            for (JsonNode row : rows) {
                batch.row(row, () -> recheckRow(orderNo, row, batch));
            }
        }
    }

    private void recheckRow(String orderNo, JsonNode row, Batch batch) {
        {
            {
                String shipping = Qoo10Rows.text(row, "shippingStatus", "ShippingStatus");
                String claim = Qoo10Rows.text(row, "claimStatus", "ClaimStatus");
                Qoo10Statuses.Rule rule = Qoo10Statuses.combined(shipping, claim);
                String status = claim.isEmpty() || "0".equals(claim)
                        ? "ShippingStatus " + shipping : "ClaimStat " + claim;
                batch.add(orderNo,
                        Qoo10Rows.required(row, RECHECK_METHOD, orderNo, "itemCode", "itemCode", "ItemCode", "ItemNo"),
                        Qoo10Rows.text(row, "optionCode", "OptionCode"),
                        Qoo10Rows.quantity(row, RECHECK_METHOD, orderNo, "orderQty", "OrderQty"),
                        rule, status,
                        Qoo10Rows.instant(Qoo10Rows.text(row, "cancelRefundDate", "DeliveredDate", "shippingDate",
                                "orderDate")));
            }
        }
    }

    /**
     * Which open orders this poll re-checks: all when they fit, else a window of {@code max} that
     * moves with the poll minute, so every open order is asked within ceil(n / max) polls.
     */
    static List<String> pickForRecheck(Set<String> open, int max, Instant pollTime) {
        List<String> sorted = new ArrayList<>(open);
        sorted.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
        int n = sorted.size();
        if (n <= max) {
            return sorted;
        }
        long minute = Math.floorDiv(pollTime.getEpochSecond(), 60);
        int start = (int) Math.floorMod(minute * max, (long) n);
        List<String> picked = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            picked.add(sorted.get((start + i) % n));
        }
        return picked;
    }
}
