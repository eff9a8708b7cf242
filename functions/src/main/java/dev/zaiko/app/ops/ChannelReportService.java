package dev.zaiko.app.ops;

import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.channel.SellerScreen;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.StockLedger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Each channel's health, cursor, queue and credential expiry; and the order lines a seller must act on. */
public final class ChannelReportService {
    /**
     * @param daysLeft     whole days until it expires (negative: expired), when the mall says when
     * @param needsRenewal within {@link CredentialStatus#WARN_AHEAD} of expiring, or past it
     */
    public record CredentialRow(String name, Optional<Instant> expiresAt, Optional<Long> daysLeft,
                                boolean needsRenewal, String renewal, CredentialStatus.Japanese ja) {
    }

    /** {@code problem}: why the adapter (and so its credential dates) could not be built; never a secret. */
    /**
     * {@code queueDepth}/{@code deadLetters}: the push backlog, what the pusher has still to write
     * (a mall that is down keeps it growing; nothing is lost) and what needs a person (-1: unknown).
     */
    public record ChannelRow(String id, String type, ChannelState state, int queueDepth,
                             List<CredentialRow> credentials, Optional<String> problem, int deadLetters) {
        public ChannelRow(String id, String type, ChannelState state, int queueDepth, List<CredentialRow> credentials,
                          Optional<String> problem) {
            this(id, type, state, queueDepth, credentials, problem, -1);
        }

        public List<String> warnings() {
            List<String> warnings = new ArrayList<>();
            credentials.stream().filter(CredentialRow::needsRenewal).forEach(c -> warnings.add(c.name()
                    + (c.daysLeft().orElse(0L) < 0 ? " has expired" : " expires in " + c.daysLeft().orElse(0L)
                    + " days") + ": " + c.renewal()));
            problem.ifPresent(p -> warnings.add("adapter unavailable: " + p));
            return warnings;
        }
    }

    private final ChannelDirectory channels;
    private final ChannelStates states;
    private final StockLedger store;
    private final RejectedLookup rejected;
    private final Clock clock;

    /** A channel's quarantined orders, newest first ({@link dev.zaiko.domain.port.RejectedOrders#rejected}). */
    @FunctionalInterface
    public interface RejectedLookup {
        List<dev.zaiko.domain.RejectedOrder> rejected(String channelId, int limit);
    }

    public ChannelReportService(ChannelDirectory channels, ChannelStates states, StockLedger store, Clock clock) {
        this(channels, states, store, (channelId, limit) -> List.of(), clock);
    }

    public ChannelReportService(ChannelDirectory channels, ChannelStates states, StockLedger store,
                                RejectedLookup rejected, Clock clock) {
        this.channels = channels;
        this.states = states;
        this.store = store;
        this.rejected = rejected;
        this.clock = clock;
    }

    /** Orders the malls sent that could not be normalised, every channel, newest first, at most {@code limit}. */
    public List<dev.zaiko.domain.RejectedOrder> rejectedOrders(int limit) {
        int bounded = Math.max(1, Math.min(limit, 10_000));
        List<dev.zaiko.domain.RejectedOrder> all = new ArrayList<>();
        for (ChannelDirectory.Entry entry : channels.channels()) {
            all.addAll(rejected.rejected(entry.id(), bounded));
        }
        all.sort(java.util.Comparator.comparing(dev.zaiko.domain.RejectedOrder::rejectedAt).reversed()
                .thenComparing(dev.zaiko.domain.RejectedOrder::channelId)
                .thenComparing(dev.zaiko.domain.RejectedOrder::orderId));
        return all.size() > bounded ? List.copyOf(all.subList(0, bounded)) : all;
    }

    public List<ChannelRow> channels() {
        Instant now = clock.instant();
        List<ChannelRow> rows = new ArrayList<>();
        for (ChannelDirectory.Entry entry : channels.channels().stream()
                .sorted(java.util.Comparator.comparing(ChannelDirectory.Entry::id)).toList()) {
            List<CredentialRow> credentials = new ArrayList<>();
            Optional<String> problem = Optional.empty();
            try {
                for (CredentialStatus status : channels.adapter(entry.id()).credentials()) {
                    credentials.add(new CredentialRow(status.name(), status.expiresAt(),
                            status.expiresAt().map(at -> Math.floorDiv(Duration.between(now, at).toHours(), 24)),
                            status.needsRenewal(now), status.renewal(), status.ja()));
                }
            } catch (RuntimeException e) {
                // the reason alone: the console says "cannot connect" in the seller's language around it
                problem = Optional.of(String.valueOf(e.getMessage()));
            }
            rows.add(new ChannelRow(entry.id(), entry.type(), states.get(entry.id()),
                    channels.pushQueueDepth(entry.id()), credentials, problem,
                    channels.pushDeadLetterDepth(entry.id())));
        }
        return rows;
    }

