package dev.zaiko.app.ops;

import dev.zaiko.app.ListingMappings;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.Validation;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.StockLedger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code channel_id,item_key,sku[,units]}: one row per component; rows with the same channel and
 * item key make one listing (several rows: a set, セット商品). The whole file is checked first
 * (channels, keys, SKUs that exist, units, repeats, listings already mapped otherwise); one error
 * and nothing is written. Then every listing is mapped through the ledger service, which applies
 * the order lines kept UNMAPPED for it and pushes its quantity.
 */
public final class ListingImportService {
    public static final List<String> REQUIRED = List.of("channel_id", "item_key", "sku");
    public static final List<String> OPTIONAL = List.of("units");
    /** Above this many listings one scan of the listings beats one read per listing. */
    private static final int SCAN_ABOVE = 200;

    /** A listing as the file describes it, with the line of its first row. */
    public record Planned(int line, ListingKey key, List<Component> components) {
    }

    /**
     * @param unknownAtMall listings whose mall does not know the item key, for malls that would accept
     *                      writes to it silently (Rakuten, Yahoo): mapped anyway, reported to fix
     */
    public record Result(String file, int rows, int listings, boolean dryRun, List<LineError> errors, int created,
                         int replaced, int unchanged, List<LineError> failed, List<LineError> unknownAtMall) {
        public boolean applied() {
            return errors.isEmpty() && !dryRun;
        }
    }

    private final ListingMappings mappings;
    private final StockLedger store;
    private final ChannelDirectory channels;
    private final int parallelism;

    public ListingImportService(ListingMappings mappings, StockLedger store, ChannelDirectory channels, int parallelism) {
        this.mappings = mappings;
        this.store = store;
        this.channels = channels;
        this.parallelism = parallelism;
    }

    public Result importCsv(String fileName, byte[] csv, boolean replace, boolean dryRun, Progress progress) {
        String file = Parallel.fileLabel(fileName);
        CsvTable table = CsvTable.parse(csv, REQUIRED, OPTIONAL);
        List<LineError> errors = new ArrayList<>(table.errors());
        Map<ListingKey, Optional<Listing>> existing = new HashMap<>();
        List<Planned> planned = validate(table, replace, errors, existing, progress);
        errors.sort(null);
        if (!errors.isEmpty()) {
            return new Result(file, table.rows().size(), planned.size(), dryRun, errors, 0, 0, 0, List.of(), List.of());
        }
        List<LineError> unknownAtMall = checkAtMalls(planned);
        if (dryRun) {
            return new Result(file, table.rows().size(), planned.size(), true, errors, 0, 0, 0, List.of(),
                    unknownAtMall);
        }
        enum Outcome { CREATED, REPLACED, UNCHANGED }
        record Applied(Optional<Outcome> outcome, Optional<LineError> failure) {
        }
        List<Applied> applied = Parallel.map(planned, parallelism, "apply", progress, listing -> {
            try {
                Optional<Listing> before = existing.getOrDefault(listing.key(), Optional.empty());
                mappings.mapListing(listing.key(), listing.components(), replace);
                Outcome outcome = before.isEmpty() ? Outcome.CREATED
                        : before.get().sameMappingAs(new Listing(listing.key(), listing.components(), 1))
                        ? Outcome.UNCHANGED : Outcome.REPLACED;
                return new Applied(Optional.of(outcome), Optional.empty());
            } catch (RuntimeException e) {
                return new Applied(Optional.empty(), Optional.of(new LineError(listing.line(),
                        "not applied: " + e.getMessage())));
            }
        });
        Map<Outcome, Long> counts = applied.stream().flatMap(a -> a.outcome().stream())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        return new Result(file, table.rows().size(), planned.size(), false, List.of(),
                counts.getOrDefault(Outcome.CREATED, 0L).intValue(),
                counts.getOrDefault(Outcome.REPLACED, 0L).intValue(),
                counts.getOrDefault(Outcome.UNCHANGED, 0L).intValue(),
                applied.stream().flatMap(a -> a.failure().stream()).sorted().toList(), unknownAtMall);
    }

