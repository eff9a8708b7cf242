package dev.zaiko.app.fba;

import dev.zaiko.app.LedgerService;
import dev.zaiko.domain.ChangeReason;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.FbaClaim;
import dev.zaiko.domain.FbaSource;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.Validation;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.FbaInventory;
import dev.zaiko.domain.channel.FulfillmentOrders;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.port.FbaSources;
import dev.zaiko.domain.port.StockLedger;
import dev.zaiko.domain.port.StockLedger.CommitResult;
import dev.zaiko.domain.port.StockLedger.LedgerCommit;
import dev.zaiko.domain.port.StockLedger.StockWrite;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps FBA-sourced SKUs on Amazon's count: each SKU's {@code available} becomes Amazon's
 * fulfillable quantity less the units open self-fulfilled order lines hold that Amazon does not
 * know about yet ({@link FbaClaimRules}), and every listing of the SKU on every mall is pushed.
 * Counts come from the scheduled {@code getInventorySummaries} read and from
 * FBA_INVENTORY_AVAILABILITY_CHANGES notifications; an older count never overwrites a newer one.
 *
 * <p>With MCF on, each claim also becomes an MCF fulfilment order (idempotent id from the line),
 * so Amazon ships the unit and its own count drops; a claim whose line is cancelled has its MCF
 * order cancelled.
 *
 * <p>Concurrency: the SKU's FBA memory is saved conditionally on its revision (two syncs of one
 * SKU serialise), then the stock is written conditionally on the version the claims were read
 * up to, so an order reserved in between makes the write fail and the SKU is decided again.
 */
public final class FbaSyncService {
    private static final int MAX_ATTEMPTS = 20;
    /** The journal is read in one query; a gap larger than this between two syncs is refused loudly. */
    static final int MAX_JOURNAL_GAP = 5000;

    /**
     * @param mcfEnabled  create MCF orders for claims (else the seller ships them through Seller Central)
     * @param settle      how long after Amazon accepted an MCF order its units are assumed gone from the count
     * @param maxHold     how long a claim without an MCF order counts at most
     * @param holdAddress where MCF orders are addressed (our order events carry no buyer address; see docs/fba.md)
     */
    public record Settings(boolean mcfEnabled, Duration settle, Duration maxHold,
                           Optional<FulfillmentOrders.Address> holdAddress, String shippingSpeedCategory,
                           String fulfillmentAction) {
        public static final Duration DEFAULT_SETTLE = Duration.ofMinutes(15);
        public static final Duration DEFAULT_MAX_HOLD = Duration.ofHours(48);

        public Settings {
            Objects.requireNonNull(settle, "settle");
            Objects.requireNonNull(maxHold, "maxHold");
            Objects.requireNonNull(holdAddress, "holdAddress");
            if (mcfEnabled && holdAddress.isEmpty()) {
                throw new IllegalArgumentException("MCF is on but no address for its orders is configured");
            }
            if (!fulfillmentAction.equals("Hold") && !fulfillmentAction.equals("Ship")) {
                throw new IllegalArgumentException("MCF fulfillment action must be Hold or Ship, not " + fulfillmentAction);
            }
        }

        public static Settings withoutMcf() {
            return new Settings(false, DEFAULT_SETTLE, DEFAULT_MAX_HOLD, Optional.empty(), "Standard", "Hold");
        }
    }

    /** How one SKU's count was applied. */
    public record SkuResult(String sku, String sellerSku, Outcome outcome, long fulfillable, long claimed,
                            long availableBefore, long availableAfter, int mcfCreated, int mcfCancelled,
                            List<String> problems) {
        public SkuResult {
            problems = List.copyOf(problems);
        }
    }

    public enum Outcome { UPDATED, UNCHANGED, STALE_COUNT }

    /** One scheduled sync of one Amazon channel. */
    public record SyncResult(String channelId, List<SkuResult> skus, List<String> notFbaSourced) {
        public SyncResult {
            skus = List.copyOf(skus);
            notFbaSourced = List.copyOf(notFbaSourced);
        }
    }

    private final StockLedger ledger;
    private final LedgerService pushes;
    private final FbaSources sources;
    private final Clock clock;
    private final Settings settings;

