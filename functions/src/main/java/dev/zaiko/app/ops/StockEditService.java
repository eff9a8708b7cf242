package dev.zaiko.app.ops;

import dev.zaiko.app.AdjustResult;
import dev.zaiko.app.ListingMappings;
import dev.zaiko.app.PushRequests;
import dev.zaiko.app.StockAdjustments;
import dev.zaiko.app.ListingMappingException;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.PushRequest;
import dev.zaiko.domain.StockAdjustment;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.Validation;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.StockLedger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The console's row and bulk actions: set / add / subtract stock or set safety stock on several
 * SKUs (checked as a whole first, like a CSV: one problem and nothing is written), push chosen SKUs
 * to chosen malls now (反映), link and unlink one mall item, and the listing reports (SKUs linked
 * twice on one mall, ordered items that are linked to nothing).
 */
public final class StockEditService {
    public static final int MAX_SKUS = 1000;

    public enum Operation { SET, ADD, SUBTRACT, SAFETY }

    /** One SKU's outcome; {@code problem} when it could not be applied after the check passed. */
    public record Edited(String sku, Optional<StockLevel> before, Optional<StockLevel> after, Optional<String> problem) {
    }

    /** @param errors problems found by the check; when not empty nothing was written */
    public record EditResult(List<LineError> errors, List<Edited> edited) {
    }

    public record DuplicateLink(String channelId, String sku, List<ListingKey> listings) {
    }

    /** An item the malls sold that no SKU is linked to: its order lines wait as UNMAPPED. */
    public record UnknownItem(ListingKey listing, int lines, long units, List<String> orderIds) {
    }

    public record ListingReport(List<DuplicateLink> duplicates, List<UnknownItem> unknown) {
    }

    private final StockAdjustments adjustments;
    private final ListingMappings mappings;
    private final PushRequests pushes;
    private final StockLedger store;
    private final ChannelDirectory channels;

    public StockEditService(StockAdjustments adjustments, ListingMappings mappings, PushRequests pushes,
                            StockLedger store, ChannelDirectory channels) {
        this.adjustments = adjustments;
        this.mappings = mappings;
        this.pushes = pushes;
        this.store = store;
        this.channels = channels;
    }