    /** Asks the malls that accept unknown keys silently whether they know each mapped item key. */
    private List<LineError> checkAtMalls(List<Planned> planned) {
        Map<String, List<Planned>> byChannel = new TreeMap<>();
        planned.forEach(p -> byChannel.computeIfAbsent(p.key().channelId(), c -> new ArrayList<>()).add(p));
        List<LineError> unknown = new ArrayList<>();
        byChannel.forEach((channelId, listings) -> {
            dev.zaiko.domain.channel.ChannelAdapter adapter;
            try {
                adapter = channels.adapter(channelId);
            } catch (RuntimeException e) {
                unknown.add(new LineError(listings.get(0).line(), "could not check " + channelId + " at the mall: "
                        + e.getMessage()));
                return;
            }
            if (!adapter.acceptsUnknownItemKeysSilently()) {
                return;
            }
            for (int from = 0; from < listings.size(); from += 100) {
                List<Planned> chunk = listings.subList(from, Math.min(listings.size(), from + 100));
                try {
                    Map<String, Long> shown = adapter.shownStock().shownQuantities(
                            chunk.stream().map(p -> p.key().itemKey()).toList());
                    for (Planned p : chunk) {
                        if (!shown.containsKey(p.key().itemKey())) {
                            unknown.add(LineError.of(p.line(), "UNKNOWN_AT_MALL", channelId + " does not know item '"
                                    + p.key().itemKey() + "' (its stock API has no such item; the mall would accept"
                                    + " pushes to it silently): check the key", "channel", channelId,
                                    "itemKey", p.key().itemKey()));
                        }
                    }
                } catch (RuntimeException e) {
                    unknown.add(new LineError(chunk.get(0).line(), "could not check " + channelId + " at the mall: "
                            + e.getMessage()));
                    return;
                }
            }
        });
        unknown.sort(null);
        return unknown;
    }