    public FbaSyncService(StockLedger ledger, LedgerService pushes, FbaSources sources, Clock clock,
                          Settings settings) {
        this.ledger = ledger;
        this.pushes = pushes;
        this.sources = sources;
        this.clock = clock;
        this.settings = settings;
    }

    // ---------------------------------------------------------------- seller setup

    /**
     * Makes {@code sku} take its stock from the FBA inventory of {@code sellerSku} on Amazon channel
     * {@code channelId}. Creates the SKU (0 available) if the ledger does not have it yet; order
     * lines reserved before this moment are not claims (they ship however they were going to).
     */
    public FbaSource markFbaSourced(String channelId, String sku, String sellerSku) {
        Validation.sku(sku);
        Validation.channelId(channelId, "channelId");
        Validation.text(sellerSku, "sellerSku", 50);
        for (FbaSource other : sources.sourcesOf(channelId)) {
            if (other.sellerSku().equals(sellerSku) && !other.sku().equals(sku)) {
                throw new IllegalArgumentException("Amazon seller SKU " + sellerSku + " on " + channelId
                        + " already feeds SKU " + other.sku());
            }
        }
        Optional<FbaSource> existing = sources.find(channelId, sku);
        if (existing.isPresent()) {
            if (!existing.get().sellerSku().equals(sellerSku)) {
                throw new IllegalArgumentException("SKU " + sku + " already takes its stock from " + channelId + " "
                        + existing.get().sellerSku() + "; unmark it first");
            }
            return existing.get();
        }
        StockLevel level = ledger.readStock(List.of(sku)).get(sku);
        if (level == null) {
            level = pushes.define(sku, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                    new ChangeSource(ChangeSource.Kind.SYSTEM, "fba:" + channelId + ":" + sellerSku)).after();
        }
        FbaSource source = new FbaSource(sku, channelId, sellerSku, level.version(), Map.of(),
                java.util.OptionalLong.empty(), Optional.empty(), 0);
        if (!sources.save(source, 0)) {
            throw new IllegalStateException("SKU " + sku + " was marked FBA-sourced by someone else meanwhile");
        }
        return new FbaSource(sku, channelId, sellerSku, level.version(), Map.of(), java.util.OptionalLong.empty(),
                Optional.empty(), 1);
    }

    public void unmark(String channelId, String sku) {
        sources.remove(channelId, sku);
    }

    // ---------------------------------------------------------------- counts

    /** The scheduled sync: one paged read of Amazon's counts, applied to every FBA-sourced SKU of the channel. */
    public SyncResult syncAll(String channelId, FbaInventory inventory, Optional<FulfillmentOrders> mcf) {
        Instant countedAt = clock.instant();
        Map<String, Long> counts = inventory.fulfillableQuantities();
        List<SkuResult> results = new ArrayList<>();
        List<FbaSource> fbaSourced = sources.sourcesOf(channelId);
        Set<String> known = new java.util.HashSet<>();
        for (FbaSource source : fbaSourced) {
            known.add(source.sellerSku());
            // Amazon leaves out SKUs it holds nothing of: that is 0 fulfillable, not "unknown".
            results.add(apply(source, counts.getOrDefault(source.sellerSku(), 0L), countedAt, mcf));
        }
        List<String> others = counts.keySet().stream().filter(s -> !known.contains(s)).sorted().toList();
        return new SyncResult(channelId, results, others);
    }

    /** One FBA_INVENTORY_AVAILABILITY_CHANGES notification; empty when the seller SKU feeds no ledger SKU. */
    public Optional<SkuResult> applyNotification(String channelId, String sellerSku, long fulfillable,
                                                 Instant eventTime, Optional<FulfillmentOrders> mcf) {
        Validation.nonNegative(fulfillable, "fulfillable", Validation.MAX_STOCK);
        return sources.sourcesOf(channelId).stream().filter(s -> s.sellerSku().equals(sellerSku)).findFirst()
                .map(source -> apply(source, fulfillable, eventTime, mcf));
    }