    /** One product of an order line: a SKU the line's listing maps to, its name in the ledger, units per item. */
    public record OrderItem(String sku, Optional<String> name, int units) {
    }

    /**
     * An order line a seller must act on, as the seller knows it: the mall's order name or number
     * ({@link OrderLine#displayOrder()}), the SKUs and product names (from the listing's mapping,
     * else what the line took or lacked), and the order's page in the mall's seller screen.
     */
    public record AttentionLine(OrderLine line, List<OrderItem> items, Optional<SellerScreen.OrderLink> link) {
        public String orderName() {
            return line.displayOrder();
        }
    }

    /** A quarantined order with the name the seller knows it by and its seller-screen page. */
    public record RejectedRow(dev.zaiko.domain.RejectedOrder order, String orderName,
                              Optional<SellerScreen.OrderLink> link) {
    }

    /** {@link #orders} with names, products and links (two bulk reads: listings, then stock names). */
    public List<AttentionLine> attention(LineState state, int limit) {
        List<OrderLine> lines = orders(state, limit);
        Map<String, SellerScreen> screens = new HashMap<>();
        Map<ListingKey, Optional<Listing>> listings = new HashMap<>();
        Set<String> skus = new TreeSet<>();
        for (OrderLine line : lines) {
            Optional<Listing> listing = listings.computeIfAbsent(line.listingKey(), store::findListing);
            listing.ifPresent(l -> l.components().forEach(c -> skus.add(c.sku())));
            skus.addAll(line.taken().keySet());
            skus.addAll(line.shortfall().keySet());
        }
        Map<String, StockLevel> stock = skus.isEmpty() ? Map.of() : store.readStock(skus);
        List<AttentionLine> out = new ArrayList<>(lines.size());
        for (OrderLine line : lines) {
            Map<String, Integer> units = new LinkedHashMap<>();
            listings.get(line.listingKey()).ifPresentOrElse(
                    l -> l.components().forEach(c -> units.put(c.sku(), c.units())),
                    () -> new TreeSet<>(concat(line.taken().keySet(), line.shortfall().keySet()))
                            .forEach(sku -> units.put(sku, 0)));
            List<OrderItem> items = new ArrayList<>();
            units.forEach((sku, n) -> items.add(new OrderItem(sku,
                    Optional.ofNullable(stock.get(sku)).flatMap(StockLevel::name), n)));
            out.add(new AttentionLine(line, items, screen(screens, line.channelId()).order(line.orderId())));
        }
        return out;
    }

    /** {@link #rejectedOrders} with the name the seller knows each by and its seller-screen page. */
    public List<RejectedRow> rejected(int limit) {
        Map<String, SellerScreen> screens = new HashMap<>();
        List<RejectedRow> out = new ArrayList<>();
        for (dev.zaiko.domain.RejectedOrder order : rejectedOrders(limit)) {
            SellerScreen screen = screen(screens, order.channelId());
            out.add(new RejectedRow(order, screen.orderName(order.rawExcerpt()).orElse(order.orderId()),
                    screen.order(order.orderId())));
        }
        return out;
    }

    private SellerScreen screen(Map<String, SellerScreen> screens, String channelId) {
        return screens.computeIfAbsent(channelId, id -> {
            try {
                return channels.sellerScreen(id);
            } catch (RuntimeException e) {
                // a channel whose settings cannot be read still lists its orders, without links
                return SellerScreen.NONE;
            }
        });
    }

    private static Set<String> concat(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    public List<OrderLine> orders(LineState state, int limit) {
        if (!state.needsAttention()) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "BAD_STATE", java.util.Map.of("value", state),
                    "state must be OVERSOLD or UNMAPPED (got "
                    + state + ")");
        }
        return store.linesNeedingAttention(state, Math.max(1, Math.min(limit, 10_000)));
    }
}