    public EditResult adjust(List<String> skus, Operation operation, long quantity, String user) {
        List<LineError> errors = new ArrayList<>();
        if (skus.isEmpty() || skus.size() > MAX_SKUS) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "SKU_COUNT", java.util.Map.of("max", MAX_SKUS,
                    "count", skus.size()), "give 1 to " + MAX_SKUS + " SKUs (got " + skus.size() + ")");
        }
        if (quantity < 0 || quantity > Validation.MAX_STOCK) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "BAD_QUANTITY", java.util.Map.of("value", quantity,
                    "max", Validation.MAX_STOCK), "quantity must be a whole number from 0 to "
                    + Validation.MAX_STOCK + " (got " + quantity + ")");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String sku : skus) {
            try {
                Validation.sku(sku);
            } catch (IllegalArgumentException e) {
                errors.add(LineError.of(0, "BAD_SKU", e.getMessage(), "sku", sku));
                continue;
            }
            if (!unique.add(sku)) {
                errors.add(LineError.of(0, "SKU_REPEATED", "sku " + sku + " is given twice", "sku", sku));
            }
        }
        Map<String, StockLevel> current = unique.isEmpty() ? Map.of() : store.readStock(unique);
        for (String sku : unique) {
            StockLevel level = current.get(sku);
            if (level == null) {
                errors.add(LineError.of(0, "UNKNOWN_SKU", "no SKU " + sku + " in the ledger", "sku", sku));
            } else if (operation == Operation.SUBTRACT && quantity > level.available()) {
                errors.add(LineError.of(0, "SUBTRACT_BELOW_ZERO", "cannot subtract " + quantity + " from " + sku
                        + ": only " + level.available() + " available", "sku", sku, "quantity", quantity,
                        "available", level.available()));
            } else if (operation == Operation.ADD && level.available() + quantity > Validation.MAX_STOCK) {
                errors.add(LineError.of(0, "ADD_ABOVE_MAX", "adding " + quantity + " to " + sku + " would exceed "
                        + Validation.MAX_STOCK, "sku", sku, "quantity", quantity, "max", Validation.MAX_STOCK));
            }
        }
        if (!errors.isEmpty()) {
            return new EditResult(errors, List.of());
        }
        StockAdjustment adjustment = switch (operation) {
            case SET -> new StockAdjustment.SetAvailable(quantity);
            case ADD -> new StockAdjustment.Add(quantity);
            case SUBTRACT -> new StockAdjustment.Subtract(quantity);
            case SAFETY -> new StockAdjustment.SetSafetyStock(quantity);
        };
        ChangeSource source = ChangeSource.admin(user);
        List<Edited> edited = new ArrayList<>();
        for (String sku : unique) {
            try {
                AdjustResult result = adjustments.adjust(sku, adjustment, source);
                edited.add(new Edited(sku, result.before(), Optional.of(result.after()), Optional.empty()));
            } catch (RuntimeException e) {
                // An order took the units between the check and this write: reported, never clipped.
                edited.add(new Edited(sku, Optional.ofNullable(current.get(sku)), Optional.empty(),
                        Optional.of("not applied: " + e.getMessage())));
            }
        }
        return new EditResult(List.of(), edited);
    }

    /** 反映: the listings of these SKUs on these channels (all channels when none are named) are pushed now. */
    public DriftService.PushReport push(List<String> skus, List<String> channelIds) {
        if (skus.isEmpty() || skus.size() > MAX_SKUS) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "SKU_COUNT", java.util.Map.of("max", MAX_SKUS,
                    "count", skus.size()), "give 1 to " + MAX_SKUS + " SKUs (got " + skus.size() + ")");
        }
        Set<String> known = new TreeSet<>();
        channels.channels().forEach(c -> known.add(c.id()));
        for (String channelId : channelIds) {
            if (!known.contains(channelId)) {
                throw OpsException.unknownChannel(channelId, known);
            }
        }
        skus.forEach(Validation::sku);
        Map<String, StockLevel> found = store.readStock(skus);
        for (String sku : skus) {
            if (!found.containsKey(sku)) {
                throw OpsException.unknownSku(sku);
            }
        }
        Set<ListingKey> keys = new LinkedHashSet<>();
        for (String sku : new TreeSet<>(skus)) {
            store.listingsContaining(sku).stream()
                    .filter(k -> channelIds.isEmpty() || channelIds.contains(k.channelId()))
                    .forEach(keys::add);
        }
        List<PushRequest> requests = pushes.requestListingPushes(keys);
        Map<String, Integer> byChannel = new TreeMap<>();
        requests.forEach(r -> byChannel.merge(r.listing().channelId(), 1, Integer::sum));
        return new DriftService.PushReport(requests.size(), (int) requests.stream().filter(PushRequest::urgent).count(),
                new LinkedHashMap<>(byChannel), requests.stream().map(PushRequest::listing).toList());
    }

    /** Links one mall item to SKUs (a set when several, or one SKU with units > 1), refused if mapped otherwise unless {@code replace}. */
    public Listing link(String channelId, String itemKey, List<Component> components, boolean replace) {
        ListingKey key = key(channelId, itemKey);
        if (components.isEmpty() || components.size() > Listing.MAX_COMPONENTS) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "COMPONENT_COUNT", java.util.Map.of("max",
                    Listing.MAX_COMPONENTS, "count", components.size()), "give 1 to " + Listing.MAX_COMPONENTS
                    + " components (got " + components.size() + ")");
        }
        Set<String> skus = new LinkedHashSet<>();
        for (Component component : components) {
            if (!skus.add(component.sku())) {
                throw new OpsException(OpsException.Kind.BAD_REQUEST, "COMPONENT_REPEATED", java.util.Map.of("sku",
                        component.sku()), "sku " + component.sku() + " is given twice");
            }
        }
        Map<String, StockLevel> found = store.readStock(skus);
        List<String> missing = skus.stream().filter(s -> !found.containsKey(s)).toList();
        if (!missing.isEmpty()) {
            throw new OpsException(OpsException.Kind.NOT_FOUND, "UNKNOWN_SKU", java.util.Map.of("sku",
                    String.join(", ", missing)), "no SKU " + String.join(", ", missing) + " in the ledger (create it first)");
        }
        try {
            return mappings.mapListing(key, components, replace);
        } catch (ListingMappingException e) {
            throw new OpsException(OpsException.Kind.CONFLICT, "ALREADY_MAPPED", java.util.Map.of("listing", key,
                    "current", "", "wanted", ListingImportService.describe(components)), e.getMessage());
        }
    }

    public Listing unlink(String channelId, String itemKey) {
        ListingKey key = key(channelId, itemKey);
        try {
            return mappings.unmapListing(key);
        } catch (ListingMappingException e) {
            throw new OpsException(store.findListing(key).isEmpty() ? OpsException.Kind.NOT_FOUND
                    : OpsException.Kind.CONFLICT, e.getMessage());
        }
    }

    public ListingReport report() {
        Map<String, List<ListingKey>> byChannelAndSku = new TreeMap<>();
        // A set (several components) or a pack (one SKU × n) is a listing of its own, never a duplicate:
        // only two plain items selling the same SKU one by one on the same mall are reported.
        for (Listing listing : store.allListings()) {
            if (listing.components().size() != 1 || listing.components().get(0).units() != 1) {
                continue;
            }
            String sku = listing.components().get(0).sku();
            byChannelAndSku.computeIfAbsent(listing.key().channelId() + "\u0000" + sku, k -> new ArrayList<>())
                    .add(listing.key());
        }
        List<DuplicateLink> duplicates = new ArrayList<>();
        byChannelAndSku.forEach((k, keys) -> {
            if (keys.size() > 1) {
                int cut = k.indexOf('\u0000');
                duplicates.add(new DuplicateLink(k.substring(0, cut), k.substring(cut + 1), List.copyOf(keys)));
            }
        });
        Map<ListingKey, List<OrderLine>> unmapped = new TreeMap<>(java.util.Comparator.comparing(ListingKey::value));
        for (OrderLine line : store.linesNeedingAttention(LineState.UNMAPPED, 10_000)) {
            unmapped.computeIfAbsent(line.listingKey(), k -> new ArrayList<>()).add(line);
        }
        List<UnknownItem> unknown = new ArrayList<>();
        unmapped.forEach((key, lines) -> unknown.add(new UnknownItem(key, lines.size(),
                lines.stream().mapToLong(OrderLine::quantity).sum(),
                lines.stream().map(OrderLine::orderId).distinct().sorted().limit(20).toList())));
        return new ListingReport(duplicates, unknown);
    }

    private ListingKey key(String channelId, String itemKey) {
        if (channels.find(channelId).isEmpty()) {
            throw OpsException.unknownChannel(channelId,
                    channels.channels().stream().map(ChannelDirectory.Entry::id).sorted().toList());
        }
        if (itemKey == null || itemKey.isBlank()) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "ITEM_KEY_EMPTY", java.util.Map.of(), "item_key is empty");
        }
        try {
            return new ListingKey(channelId, itemKey);
        } catch (IllegalArgumentException e) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "BAD_ITEM_KEY", java.util.Map.of("itemKey", itemKey),
                    e.getMessage());
        }
    }
}