    private SkuResult apply(FbaSource initial, long fulfillable, Instant countedAt, Optional<FulfillmentOrders> mcf) {
        Validation.nonNegative(fulfillable, "fulfillable", Validation.MAX_STOCK);
        FbaSource source = initial;
        List<String> problems = new ArrayList<>();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (attempt > 1) {
                Optional<FbaSource> fresh = sources.find(source.channelId(), source.sku());
                if (fresh.isEmpty()) {
                    throw new IllegalStateException("SKU " + source.sku() + " stopped being FBA-sourced during its sync");
                }
                source = fresh.get();
            }
            if (source.lastCountAt().isPresent() && countedAt.isBefore(source.lastCountAt().get())) {
                long available = Optional.ofNullable(ledger.readStock(List.of(source.sku())).get(source.sku()))
                        .map(StockLevel::available).orElse(0L);
                return new SkuResult(source.sku(), source.sellerSku(), Outcome.STALE_COUNT, fulfillable,
                        source.claimedUnits(), available, available, 0, 0, problems);
            }
            StockLevel level = ledger.readStock(List.of(source.sku())).get(source.sku());
            if (level == null) {
                throw new IllegalStateException("FBA-sourced SKU " + source.sku() + " is not in the ledger");
            }
            Optional<List<JournalEntry>> entries = journalSince(source.sku(), source.journalVersion(), level.version());
            if (entries.isEmpty()) {
                continue; // the SKU moved while reading its journal
            }
            FbaClaimRules.Advance advance = FbaClaimRules.advance(source.claims(), entries.get(), source.sku(),
                    countedAt, settings.settle(), settings.maxHold());
            advance.expired().forEach(c -> problems.add("claim of " + c.reference() + " (" + c.units()
                    + " units) expired after " + settings.maxHold() + " without Amazon's count showing it"));
            long target = FbaClaimRules.target(fulfillable, advance.claims());
            FbaSource counted = source.counted(level.version(), advance.claims(), fulfillable, countedAt);
            if (!sources.save(counted, source.revision())) {
                continue;
            }
            source = new FbaSource(counted.sku(), counted.channelId(), counted.sellerSku(), counted.journalVersion(),
                    counted.claims(), counted.lastFulfillable(), counted.lastCountAt(), source.revision() + 1);
            if (target != level.available()) {
                StockLevel after = level.withAvailable(target, level.version() + 1);
                StockWrite write = new StockWrite(Optional.of(level), after);
                JournalEntry journal = new JournalEntry(level.sku(), after.version(), level.available(), target,
                        level.safetyStock(), after.safetyStock(), ChangeReason.STOCK_SET,
                        new ChangeSource(ChangeSource.Kind.SYSTEM, "fba:" + source.channelId() + ":" + source.sellerSku()),
                        clock.instant());
                CommitResult result = ledger.commit(new LedgerCommit(Optional.empty(), Optional.empty(),
                        List.of(write), List.of(journal)));
                if (!(result instanceof CommitResult.Committed)) {
                    continue; // an order reached the SKU meanwhile: read its journal and decide again
                }
                pushes.requestPushes(Set.of(level.sku()));
            }
            int[] mcfCounts = mcf.isPresent() && settings.mcfEnabled() ? fulfil(source, mcf.get(), problems)
                    : new int[]{0, 0};
            return new SkuResult(source.sku(), source.sellerSku(),
                    target != level.available() ? Outcome.UPDATED : Outcome.UNCHANGED, fulfillable,
                    counted.claimedUnits(),
                    level.available(), target, mcfCounts[0], mcfCounts[1], problems);
        }
        throw new dev.zaiko.domain.LedgerConflictException("gave up applying the FBA count of " + initial.sku()
                + " after " + MAX_ATTEMPTS + " conflicting attempts; the next count applies it");
    }

    /** Entries with versions in (after, upTo], oldest first; empty when the SKU moved past upTo meanwhile. */
    private Optional<List<JournalEntry>> journalSince(String sku, long after, long upTo) {
        long gap = upTo - after;
        if (gap <= 0) {
            return Optional.of(List.of());
        }
        if (gap > MAX_JOURNAL_GAP) {
            throw new IllegalStateException("SKU " + sku + " changed " + gap + " times since its last FBA sync (more than "
                    + MAX_JOURNAL_GAP + "); re-mark it FBA-sourced to start from now");
        }
        List<JournalEntry> newestFirst = ledger.journal(sku, (int) gap + 50);
        Map<Long, JournalEntry> byVersion = new HashMap<>();
        newestFirst.forEach(e -> byVersion.put(e.version(), e));
        List<JournalEntry> wanted = new ArrayList<>();
        for (long v = after + 1; v <= upTo; v++) {
            JournalEntry entry = byVersion.get(v);
            if (entry == null) {
                return Optional.empty();
            }
            wanted.add(entry);
        }
        wanted.sort(Comparator.comparingLong(JournalEntry::version));
        return Optional.of(wanted);
    }

    // ---------------------------------------------------------------- MCF

    /** Creates MCF orders for PENDING claims and cancels those of CANCELLING ones; returns {created, cancelled}. */
    private int[] fulfil(FbaSource source, FulfillmentOrders mcf, List<String> problems) {
        int created = 0;
        int cancelled = 0;
        FbaSource current = source;
        for (FbaClaim claim : List.copyOf(source.claims().values())) {
            if (claim.state() != FbaClaim.State.PENDING && claim.state() != FbaClaim.State.CANCELLING) {
                continue;
            }
            FulfillmentOrders.Result result;
            try {
                result = claim.state() == FbaClaim.State.PENDING
                        ? mcf.create(order(current, claim))
                        : mcf.cancel(claim.fulfillmentOrderId());
            } catch (ChannelException e) {
                result = new FulfillmentOrders.Result(e.kind(), false, e.mallCode(), e.getMessage());
            }
            if (result.status() != PushStatus.OK) {
                problems.add("MCF " + (claim.state() == FbaClaim.State.PENDING ? "create" : "cancel") + " for "
                        + claim.reference() + " (" + claim.fulfillmentOrderId() + "): " + result.status() + " "
                        + result.mallCode() + " " + result.message());
                if (result.status() == PushStatus.AUTH || result.status() == PushStatus.RETRY) {
                    break; // the next sync tries again; the claim keeps counting meanwhile
                }
                continue;
            }
            Instant now = clock.instant();
            Optional<FbaSource> saved = update(current, claim.reference(),
                    claim.state() == FbaClaim.State.PENDING ? Optional.of(claim.submitted(now)) : Optional.empty());
            if (saved.isEmpty()) {
                break; // someone else is syncing this SKU: it continues from their state
            }
            current = saved.get();
            if (claim.state() == FbaClaim.State.PENDING) {
                created++;
            } else {
                cancelled++;
            }
        }
        return new int[]{created, cancelled};
    }

    private Optional<FbaSource> update(FbaSource source, String reference, Optional<FbaClaim> replacement) {
        Map<String, FbaClaim> claims = new HashMap<>(source.claims());
        replacement.ifPresentOrElse(c -> claims.put(reference, c), () -> claims.remove(reference));
        FbaSource next = source.withClaims(claims);
        if (!sources.save(next, source.revision())) {
            return Optional.empty();
        }
        return Optional.of(new FbaSource(next.sku(), next.channelId(), next.sellerSku(), next.journalVersion(),
                next.claims(), next.lastFulfillable(), next.lastCountAt(), source.revision() + 1));
    }

    private FulfillmentOrders.FulfillmentOrder order(FbaSource source, FbaClaim claim) {
        String[] parts = claim.reference().split("/", 2);
        String channel = parts[0];
        String rest = parts.length > 1 ? parts[1] : parts[0];
        int lastSlash = rest.lastIndexOf('/');
        String orderId = lastSlash > 0 ? rest.substring(0, lastSlash) : rest;
        return new FulfillmentOrders.FulfillmentOrder(claim.fulfillmentOrderId(), displayable(orderId, 40),
                claim.reservedAt(), displayable("zaiko-sync: " + channel + " order " + orderId, 750),
                source.sellerSku(), "1", claim.units(), settings.holdAddress().orElseThrow(),
                settings.shippingSpeedCategory(), settings.fulfillmentAction());
    }

    /** Amazon prints these on the packing slip: ISO 8859-1 only, no double spaces, bounded length. */
    static String displayable(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            char kept = c >= 0x20 && c <= 0xFF && c != 0x7F ? c : '_';
            if (kept == ' ' && !out.isEmpty() && out.charAt(out.length() - 1) == ' ') {
                continue;
            }
            out.append(kept);
        }
        String trimmed = out.toString().trim();
        return trimmed.length() > max ? trimmed.substring(0, max) : trimmed;
    }
}
