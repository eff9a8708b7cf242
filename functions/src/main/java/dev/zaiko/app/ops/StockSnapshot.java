package dev.zaiko.app.ops;

import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.port.ListingPushLog;
import dev.zaiko.domain.port.ReconcileReports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The console's in-process picture of the catalogue: every SKU, every mapped listing, each
 * listing's last push and each channel's last mall read (reconcile report), loaded in one pass and
 * then patched by what the admin layer itself writes or re-reads. The stock table filters and
 * pages over it, so a page never scans the store or calls a mall.
 *
 * <p>Consistency: patches only move forward (a stock level with a higher version, a push entry with
 * a later time, a newer report), so a reload that read the store before a patch cannot undo it. What
 * other processes change (orders, pushers) reaches the snapshot when a page re-reads its own rows
 * (see {@link StockTableService}) or at the next reload.
 */
final class StockSnapshot {
    final Instant loadedAt;
    final ConcurrentSkipListMap<String, StockLevel> levels = new ConcurrentSkipListMap<>();
    /** Lower-cased "sku name jan" per SKU, for search. */
    final ConcurrentHashMap<String, String> searchText = new ConcurrentHashMap<>();
    final ConcurrentHashMap<ListingKey, Listing> listings = new ConcurrentHashMap<>();
    /** Listings containing each SKU (sets too), ordered by key. */
    final ConcurrentHashMap<String, List<ListingKey>> bySku = new ConcurrentHashMap<>();
    final ConcurrentHashMap<ListingKey, ListingPushLog.Entry> pushes = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, ReconcileReports.Report> reports = new ConcurrentHashMap<>();
    /** Per channel, the report's rows by item key. */
    final ConcurrentHashMap<String, Map<String, ReconcileReports.Row>> reportRows = new ConcurrentHashMap<>();

    StockSnapshot(Instant loadedAt) {
        this.loadedAt = loadedAt;
    }

    void putLevel(StockLevel level) {
        levels.merge(level.sku(), level, (old, now) -> now.version() >= old.version() ? now : old);
        StockLevel kept = levels.get(level.sku());
        searchText.put(level.sku(), (kept.sku() + "\u0000" + kept.name().orElse("") + "\u0000"
                + kept.jan().orElse("")).toLowerCase(Locale.ROOT));
    }

    void putListings(Collection<Listing> all) {
        all.forEach(l -> listings.put(l.key(), l));
        Map<String, List<ListingKey>> index = new java.util.HashMap<>();
        for (Listing listing : listings.values()) {
            for (String sku : listing.skus()) {
                index.computeIfAbsent(sku, s -> new ArrayList<>()).add(listing.key());
            }
        }
        index.values().forEach(keys -> keys.sort(Comparator.comparing(ListingKey::value)));
        bySku.clear();
        index.forEach((sku, keys) -> bySku.put(sku, List.copyOf(keys)));
    }

    void putListing(Listing listing) {
        Listing old = listings.put(listing.key(), listing);
        if (old != null) {
            old.skus().forEach(sku -> unindex(sku, listing.key()));
        }
        for (String sku : listing.skus()) {
            bySku.compute(sku, (s, keys) -> {
                List<ListingKey> next = new ArrayList<>(keys == null ? List.of() : keys);
                next.add(listing.key());
                next.sort(Comparator.comparing(ListingKey::value));
                return List.copyOf(next);
            });
        }
    }

    void removeListing(ListingKey key) {
        Listing old = listings.remove(key);
        pushes.remove(key);
        if (old != null) {
            old.skus().forEach(sku -> unindex(sku, key));
        }
    }

    private void unindex(String sku, ListingKey key) {
        bySku.computeIfPresent(sku, (s, keys) -> {
            List<ListingKey> next = keys.stream().filter(k -> !k.equals(key)).toList();
            return next.isEmpty() ? null : next;
        });
    }

    void putPush(ListingPushLog.Entry entry) {
        pushes.merge(entry.listing(), entry, (old, now) -> now.at().isBefore(old.at()) ? old : now);
    }

    void putReport(ReconcileReports.Report report) {
        ReconcileReports.Report kept = reports.merge(report.channelId(), report,
                (old, now) -> now.startedAt().isBefore(old.startedAt()) ? old : now);
        if (kept == report) {
            Map<String, ReconcileReports.Row> rows = new java.util.HashMap<>();
            report.rows().forEach(r -> rows.put(r.itemKey(), r));
            reportRows.put(report.channelId(), rows);
        }
    }

    List<Listing> listingsOf(String sku) {
        List<Listing> out = new ArrayList<>();
        for (ListingKey key : bySku.getOrDefault(sku, List.of())) {
            Optional.ofNullable(listings.get(key)).ifPresent(out::add);
        }
        return out;
    }

    /** Carries forward into a fresh load whatever this snapshot knows that is newer (patches made during the load). */
    void mergeInto(StockSnapshot fresh) {
        levels.values().forEach(level -> {
            StockLevel loaded = fresh.levels.get(level.sku());
            if (loaded != null && level.version() > loaded.version()) {
                fresh.putLevel(level);
            }
        });
        pushes.values().forEach(entry -> {
            if (fresh.listings.containsKey(entry.listing())) {
                fresh.putPush(entry);
            }
        });
        reports.values().forEach(fresh::putReport);
    }
}
