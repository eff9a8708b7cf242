package dev.zaiko.app.ops;

import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.Sellable;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.Validation;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.StockLedger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The console's stock table: one page of master SKUs (searched and filtered on the server, so tens
 * of thousands of SKUs never travel to the browser), each with every listing that contains it and
 * what that listing's mall shows now next to the ledger's sellable quantity.
 *
 * <p>Cost: a page reads the SKU list (one scan), the listings of the page's SKUs (one index query
 * each) and asks each mall once for the shown quantities of the page's items. The channel filter
 * scans the listings; "only differing" compares every listing with its mall (as {@code diff} does),
 * so it is meant to be asked for, not polled.
 */
public final class StockTableService {
    public static final int MAX_PAGE = 200;

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
                throw new OpsException(OpsException.Kind.BAD_REQUEST, "search is longer than 200 characters");
            }
            channelId.ifPresent(c -> Validation.channelId(c, "channel"));
            if (below.isPresent() && (below.getAsLong() < 0 || below.getAsLong() > Validation.MAX_STOCK)) {
                throw new OpsException(OpsException.Kind.BAD_REQUEST, "below must be a whole number from 0 to "
                        + Validation.MAX_STOCK + " (got " + below.getAsLong() + ")");
            }
            if (offset < 0) {
                throw new OpsException(OpsException.Kind.BAD_REQUEST, "offset must not be negative (got " + offset + ")");
            }
            if (limit < 1 || limit > MAX_PAGE) {
                throw new OpsException(OpsException.Kind.BAD_REQUEST, "limit must be from 1 to " + MAX_PAGE
                        + " (got " + limit + ")");
            }
        }
    }

    /** One listing that contains the row's SKU: a single item, or a set with its components. */
    public record Cell(ListingKey listing, List<dev.zaiko.domain.Component> components, boolean set, long sellable,
                       OptionalLong shown, DriftService.Status status) {
    }

    public record Row(StockReportService.StockRow stock, List<Cell> listings) {
        public boolean differs() {
            return listings.stream().anyMatch(c -> c.status() != DriftService.Status.SAME);
        }
    }

    public record Page(int total, int offset, int limit, List<ChannelDirectory.Entry> channels, List<Row> rows,
                       List<DriftService.ChannelProblem> problems) {
    }

    private final StockLedger store;
    private final ChannelDirectory channels;
    private final DriftService drift;

    public StockTableService(StockLedger store, ChannelDirectory channels, DriftService drift) {
        this.store = store;
        this.channels = channels;
        this.drift = drift;
    }

    public Page page(Query query) {
        List<ChannelDirectory.Entry> known = channels.channels();
        query.channelId().ifPresent(id -> {
            if (known.stream().noneMatch(c -> c.id().equals(id))) {
                throw new OpsException(OpsException.Kind.NOT_FOUND, "unknown channel '" + id + "' (channels: "
                        + String.join(", ", known.stream().map(ChannelDirectory.Entry::id).sorted().toList()) + ")");
            }
        });
        List<StockLevel> matching = store.allStock().stream().filter(level -> matches(level, query)).toList();
        List<DriftService.ChannelProblem> problems = new ArrayList<>();
        if (query.channelId().isPresent()) {
            Set<String> listed = new HashSet<>();
            store.allListings().stream().filter(l -> l.key().channelId().equals(query.channelId().get()))
                    .forEach(l -> listed.addAll(l.skus()));
            matching = matching.stream().filter(level -> listed.contains(level.sku())).toList();
        }
        if (query.onlyDiff()) {
            DriftService.DiffReport report = drift.diff(query.channelId(), Progress.NONE);
            problems.addAll(report.problems());
            Set<String> differing = new HashSet<>();
            Map<ListingKey, Listing> byKey = new HashMap<>();
            store.allListings().forEach(l -> byKey.put(l.key(), l));
            report.lines().stream().filter(l -> l.status() != DriftService.Status.SAME)
                    .forEach(l -> Optional.ofNullable(byKey.get(l.listing())).ifPresent(x -> differing.addAll(x.skus())));
            matching = matching.stream().filter(level -> differing.contains(level.sku())).toList();
        }
        int total = matching.size();
        List<StockLevel> page = matching.subList(Math.min(query.offset(), total),
                Math.min(total, query.offset() + query.limit()));
        List<Row> rows = rows(page, problems);
        if (query.onlyDiff()) {
            // What the mall shows may have been repaired between the comparison and this read.
            rows = rows.stream().filter(Row::differs).toList();
        }
        return new Page(total, query.offset(), query.limit(), known, rows, dedupe(problems));
    }

    private static boolean matches(StockLevel level, Query query) {
        if (query.below().isPresent() && level.available() >= query.below().getAsLong()) {
            return false;
        }
        if (query.search().isEmpty()) {
            return true;
        }
        String needle = query.search().get().toLowerCase(Locale.ROOT);
        return level.sku().toLowerCase(Locale.ROOT).contains(needle)
                || level.name().map(n -> n.toLowerCase(Locale.ROOT).contains(needle)).orElse(false)
                || level.jan().map(j -> j.startsWith(needle)).orElse(false);
    }

    private List<Row> rows(List<StockLevel> page, List<DriftService.ChannelProblem> problems) {
        Map<String, List<Listing>> listingsBySku = new LinkedHashMap<>();
        Map<ListingKey, Listing> listings = new LinkedHashMap<>();
        for (StockLevel level : page) {
            List<Listing> found = new ArrayList<>();
            for (ListingKey key : new TreeSet<>(store.listingsContaining(level.sku()).stream()
                    .map(ListingKey::value).toList()).stream().map(ListingKey::parse).toList()) {
                Listing listing = listings.computeIfAbsent(key, k -> store.findListing(k).orElse(null));
                if (listing != null) {
                    found.add(listing);
                }
            }
            listingsBySku.put(level.sku(), found);
        }
        Map<String, StockLevel> levels = new HashMap<>();
        page.forEach(level -> levels.put(level.sku(), level));
        Set<String> components = new LinkedHashSet<>();
        listings.values().forEach(l -> components.addAll(l.skus()));
        components.removeAll(levels.keySet());
        if (!components.isEmpty()) {
            levels.putAll(store.readStock(components));
        }
        Map<String, List<String>> keysByChannel = new LinkedHashMap<>();
        listings.keySet().forEach(k -> keysByChannel.computeIfAbsent(k.channelId(), c -> new ArrayList<>())
                .add(k.itemKey()));
        Map<String, Map<String, Long>> shown = new HashMap<>();
        Set<String> unread = new HashSet<>();
        keysByChannel.forEach((channelId, keys) -> {
            try {
                shown.put(channelId, channels.adapter(channelId).shownStock().shownQuantities(keys));
            } catch (RuntimeException e) {
                unread.add(channelId);
                problems.add(new DriftService.ChannelProblem(channelId, e.getMessage() == null ? e.toString()
                        : e.getMessage()));
            }
        });
        List<Row> rows = new ArrayList<>();
        for (StockLevel level : page) {
            List<Cell> cells = new ArrayList<>();
            for (Listing listing : listingsBySku.get(level.sku())) {
                String channelId = listing.key().channelId();
                long sellable = Sellable.quantity(listing, levels);
                Long quantity = shown.getOrDefault(channelId, Map.of()).get(listing.key().itemKey());
                DriftService.Status status = unread.contains(channelId) ? DriftService.Status.UNREAD
                        : quantity == null ? DriftService.Status.NOT_ON_MALL
                        : quantity == sellable ? DriftService.Status.SAME : DriftService.Status.DIFFERENT;
                cells.add(new Cell(listing.key(), listing.components(), listing.isSet(), sellable,
                        quantity == null ? OptionalLong.empty() : OptionalLong.of(quantity), status));
            }
            rows.add(new Row(StockReportService.StockRow.of(level), cells));
        }
        return rows;
    }

    private static List<DriftService.ChannelProblem> dedupe(List<DriftService.ChannelProblem> problems) {
        Map<String, DriftService.ChannelProblem> byChannel = new LinkedHashMap<>();
        problems.forEach(p -> byChannel.putIfAbsent(p.channelId(), p));
        return List.copyOf(byChannel.values());
    }
}
