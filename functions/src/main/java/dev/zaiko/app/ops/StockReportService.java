package dev.zaiko.app.ops;

import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.Sellable;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.ListingPushLog;
import dev.zaiko.domain.port.StockLedger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** What the ledger holds: every SKU, one SKU with its listings and what each mall shows, a SKU's journal. */
public final class StockReportService {
    public static final String EXPORT_HEADER = "sku,quantity,safety_stock,jan";

    /** A SKU as the seller reads it; {@code sellable} is what every mall may show of it alone. */
    public record StockRow(String sku, long available, long safetyStock, long sellable, Optional<String> jan,
                           Optional<String> name, long version) {
        static StockRow of(StockLevel level) {
            return new StockRow(level.sku(), level.available(), level.safetyStock(), level.sellableUnits(),
                    level.jan(), level.name(), level.version());
        }
    }

    /**
     * One listing of the SKU: its components, the sellable quantity the ledger gives it, what its
     * mall shows now (empty with {@code shownProblem} when the mall could not say), and the last push.
     */
    public record ListingRow(ListingKey listing, String components, long sellable, OptionalLong shown,
                             String shownProblem, Optional<ListingPushLog.Entry> lastPush) {
    }

    public record StockDetail(StockRow stock, List<ListingRow> listings) {
    }

    private final StockLedger store;
    private final ChannelDirectory channels;
    private final ListingPushLog pushLog;

    public StockReportService(StockLedger store, ChannelDirectory channels, ListingPushLog pushLog) {
        this.store = store;
        this.channels = channels;
        this.pushLog = pushLog;
    }

    public List<StockRow> stock() {
        return store.allStock().stream().map(StockRow::of).toList();
    }

    /** The stock import's own format, so exporting then importing changes nothing. */
    public String exportCsv() {
        StringBuilder csv = new StringBuilder(EXPORT_HEADER).append("\r\n");
        for (StockLevel level : store.allStock()) {
            csv.append(field(level.sku())).append(',').append(level.available()).append(',')
                    .append(level.safetyStock()).append(',').append(field(level.jan().orElse(""))).append("\r\n");
        }
        return csv.toString();
    }

    public StockDetail show(String sku) {
        StockLevel level = store.readStock(List.of(sku)).get(sku);
        if (level == null) {
            throw OpsException.unknownSku(sku);
        }
        List<Listing> listings = new ArrayList<>();
        for (ListingKey key : store.listingsContaining(sku)) {
            store.findListing(key).ifPresent(listings::add);
        }
        Set<String> skus = new LinkedHashSet<>();
        listings.forEach(l -> skus.addAll(l.skus()));
        Map<String, StockLevel> levels = skus.isEmpty() ? Map.of() : store.readStock(skus);
        Map<String, List<String>> keysByChannel = new LinkedHashMap<>();
        listings.forEach(l -> keysByChannel.computeIfAbsent(l.key().channelId(), c -> new ArrayList<>())
                .add(l.key().itemKey()));
        Map<String, Map<String, Long>> shown = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        keysByChannel.forEach((channelId, keys) -> {
            try {
                shown.put(channelId, channels.adapter(channelId).shownStock().shownQuantities(keys));
            } catch (RuntimeException e) {
                problems.put(channelId, "could not read " + channelId + ": " + e.getMessage());
            }
        });
        List<ListingRow> rows = new ArrayList<>();
        for (Listing listing : listings) {
            String channelId = listing.key().channelId();
            Long quantity = shown.getOrDefault(channelId, Map.of()).get(listing.key().itemKey());
            String problem = problems.getOrDefault(channelId, quantity == null ? "the mall does not list this item" : "");
            rows.add(new ListingRow(listing.key(), ListingImportService.describe(listing.components()),
                    Sellable.quantity(listing, levels), quantity == null ? OptionalLong.empty()
                    : OptionalLong.of(quantity), problem, pushLog.entry(listing.key())));
        }
        return new StockDetail(StockRow.of(level), rows);
    }

    /** Newest first. */
    public List<JournalEntry> history(String sku, int limit) {
        List<JournalEntry> entries = store.journal(sku, Math.max(1, Math.min(limit, 1000)));
        if (entries.isEmpty() && store.readStock(List.of(sku)).isEmpty()) {
            throw OpsException.unknownSku(sku);
        }
        return entries;
    }

    /** RFC 4180: quote a field that holds a comma, a quote or a line break. */
    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
