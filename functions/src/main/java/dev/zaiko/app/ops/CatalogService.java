package dev.zaiko.app.ops;

import dev.zaiko.app.ListingMappings;
import dev.zaiko.app.StockAdjustments;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.Validation;
import dev.zaiko.domain.channel.CatalogItem;
import dev.zaiko.domain.channel.CatalogReader;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.StockLedger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Listings from a mall's own catalogue: auto-link (a mall item whose JAN, or whose code, equals a
 * master SKU's is mapped to it, one unit) and import from Amazon (each Amazon listing becomes a
 * master SKU of the same code, with its title, JAN and shown quantity, and its listing, in one step).
 */
public final class CatalogService {
    public enum MatchBy { JAN, CODE }

    public record Linked(ListingKey listing, String sku, String title, String matchedOn) {
    }

    public record NotLinked(String itemKey, Optional<String> code, Optional<String> jan, String title, String reason) {
    }

    public record AutoLinkReport(String channelId, MatchBy by, boolean dryRun, int catalogueItems,
                                 List<Linked> linked, int alreadyLinked, List<NotLinked> notLinked) {
    }

    public record CatalogImportReport(String channelId, boolean dryRun, int catalogueItems, List<String> createdSkus,
                                      List<Linked> linked, int alreadyLinked, List<NotLinked> skipped) {
    }

    private final StockAdjustments adjustments;
    private final ListingMappings mappings;
    private final StockLedger store;
    private final ChannelDirectory channels;

    public CatalogService(StockAdjustments adjustments, ListingMappings mappings, StockLedger store,
                          ChannelDirectory channels) {
        this.adjustments = adjustments;
        this.mappings = mappings;
        this.store = store;
        this.channels = channels;
    }

    public AutoLinkReport autoLink(String channelId, MatchBy by, boolean dryRun, Progress progress) {
        List<CatalogItem> items = catalogue(channelId);
        Map<String, List<String>> skusByJan = new HashMap<>();
        Set<String> skus = new HashSet<>();
        for (StockLevel level : store.allStock()) {
            skus.add(level.sku());
            level.jan().ifPresent(jan -> skusByJan.computeIfAbsent(jan, j -> new ArrayList<>()).add(level.sku()));
        }
        Set<ListingKey> mapped = mappedOn(channelId);
        List<Linked> linked = new ArrayList<>();
        List<NotLinked> notLinked = new ArrayList<>();
        int already = 0;
        int done = 0;
        for (CatalogItem item : items) {
            progress.update("link", ++done, items.size());
            ListingKey key;
            try {
                key = new ListingKey(channelId, item.itemKey());
            } catch (IllegalArgumentException e) {
                notLinked.add(notLinked(item, "item key cannot be a listing key: " + e.getMessage()));
                continue;
            }
            if (mapped.contains(key)) {
                already++;
                continue;
            }
            Optional<String> value = by == MatchBy.JAN ? item.jan() : item.code();
            if (value.isEmpty()) {
                notLinked.add(notLinked(item, by == MatchBy.JAN ? "no JAN on the mall" : "no code on the mall"));
                continue;
            }
            List<String> candidates = by == MatchBy.JAN ? skusByJan.getOrDefault(value.get(), List.of())
                    : skus.contains(value.get()) ? List.of(value.get()) : List.of();
            if (candidates.isEmpty()) {
                notLinked.add(notLinked(item, by == MatchBy.JAN ? "no master SKU has JAN " + value.get()
                        : "no master SKU " + value.get()));
                continue;
            }
            if (candidates.size() > 1) {
                notLinked.add(notLinked(item, "JAN " + value.get() + " belongs to several master SKUs: "
                        + String.join(", ", new TreeSet<>(candidates))));
                continue;
            }
            String sku = candidates.get(0);
            if (!dryRun) {
                try {
                    mappings.mapListing(key, List.of(new Component(sku, 1)), false);
                } catch (RuntimeException e) {
                    notLinked.add(notLinked(item, "not linked: " + e.getMessage()));
                    continue;
                }
            }
            linked.add(new Linked(key, sku, item.title(), (by == MatchBy.JAN ? "jan " : "code ") + value.get()));
        }
        return new AutoLinkReport(channelId, by, dryRun, items.size(), linked, already, notLinked);
    }

