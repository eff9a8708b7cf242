package dev.zaiko.app.reconcile;

import dev.zaiko.domain.ChannelHealth;
import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushRequest;
import dev.zaiko.domain.Sellable;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.ListingCatalog;
import dev.zaiko.domain.port.ListingPushLog;
import dev.zaiko.domain.port.PollTrigger;
import dev.zaiko.domain.port.PushRequester;
import dev.zaiko.domain.port.ReconcileReports;
import dev.zaiko.domain.port.ReconcileReports.Finding;
import dev.zaiko.domain.port.ReconcileReports.Mode;
import dev.zaiko.domain.port.ReconcileReports.Report;
import dev.zaiko.domain.port.ReconcileReports.Row;
import dev.zaiko.domain.port.ReconcileReports.Status;
import dev.zaiko.domain.port.StockLedger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Drift repair for one channel (the scheduled reconciler): reads what the mall shows for every
 * mapped listing, in the mall's bulk reads, compares it with the ledger's sellable quantity, and
 * records a report; in REPAIR mode a listing that drifted gets a push request, so the channel's
 * pusher writes the ledger's CURRENT quantity again (invariant 4: the request carries no number,
 * so a false alarm costs one idempotent write and can never write a stale quantity).
 *
 * <p>A sale racing the check must not look like drift: the ledger is read before and after the
 * mall, and a listing counts as drifted only when the mall shows neither value. A listing the mall
 * no longer has (absent from its stock read) is flagged MISSING_ON_MALL and never pushed. A mall
 * showing LESS than the ledger is never raised (it may have sold a unit whose order we have not
 * polled yet): flagged MALL_BELOW_LEDGER, the channel is polled at once, and the pushes its orders
 * cause settle it; a mall showing MORE is repaired.
 */
public final class ReconcileService {
    /** Item keys per mall read: each adapter splits further into the mall's own batch size. */
    static final int READ_CHUNK = 50;

    private final StockLedger ledger;
    private final ListingCatalog catalog;
    private final PushRequester pushes;
    private final ListingPushLog pushLog;
    private final ChannelStates states;
    private final ReconcileReports reports;
    private final PollTrigger polls;
    private final Clock clock;

    public ReconcileService(StockLedger ledger, ListingCatalog catalog, PushRequester pushes, ListingPushLog pushLog,
                            ChannelStates states, ReconcileReports reports, Clock clock) {
        this(ledger, catalog, pushes, pushLog, states, reports, PollTrigger.NEXT_SCHEDULED_POLL, clock);
    }

    /**
     * @param polls asked to poll the channel's orders at once when its mall shows less than the
     *              ledger for some listing (a sale not ingested yet?)
     */
    public ReconcileService(StockLedger ledger, ListingCatalog catalog, PushRequester pushes, ListingPushLog pushLog,
                            ChannelStates states, ReconcileReports reports, PollTrigger polls, Clock clock) {
        this.polls = polls;
        this.ledger = ledger;
        this.catalog = catalog;
        this.pushes = pushes;
        this.pushLog = pushLog;
        this.states = states;
        this.reports = reports;
        this.clock = clock;
    }

    public Report reconcile(String channelId, ChannelAdapter adapter, String credentialsFingerprint, Mode mode,
                            Duration budget) {
        return reconcile(channelId, adapter, credentialsFingerprint, mode, budget, dev.zaiko.domain.HoldBack.NONE);
    }

