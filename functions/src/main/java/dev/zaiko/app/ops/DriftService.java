package dev.zaiko.app.ops;

import dev.zaiko.app.PushRequests;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushRequest;
import dev.zaiko.domain.Sellable;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.StockLedger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * 差異 and 反映: compares, for every mapped listing, what its mall shows with the sellable quantity
 * the ledger gives it (read in bulk through each mall's {@code StockReader}); and asks the pushers to
 * write the ledger's quantity again (push requests through the ledger service: queued, then the
 * pusher woken), for one SKU, one channel or everything.
 */
public final class DriftService {
    /** Item keys per {@code StockReader} call: progress shows, and one slow mall call stays small. */
    static final int READ_CHUNK = 100;

    public enum Status {
        /** The mall shows the ledger's sellable quantity. */
        SAME,
        /** The mall shows another number. */
        DIFFERENT,
        /** The mall does not list the item (deleted, or a wrong item key). */
        NOT_ON_MALL,
        /** The mall could not be read (see the channel's problem). */
        UNREAD
    }

    public record DiffLine(ListingKey listing, String components, long sellable, OptionalLong shown, Status status) {
        public long difference() {
            return shown.isPresent() ? shown.getAsLong() - sellable : 0;
        }
    }

    public record ChannelProblem(String channelId, String message) {
    }

    public record DiffReport(List<DiffLine> lines, List<ChannelProblem> problems) {
        public long differing() {
            return lines.stream().filter(l -> l.status() != Status.SAME).count();
        }
    }

    /** Exactly one of the three. */
    public sealed interface PushTarget {
        record Sku(String sku) implements PushTarget {
        }

        record Channel(String channelId) implements PushTarget {
        }

        record All() implements PushTarget {
        }
    }

    /** @param listings the listings asked to push (what the console marks as being pushed) */
    public record PushReport(int requested, int urgent, Map<String, Integer> byChannel, List<ListingKey> listings) {
        public PushReport {
            listings = List.copyOf(listings);
        }

        public PushReport(int requested, int urgent, Map<String, Integer> byChannel) {
            this(requested, urgent, byChannel, List.of());
        }
    }

    private final PushRequests pushes;
    private final StockLedger store;
    private final ChannelDirectory channels;

    public DriftService(PushRequests pushes, StockLedger store, ChannelDirectory channels) {
        this.pushes = pushes;
        this.store = store;
        this.channels = channels;
    }

    public DiffReport diff(Optional<String> channelId, Progress progress) {
        channelId.ifPresent(this::requireChannel);
        List<Listing> listings = store.allListings().stream()
                .filter(l -> channelId.isEmpty() || l.key().channelId().equals(channelId.get())).toList();
        Map<String, StockLevel> stock = new HashMap<>();
        if (!listings.isEmpty()) {
            store.allStock().forEach(level -> stock.put(level.sku(), level));
        }
        Map<String, List<Listing>> byChannel = new LinkedHashMap<>();
        listings.forEach(l -> byChannel.computeIfAbsent(l.key().channelId(), c -> new ArrayList<>()).add(l));
        List<DiffLine> lines = new ArrayList<>();
        List<ChannelProblem> problems = new ArrayList<>();
        long done = 0;
        for (Map.Entry<String, List<Listing>> channel : byChannel.entrySet()) {
            String id = channel.getKey();
            Map<String, Long> shown = new HashMap<>();
            Optional<String> problem = channels.find(id).isEmpty()
                    ? Optional.of("channel " + id + " is not configured any more") : Optional.empty();
            List<Listing> group = channel.getValue();
            for (int from = 0; from < group.size() && problem.isEmpty(); from += READ_CHUNK) {
                List<String> keys = group.subList(from, Math.min(group.size(), from + READ_CHUNK)).stream()
                        .map(l -> l.key().itemKey()).toList();
                try {
                    shown.putAll(channels.adapter(id).shownStock().shownQuantities(keys));
                } catch (RuntimeException e) {
                    problem = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
                }
                done += keys.size();
                progress.update("read " + id, done, listings.size());
            }
            problem.ifPresent(p -> problems.add(new ChannelProblem(id, p)));
            for (Listing listing : group) {
                // What this channel should show: the sellable quantity less its low-stock hold-back.
                long sellable = channels.holdBack(id).shown(Sellable.quantity(listing, stock));
                Long quantity = shown.get(listing.key().itemKey());
                Status status = problem.isPresent() ? Status.UNREAD
                        : quantity == null ? Status.NOT_ON_MALL
                        : quantity == sellable ? Status.SAME : Status.DIFFERENT;
                lines.add(new DiffLine(listing.key(), ListingImportService.describe(listing.components()), sellable,
                        quantity == null ? OptionalLong.empty() : OptionalLong.of(quantity), status));
            }
        }
        return new DiffReport(lines, problems);
    }

    public PushReport push(PushTarget target) {
        List<PushRequest> requests = switch (target) {
            case PushTarget.Sku sku -> {
                if (store.readStock(List.of(sku.sku())).isEmpty()) {
                    throw OpsException.unknownSku(sku.sku());
                }
                yield pushes.requestPushes(List.of(sku.sku()));
            }
            case PushTarget.Channel channel -> {
                requireChannel(channel.channelId());
                yield pushes.requestListingPushes(store.allListings().stream().map(Listing::key)
                        .filter(k -> k.channelId().equals(channel.channelId())).toList());
            }
            case PushTarget.All ignored -> pushes.requestListingPushes(
                    store.allListings().stream().map(Listing::key).toList());
        };
        Map<String, Integer> byChannel = new LinkedHashMap<>();
        new TreeSet<>(requests.stream().map(r -> r.listing().channelId()).toList()).forEach(c -> byChannel.put(c, 0));
        requests.forEach(r -> byChannel.merge(r.listing().channelId(), 1, Integer::sum));
        return new PushReport(requests.size(), (int) requests.stream().filter(PushRequest::urgent).count(), byChannel,
                requests.stream().map(PushRequest::listing).toList());
    }

    private void requireChannel(String channelId) {
        if (channels.find(channelId).isEmpty()) {
            throw OpsException.unknownChannel(channelId,
                    channels.channels().stream().map(ChannelDirectory.Entry::id).sorted().toList());
        }
    }
}
