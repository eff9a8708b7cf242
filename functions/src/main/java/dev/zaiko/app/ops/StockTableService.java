package dev.zaiko.app.ops;

import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.Sellable;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.Validation;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.ListingPushLog;
import dev.zaiko.domain.port.ReconcileReports;
import dev.zaiko.domain.port.StockLedger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The console's stock table: one page of master SKUs (searched and filtered on the server), each
 * with every listing that contains it, what its mall shows according to the system's own records,
 * and when that was known. <b>No mall is called on a page load</b>: what a mall shows comes from
 * <ul>
 *   <li>the push log ({@link ListingPushLog}): the last quantity written to the mall and when, and</li>
 *   <li>the channel's last mall read ({@link ReconcileReports}: the scheduled reconciler, or the
 *       console's 再取得, see {@link ShownRefresh}): listings with a finding carry what the mall
 *       showed; a complete read without a finding means the mall matched the ledger then.</li>
 * </ul>
 * whichever is newer. A listing with neither is UNCHECKED.
 *
 * <p>Speed and consistency: filters and paging run over an in-process {@link StockSnapshot} (loaded
 * once, reloaded in the background when older than {@link #MAX_AGE}, never on the request path after
 * the first load). The rows of the page itself are re-read from the store on every request (one bulk
 * stock read; push entries for listings whose SKU changed since the snapshot or that wait for a
 * push), so the numbers on screen are current even when the filter decision is up to
 * {@link #MAX_AGE} old. The admin layer's own writes (edits, 反映, link, unlink, 再取得) patch the
 * snapshot at once.
 */
public final class StockTableService {
    public static final int MAX_PAGE = 200;
    /** How old the snapshot may be before a request starts a background reload. */
    // The page refreshes every 5 s: orders and other processes' writes show within about two refreshes.
    // A reload reads every SKU, listing and push entry (≈0.3 s for 5,000 SKUs × 8 malls on SQLite).
    public static final Duration MAX_AGE = Duration.ofSeconds(5);
    /** How long a listing whose push is awaited is re-read from the push log on every page. */
    static final Duration WATCH_FOR = Duration.ofMinutes(3);

    /**
     * @param search    a SKU code or name fragment (case-insensitive), or a JAN (its start)
     * @param channelId only SKUs listed on this channel account
     * @param below     only SKUs whose ledger stock (available) is below this
     * @param onlyDiff  only SKUs with a listing whose mall shows another number (差異のみ)
     */
    public record Query(Optional<String> search, Optional<String> channelId, OptionalLong below, boolean onlyDiff,
                        int offset, int limit) {
        public Query {
            search = search.map(String::strip).filter(s -> !s.isEmpty());
            if (search.isPresent() && search.get().length() > 200) {
                throw new OpsException(OpsException.Kind.BAD_REQUEST, "SEARCH_TOO_LONG", Map.of("max", 200),
                        "search is longer than 200 characters");
            }
            channelId.ifPresent(c -> Validation.channelId(c, "channel"));
            if (below.isPresent() && (below.getAsLong() < 0 || below.getAsLong() > Validation.MAX_STOCK)) {
                throw new OpsException(OpsException.Kind.BAD_REQUEST, "BAD_BELOW", Map.of("max", Validation.MAX_STOCK,
                        "value", below.getAsLong()), "below must be a whole number from 0 to "
                        + Validation.MAX_STOCK + " (got " + below.getAsLong() + ")");
            }
            if (offset < 0) {
                throw new OpsException(OpsException.Kind.BAD_REQUEST, "BAD_OFFSET", Map.of("value", offset),
                        "offset must not be negative (got " + offset + ")");
            }
            if (limit < 1 || limit > MAX_PAGE) {
                throw new OpsException(OpsException.Kind.BAD_REQUEST, "BAD_LIMIT", Map.of("max", MAX_PAGE,
                        "value", limit), "limit must be from 1 to " + MAX_PAGE + " (got " + limit + ")");
            }
        }
    }

    /** What the table knows about one listing's mall. */
    public enum Shown {
        /** The mall shows the ledger's sellable quantity. */
        SAME,
        /** The mall shows (or was last sent) another number. */
        DIFFERENT,
        /** The last mall read did not find the item. */
        NOT_ON_MALL,
        /** A push was requested after the last thing known about the mall; it has not been recorded yet. */
        PUSHING,
        /** Never pushed, never read. */
        UNCHECKED;

        public boolean differs() {
            return this == DIFFERENT || this == NOT_ON_MALL || this == PUSHING;
        }
    }

    /** Where a cell's shown quantity comes from. */
    public enum Source { PUSH, CHECK, NONE }

    /**
     * One listing that contains the row's SKU: a single item, or a set with its components.
     *
     * @param shown    what the mall shows according to {@code source}, at {@code shownAt}
     * @param lastPush the push log's entry (its status may be a failure: REJECTED, AUTH, RETRY)
     */
    public record Cell(ListingKey listing, List<dev.zaiko.domain.Component> components, boolean set, long sellable,
                       OptionalLong shown, Optional<Instant> shownAt, Source source, Shown status,
                       Optional<ListingPushLog.Entry> lastPush) {
        public boolean pushFailed() {
            return lastPush.isPresent() && lastPush.get().status() != null && lastPush.get().status() != PushStatus.OK;
        }
    }

    public record Row(StockReportService.StockRow stock, List<Cell> listings) {
        public boolean differs() {
            return listings.stream().anyMatch(c -> c.status().differs());
        }
    }

    /** A channel column: its last mall read (empty when never read). */
    public record Column(ChannelDirectory.Entry channel, Optional<ReconcileReports.Report> lastCheck) {
    }

    public record Page(int total, int offset, int limit, List<Column> channels, List<Row> rows, Instant snapshotAt) {
    }

    private final StockLedger store;
    private final ChannelDirectory channels;
    private final ListingPushLog pushLog;
    private final ReconcileReports reports;
    private final Clock clock;
    private final AtomicReference<StockSnapshot> snapshot = new AtomicReference<>();
    private final AtomicBoolean reloading = new AtomicBoolean();
    private final Object firstLoad = new Object();
    /** Listings whose next push is awaited, since when (a 反映, an edit, or a stock change seen on a page). */
    private final Map<ListingKey, Instant> awaited = new ConcurrentHashMap<>();

    public StockTableService(StockLedger store, ChannelDirectory channels, ListingPushLog pushLog,
                             ReconcileReports reports, Clock clock) {
        this.store = store;
        this.channels = channels;
        this.pushLog = pushLog;
        this.reports = reports;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ the snapshot

    /** Loads the snapshot now if there is none (a server may call this at start so the first page is quick). */
    public void warmUp() {
        current();
    }

    private StockSnapshot current() {
        StockSnapshot now = snapshot.get();
        if (now == null) {
            synchronized (firstLoad) {
                now = snapshot.get();
                if (now == null) {
                    now = load();
                    snapshot.set(now);
                }
            }
            return now;
        }
        if (Duration.between(now.loadedAt, clock.instant()).compareTo(MAX_AGE) > 0
                && reloading.compareAndSet(false, true)) {
            Thread.ofVirtual().name("stock-snapshot-reload").start(() -> {
                try {
                    StockSnapshot fresh = load();
                    snapshot.getAndUpdate(old -> {
                        if (old != null) {
                            old.mergeInto(fresh);
                        }
                        return fresh;
                    });
                } catch (RuntimeException e) {
                    // The old snapshot stays; the next request tries again.
                    System.err.println("stock snapshot reload failed: " + e);
                } finally {
                    reloading.set(false);
                }
            });
        }
        return now;
    }

    private StockSnapshot load() {
        StockSnapshot fresh = new StockSnapshot(clock.instant());
        store.allStock().forEach(fresh::putLevel);
        List<Listing> all = store.allListings();
        fresh.putListings(all);
        pushLog.entries(all.stream().map(Listing::key).toList()).values().forEach(fresh::putPush);
        for (ChannelDirectory.Entry channel : channels.channels()) {
            reports.latest(channel.id()).ifPresent(fresh::putReport);
        }
        return fresh;
    }

    // ------------------------------------------------------------------ pages

    public Page page(Query query) {
        List<ChannelDirectory.Entry> known = channels.channels();
        query.channelId().ifPresent(id -> {
            if (known.stream().noneMatch(c -> c.id().equals(id))) {
                throw OpsException.unknownChannel(id, known.stream().map(ChannelDirectory.Entry::id).sorted().toList());
            }
        });
        StockSnapshot s = current();
        Instant now = clock.instant();
        List<String> matching = new ArrayList<>();
        String needle = query.search().map(q -> q.toLowerCase(Locale.ROOT)).orElse(null);
        for (StockLevel level : s.levels.values()) {
            if (query.below().isPresent() && level.available() >= query.below().getAsLong()) {
                continue;
            }
            if (needle != null && !matchesSearch(s, level, needle)) {
                continue;
            }
            if (query.channelId().isPresent() && s.bySku.getOrDefault(level.sku(), List.of()).stream()
                    .noneMatch(k -> k.channelId().equals(query.channelId().get()))) {
                continue;
            }
            if (query.onlyDiff() && !differs(s, level.sku(), query.channelId(), now)) {
                continue;
            }
            matching.add(level.sku());
        }
        int total = matching.size();
        List<String> page = matching.subList(Math.min(query.offset(), total), Math.min(total, query.offset() + query.limit()));
        List<Row> rows = freshRows(s, page);
        return new Page(total, query.offset(), query.limit(), columns(s, known), rows, s.loadedAt);
    }

    /** The rows of these SKUs, re-read from the store (what an edit or a 反映 answers with). */
    public List<Row> rows(Collection<String> skus) {
        return freshRows(current(), List.copyOf(new LinkedHashSet<>(skus)));
    }

    public List<Column> columns() {
        return columns(current(), channels.channels());
    }

    private static List<Column> columns(StockSnapshot s, List<ChannelDirectory.Entry> known) {
        return known.stream().map(c -> new Column(c, Optional.ofNullable(s.reports.get(c.id())))).toList();
    }

    private static boolean matchesSearch(StockSnapshot s, StockLevel level, String needle) {
        String text = s.searchText.get(level.sku());
        if (text == null) {
            return false;
        }
        // sku and name: anywhere; JAN: its start (a fragment of digits inside a JAN matches too much)
        int nameEnd = text.lastIndexOf('\u0000');
        return text.substring(0, nameEnd).contains(needle) || text.substring(nameEnd + 1).startsWith(needle);
    }

    private boolean differs(StockSnapshot s, String sku, Optional<String> channelId, Instant now) {
        for (Listing listing : s.listingsOf(sku)) {
            if (channelId.isPresent() && !listing.key().channelId().equals(channelId.get())) {
                continue;
            }
            if (cell(s, listing, shownTarget(listing, s), now).status().differs()) {
                return true;
            }
        }
        return false;
    }

    private List<Row> freshRows(StockSnapshot s, List<String> skus) {
        Map<String, List<Listing>> listingsBySku = new LinkedHashMap<>();
        Set<String> toRead = new LinkedHashSet<>(skus);
        for (String sku : skus) {
            List<Listing> listings = s.listingsOf(sku);
            listingsBySku.put(sku, listings);
            listings.forEach(l -> toRead.addAll(l.skus()));
        }
        Map<String, StockLevel> fresh = toRead.isEmpty() ? Map.of() : store.readStock(toRead);
        Instant now = clock.instant();
        Set<ListingKey> reread = new LinkedHashSet<>();
        for (StockLevel level : fresh.values()) {
            StockLevel known = s.levels.get(level.sku());
            if (known != null && known.version() != level.version() && known.sellableUnits() != level.sellableUnits()) {
                // The ledger moved since the snapshot (an order, another admin): a push follows; watch for it.
                for (ListingKey key : s.bySku.getOrDefault(level.sku(), List.of())) {
                    awaited.putIfAbsent(key, now);
                }
            }
            s.putLevel(level);
        }
        listingsBySku.values().forEach(ls -> ls.forEach(l -> {
            Instant since = awaited.get(l.key());
            if (since != null) {
                reread.add(l.key());
            }
        }));
        if (!reread.isEmpty()) {
            Map<ListingKey, ListingPushLog.Entry> entries = pushLog.entries(reread);
            entries.values().forEach(s::putPush);
            for (ListingKey key : reread) {
                Instant since = awaited.get(key);
                ListingPushLog.Entry entry = s.pushes.get(key);
                if (since != null && ((entry != null && !entry.at().isBefore(since))
                        || Duration.between(since, now).compareTo(WATCH_FOR) > 0)) {
                    awaited.remove(key, since);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (String sku : skus) {
            StockLevel level = s.levels.get(sku);
            if (level == null || !fresh.containsKey(sku)) {
                continue; // deleted meanwhile
            }
            List<Cell> cells = new ArrayList<>();
            for (Listing listing : listingsBySku.get(sku)) {
                cells.add(cell(s, listing, shownTarget(listing, s), now));
            }
            rows.add(new Row(StockReportService.StockRow.of(level), cells));
        }
        return rows;
    }

    /**
     * What the system knows the mall shows for a listing: the newer of the last push and the last
     * mall read (a push is newer when it was recorded after the read started).
     */
    /** What the listing's channel should show: the sellable quantity less the channel's low-stock hold-back. */
    private long shownTarget(Listing listing, StockSnapshot s) {
        return channels.holdBack(listing.key().channelId()).shown(Sellable.quantity(listing, s.levels));
    }

    private Cell cell(StockSnapshot s, Listing listing, long sellable, Instant now) {
        ListingKey key = listing.key();
        Optional<ListingPushLog.Entry> push = Optional.ofNullable(s.pushes.get(key));
        ReconcileReports.Report report = s.reports.get(key.channelId());
        OptionalLong shown = OptionalLong.empty();
        Optional<Instant> at = Optional.empty();
        Source source = Source.NONE;
        boolean missing = false;

        // The last successful push: what the mall was sent. After a failed attempt the quantity is
        // older than the entry's time, so it counts as older than any read.
        Optional<Instant> pushAt = push.filter(e -> e.lastPushedQuantity().isPresent())
                .map(e -> e.status() == PushStatus.OK ? e.at() : Instant.EPOCH);
        boolean reportUsable = report != null && report.status() != ReconcileReports.Status.SKIPPED;
        ReconcileReports.Row row = reportUsable
                ? s.reportRows.getOrDefault(key.channelId(), Map.of()).get(key.itemKey()) : null;
        boolean reportCovers = reportUsable && (row != null || (report.status() == ReconcileReports.Status.COMPLETE
                && report.rowsOmitted() == 0));
        boolean pushNewer = pushAt.isPresent() && (!reportCovers || pushAt.get().isAfter(report.startedAt()));
        if (pushNewer) {
            shown = push.get().lastPushedQuantity();
            at = Optional.of(push.get().at());
            source = Source.PUSH;
        } else if (reportCovers) {
            at = Optional.of(report.finishedAt());
            source = Source.CHECK;
            if (row != null) {
                missing = row.finding() == ReconcileReports.Finding.MISSING_ON_MALL;
                shown = row.shown();
            } else {
                // The mall matched the ledger at the read; it holds what it was last sent, or, never
                // sent anything by us, what the ledger gave then (a later ledger change queues a push,
                // which the push log records).
                shown = pushAt.isPresent() ? push.get().lastPushedQuantity() : OptionalLong.of(sellable);
            }
        }
        Shown status;
        Instant since = awaited.get(key);
        if (since != null && (at.isEmpty() || since.isAfter(at.get()))
                && Duration.between(since, now).compareTo(WATCH_FOR) <= 0
                && !(shown.isPresent() && shown.getAsLong() == sellable && !missing)) {
            status = Shown.PUSHING;
        } else if (source == Source.NONE) {
            status = Shown.UNCHECKED;
        } else if (missing) {
            status = Shown.NOT_ON_MALL;
        } else {
            status = shown.isPresent() && shown.getAsLong() == sellable ? Shown.SAME : Shown.DIFFERENT;
        }
        return new Cell(key, listing.components(), listing.isSet(), sellable, shown, at, source, status, push);
    }

    // ------------------------------------------------------------------ patches from the admin layer

    /** Stock the admin layer just wrote: the snapshot takes it, and the SKU's listings await their push. */
    public void stockChanged(Collection<StockLevel> levels) {
        StockSnapshot s = current();
        Instant now = clock.instant();
        for (StockLevel level : levels) {
            StockLevel before = s.levels.get(level.sku());
            s.putLevel(level);
            if (before == null || before.sellableUnits() != level.sellableUnits()) {
                s.bySku.getOrDefault(level.sku(), List.of()).forEach(k -> awaited.put(k, now));
            }
        }
    }

    /** 反映 requested for these listings: shown as PUSHING until the push log records the push. */
    public void pushRequested(Collection<ListingKey> listings) {
        Instant now = clock.instant();
        listings.forEach(k -> awaited.put(k, now));
    }

    public void listingSaved(Listing listing) {
        current().putListing(listing);
    }

    public void listingRemoved(ListingKey key) {
        current().removeListing(key);
        awaited.remove(key);
    }

    public void reportSaved(ReconcileReports.Report report) {
        current().putReport(report);
    }

    /** Test and bench hook: how many listings the snapshot holds. */
    int snapshotListings() {
        return current().listings.size();
    }
}