    private List<Planned> validate(CsvTable table, boolean replace, List<LineError> errors,
                                   Map<ListingKey, Optional<Listing>> existing, Progress progress) {
        Set<String> known = new TreeSet<>();
        channels.channels().forEach(c -> known.add(c.id()));
        record Part(int line, Component component) {
        }
        Map<ListingKey, List<Part>> byListing = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        Set<ListingKey> broken = new LinkedHashSet<>();
        int checked = 0;
        for (CsvTable.Row row : table.rows()) {
            progress.update("validate", ++checked, table.rows().size());
            int line = row.line();
            String channelId = row.get("channel_id");
            String itemKey = row.get("item_key");
            String sku = row.get("sku");
            String unitsText = row.get("units");
            boolean ok = true;
            if (channelId.isEmpty()) {
                errors.add(LineError.of(line, "CHANNEL_EMPTY", "channel_id is empty"));
                ok = false;
            } else if (!known.contains(channelId)) {
                errors.add(LineError.of(line, "UNKNOWN_CHANNEL", "unknown channel '" + channelId + "' (channels: "
                        + String.join(", ", known) + ")", "channel", channelId, "channels", String.join(", ", known)));
                ok = false;
            }
            ListingKey key = null;
            if (itemKey.isEmpty()) {
                errors.add(LineError.of(line, "ITEM_KEY_EMPTY", "item_key is empty"));
                ok = false;
            } else if (ok) {
                try {
                    key = new ListingKey(channelId, itemKey);
                } catch (IllegalArgumentException e) {
                    errors.add(new LineError(line, e.getMessage()));
                    ok = false;
                }
            }
            if (sku.isEmpty()) {
                errors.add(LineError.of(line, "SKU_EMPTY", "sku is empty"));
                ok = false;
            } else {
                try {
                    Validation.sku(sku);
                } catch (IllegalArgumentException e) {
                    errors.add(new LineError(line, e.getMessage()));
                    ok = false;
                }
            }
            int units = 1;
            if (!unitsText.isEmpty()) {
                if (!unitsText.matches("\\d{1,9}") || Long.parseLong(unitsText) < 1) {
                    errors.add(new LineError(line, "units must be a whole number of at least 1 (got \""
                            + unitsText + "\")"));
                    ok = false;
                } else if (Long.parseLong(unitsText) > Component.MAX_UNITS) {
                    errors.add(new LineError(line, "units must be at most " + Component.MAX_UNITS + " (got "
                            + unitsText + ")"));
                    ok = false;
                } else {
                    units = Integer.parseInt(unitsText);
                }
            }
            if (!channelId.isEmpty() && !itemKey.isEmpty() && !sku.isEmpty()) {
                Integer earlier = seen.putIfAbsent(channelId + "\u0000" + itemKey + "\u0000" + sku, line);
                if (earlier != null) {
                    errors.add(new LineError(line, "channel_id,item_key,sku " + channelId + "," + itemKey + ","
                            + sku + " repeats line " + earlier));
                    ok = false;
                }
            }
            if (key != null && !ok) {
                broken.add(key);
            }
            if (ok) {
                byListing.computeIfAbsent(key, k -> new ArrayList<>()).add(new Part(line, new Component(sku, units)));
            }
        }
        byListing.keySet().removeAll(broken);

        List<Planned> planned = new ArrayList<>();
        Set<String> skus = new LinkedHashSet<>();
        byListing.forEach((key, parts) -> {
            if (parts.size() > Listing.MAX_COMPONENTS) {
                errors.add(new LineError(parts.get(0).line(), "listing " + key + " has " + parts.size()
                        + " components; at most " + Listing.MAX_COMPONENTS));
                return;
            }
            parts.forEach(p -> skus.add(p.component().sku()));
            planned.add(new Planned(parts.get(0).line(), key, parts.stream().map(Part::component).toList()));
        });

        Map<String, StockLevel> stock = skus.isEmpty() ? Map.of() : store.readStock(skus);
        List<Planned> valid = new ArrayList<>();
        for (Planned listing : planned) {
            boolean ok = true;
            for (Part part : byListing.get(listing.key())) {
                if (!stock.containsKey(part.component().sku())) {
                    errors.add(LineError.of(part.line(), "UNKNOWN_SKU", "unknown sku " + part.component().sku()
                            + " (import it with `zaiko stock import` first)", "sku", part.component().sku()));
                    ok = false;
                }
            }
            if (ok) {
                valid.add(listing);
            }
        }

        existing.putAll(currentMappings(valid.stream().map(Planned::key).toList()));
        List<Planned> result = new ArrayList<>();
        for (Planned listing : valid) {
            Optional<Listing> current = existing.getOrDefault(listing.key(), Optional.empty());
            Listing wanted = new Listing(listing.key(), listing.components(), 1);
            if (current.isPresent() && !current.get().sameMappingAs(wanted) && !replace) {
                errors.add(LineError.of(listing.line(), "ALREADY_MAPPED", "listing " + listing.key() + " is already mapped to "
                        + describe(current.get().components()) + "; this file maps it to "
                        + describe(listing.components()) + " (use --replace to change it)", "listing", listing.key(),
                        "current", describe(current.get().components()), "wanted", describe(listing.components())));
                continue;
            }
            result.add(listing);
        }
        return result;
    }

    private Map<ListingKey, Optional<Listing>> currentMappings(List<ListingKey> keys) {
        Map<ListingKey, Optional<Listing>> current = new HashMap<>();
        if (keys.size() > SCAN_ABOVE) {
            Map<ListingKey, Listing> all = new HashMap<>();
            store.allListings().forEach(l -> all.put(l.key(), l));
            keys.forEach(k -> current.put(k, Optional.ofNullable(all.get(k))));
        } else {
            keys.forEach(k -> current.put(k, store.findListing(k)));
        }
        return current;
    }

    static String describe(List<Component> components) {
        return components.stream().sorted(java.util.Comparator.comparing(Component::sku))
                .map(c -> c.sku() + " x" + c.units()).collect(Collectors.joining(" + ", "[", "]"));
    }
}