    /**
     * The Amazon channel's listings as master SKUs and listings. An existing master SKU is kept as it
     * is (only its listing is added); a new one starts with the quantity Amazon shows.
     */
    public CatalogImportReport importAmazon(Optional<String> channelId, boolean dryRun, String actor,
                                            Progress progress) {
        String id = channelId.orElseGet(() -> {
            List<String> amazon = channels.channels().stream().filter(c -> c.type().equals("amazon"))
                    .map(ChannelDirectory.Entry::id).sorted().toList();
            if (amazon.size() != 1) {
                throw new OpsException(OpsException.Kind.BAD_REQUEST, amazon.isEmpty() ? "NO_AMAZON" : "SEVERAL_AMAZON",
                        java.util.Map.of("channels", String.join(", ", amazon)), amazon.isEmpty()
                        ? "no amazon channel is configured" : "several amazon channels " + amazon + ": name one");
            }
            return amazon.get(0);
        });
        ChannelDirectory.Entry entry = requireChannel(id);
        if (!entry.type().equals("amazon")) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "NOT_AMAZON", java.util.Map.of("channel", id,
                    "type", entry.type()), "channel " + id + " is a " + entry.type() + " channel, not amazon");
        }
        List<CatalogItem> items = catalogue(id);
        Set<ListingKey> mapped = mappedOn(id);
        List<String> codes = items.stream().flatMap(i -> i.code().stream()).distinct().toList();
        Map<String, StockLevel> existing = codes.isEmpty() ? Map.of() : store.readStock(codes);
        List<String> created = new ArrayList<>();
        List<Linked> linked = new ArrayList<>();
        List<NotLinked> skipped = new ArrayList<>();
        int already = 0;
        int done = 0;
        for (CatalogItem item : items) {
            progress.update("import", ++done, items.size());
            String sku = item.code().orElse(item.itemKey());
            ListingKey key;
            try {
                Validation.sku(sku);
                key = new ListingKey(id, item.itemKey());
            } catch (IllegalArgumentException e) {
                skipped.add(notLinked(item, "seller SKU cannot be a master SKU: " + e.getMessage()));
                continue;
            }
            if (mapped.contains(key)) {
                already++;
                continue;
            }
            try {
                if (!existing.containsKey(sku)) {
                    if (!dryRun) {
                        adjustments.define(sku, Math.max(0, Math.min(item.shown().orElse(0), Validation.MAX_STOCK)),
                                Optional.empty(), item.jan().filter(j -> Jan.problem(j).isEmpty()),
                                Optional.of(item.title()).filter(t -> !t.isBlank()),
                                ChangeSource.admin(actor + " (import-amazon)"));
                    }
                    created.add(sku);
                }
                if (!dryRun) {
                    mappings.mapListing(key, List.of(new Component(sku, 1)), false);
                }
                linked.add(new Linked(key, sku, item.title(), "code " + sku));
            } catch (RuntimeException e) {
                skipped.add(notLinked(item, "not imported: " + e.getMessage()));
            }
        }
        return new CatalogImportReport(id, dryRun, items.size(), created, linked, already, skipped);
    }

    private List<CatalogItem> catalogue(String channelId) {
        ChannelDirectory.Entry entry = requireChannel(channelId);
        Optional<CatalogReader> reader = channels.adapter(channelId).catalog();
        if (reader.isEmpty()) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "NO_CATALOGUE", java.util.Map.of("channel", channelId,
                    "type", entry.type()), "channel " + channelId + " (" + entry.type()
                    + ") cannot list its catalogue through its API here; link it with `zaiko listings import`"
                    + " (catalogue listing works for: shopify, amazon)");
        }
        try {
            return reader.get().items();
        } catch (RuntimeException e) {
            throw new OpsException(OpsException.Kind.CHANNEL_FAILED, "CATALOGUE_FAILED", java.util.Map.of("channel",
                    channelId, "message", String.valueOf(e.getMessage())), "reading the catalogue of " + channelId
                    + " failed: " + e.getMessage());
        }
    }

    private Set<ListingKey> mappedOn(String channelId) {
        Set<ListingKey> keys = new HashSet<>();
        store.allListings().stream().map(Listing::key).filter(k -> k.channelId().equals(channelId)).forEach(keys::add);
        return keys;
    }

    private ChannelDirectory.Entry requireChannel(String channelId) {
        return channels.find(channelId).orElseThrow(() -> new OpsException(OpsException.Kind.NOT_FOUND,
                "unknown channel '" + channelId + "' (channels: " + String.join(", ", channels.channels().stream()
                        .map(ChannelDirectory.Entry::id).sorted().toList()) + ")"));
    }

    private static NotLinked notLinked(CatalogItem item, String reason) {
        return new NotLinked(item.itemKey(), item.code(), item.jan(), item.title(), reason);
    }
}