    /** @param holdBack the channel's low-stock hold-back: the mall should show {@code holdBack.shown(sellable)} */
    public Report reconcile(String channelId, ChannelAdapter adapter, String credentialsFingerprint, Mode mode,
                            Duration budget, dev.zaiko.domain.HoldBack holdBack) {
        Instant started = clock.instant();
        ChannelState state = states.get(channelId);
        if (state.health() == ChannelHealth.AUTH_ERROR && state.credentialsFingerprint().equals(credentialsFingerprint)) {
            Report skipped = new Report(channelId, mode, Status.SKIPPED, "AUTH_ERROR: " + state.healthMessage(),
                    started, clock.instant(), 0, 0, 0, 0, 0, 0, List.of(), 0);
            reports.save(skipped);
            return skipped;
        }
        List<Listing> listings = catalog.listingsOf(channelId);
        Map<String, Listing> byItem = new LinkedHashMap<>();
        listings.forEach(l -> byItem.put(l.key().itemKey(), l));
        Map<String, StockLevel> before = ledger.readStock(skusOf(listings));

        Map<String, Long> shown = new LinkedHashMap<>();
        List<String> itemKeys = List.copyOf(byItem.keySet());
        int checked = 0;
        Status status = Status.COMPLETE;
        String message = "";
        Instant deadline = started.plus(budget);
        for (int from = 0; from < itemKeys.size(); from += READ_CHUNK) {
            if (!clock.instant().isBefore(deadline)) {
                status = Status.PARTIAL;
                message = "time budget of " + budget + " used up after " + checked + " of " + itemKeys.size()
                        + " listings";
                break;
            }
            List<String> chunk = itemKeys.subList(from, Math.min(itemKeys.size(), from + READ_CHUNK));
            try {
                shown.putAll(adapter.shownStock().shownQuantities(chunk));
            } catch (ChannelException e) {
                status = Status.PARTIAL;
                message = e.kind() + (e.mallCode().isEmpty() ? "" : " " + e.mallCode()) + ": " + e.getMessage()
                        + " (after " + checked + " of " + itemKeys.size() + " listings)";
                break;
            }
            checked += chunk.size();
        }
        List<String> compared = itemKeys.subList(0, checked);

        // Listings that look off are compared with the ledger once more, read after the mall.
        List<Listing> suspects = new ArrayList<>();
        for (String itemKey : compared) {
            Listing listing = byItem.get(itemKey);
            Long quantity = shown.get(itemKey);
            if (quantity == null || quantity != holdBack.shown(Sellable.quantity(listing, before))) {
                suspects.add(listing);
            }
        }
        Map<String, StockLevel> after = suspects.isEmpty() ? Map.of() : ledger.readStock(skusOf(suspects));

        List<Row> rows = new ArrayList<>();
        List<PushRequest> repairs = new ArrayList<>();
        int drifted = 0;
        int missing = 0;
        boolean belowLedger = false;
        for (Listing listing : suspects) {
            String itemKey = listing.key().itemKey();
            long expected = holdBack.shown(Sellable.quantity(listing, after));
            Long quantity = shown.get(itemKey);
            if (quantity == null) {
                missing++;
                rows.add(new Row(itemKey, Finding.MISSING_ON_MALL, expected, OptionalLong.empty(), false,
                        lastPush(listing.key())));
                continue;
            }
            if (quantity == expected) {
                continue; // a sale moved the ledger between the two reads and the mall already follows
            }
            drifted++;
            if (quantity < expected) {
                // The mall may have sold a unit we have not ingested yet: raising it could sell that
                // unit twice (invariant 8). Report it, poll the channel now; the orders settle it.
                belowLedger = true;
                rows.add(new Row(itemKey, Finding.MALL_BELOW_LEDGER, expected, OptionalLong.of(quantity), false,
                        lastPush(listing.key())));
                continue;
            }
            boolean repair = mode == Mode.REPAIR;
            if (repair) {
                repairs.add(new PushRequest(listing.key(), expected == 0));
            }
            rows.add(new Row(itemKey, Finding.DRIFT, expected, OptionalLong.of(quantity), repair,
                    lastPush(listing.key())));
        }
        if (!repairs.isEmpty()) {
            pushes.request(repairs);
        }
        if (belowLedger) {
            try {
                polls.pollNow(channelId);
            } catch (RuntimeException e) {
                // Best effort: the scheduled poll follows within a minute.
                System.err.println("poll of " + channelId + " could not be started now: " + e);
            }
        }
        int omitted = Math.max(0, rows.size() - Report.MAX_ROWS);
        Report report = new Report(channelId, mode, status, message, started, clock.instant(), listings.size(),
                checked, checked - drifted - missing, drifted, missing, repairs.size(),
                rows.subList(0, Math.min(rows.size(), Report.MAX_ROWS)), omitted);
        reports.save(report);
        return report;
    }

    public Optional<Report> latest(String channelId) {
        return reports.latest(channelId);
    }

    private String lastPush(ListingKey key) {
        return pushLog.entry(key).map(e -> e.status() + (e.lastPushedQuantity().isPresent()
                ? " " + e.lastPushedQuantity().getAsLong() : "")
                + (e.mallCode().isEmpty() ? "" : " " + e.mallCode())
                + (e.message().isEmpty() ? "" : ": " + e.message()) + " at " + e.at()).orElse("");
    }

    private static Collection<String> skusOf(List<Listing> listings) {
        TreeSet<String> skus = new TreeSet<>();
        listings.forEach(l -> skus.addAll(l.skus()));
        return skus;
    }
}
