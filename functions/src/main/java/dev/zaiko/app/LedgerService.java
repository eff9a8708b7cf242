package dev.zaiko.app;

import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.domain.PushRequest;
import dev.zaiko.domain.StockAdjustment;
import dev.zaiko.domain.port.PushRequester;
import dev.zaiko.domain.port.StockLedger;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ledger's services of one container, built together on one shared {@link LedgerCore} (one
 * lock per SKU, one memory of stock levels and listings), so invariants 1-5 hold whichever job
 * changes stock and whoever the caller is (ledger Lambda, webhook Lambda, CLI, console):
 * <ul>
 *   <li>{@link #orders()}: order events, one or a batch ({@link OrderIngestion});</li>
 *   <li>{@link #adjustments()}: the seller's stock changes ({@link StockAdjustments});</li>
 *   <li>{@link #mappings()}: mapping mall items to SKUs ({@link ListingMappings});</li>
 *   <li>{@link #pushRequests()}: asking listings to be pushed, sellable now ({@link PushRequests}).</li>
 * </ul>
 *
 * <p>For now this is also a thin facade: its other methods only delegate to those services, so that
 * callers not yet moved to the one service they need (handlers, the local runtime, the CLI, several
 * ops services) are unchanged. New code takes the specific service; the facade methods go once the
 * composition root hands those out directly.
 */
public final class LedgerService {
    private final PushRequests pushRequests;
    private final OrderIngestion orders;
    private final StockAdjustments adjustments;
    private final ListingMappings mappings;

    public LedgerService(StockLedger ledger, PushRequester pushes, Clock clock) {
        LedgerCore core = new LedgerCore(ledger, clock);
        this.pushRequests = new PushRequests(core, pushes);
        this.orders = new OrderIngestion(core, pushRequests);
        this.adjustments = new StockAdjustments(core, pushRequests);
        this.mappings = new ListingMappings(core, orders, pushRequests);
    }

    public OrderIngestion orders() {
        return orders;
    }

    public StockAdjustments adjustments() {
        return adjustments;
    }

    public ListingMappings mappings() {
        return mappings;
    }

    public PushRequests pushRequests() {
        return pushRequests;
    }

    // ---------------------------------------------------------------- delegation (see the class comment)

    /** @see OrderIngestion#apply */
    public ApplyResult apply(OrderEvent event) {
        return orders.apply(event);
    }

    /** @see OrderIngestion#applyBatch */
    public BatchResult applyBatch(List<Delivery> deliveries) {
        return orders.applyBatch(deliveries);
    }

    /** @see StockAdjustments#adjust */
    public AdjustResult adjust(String sku, StockAdjustment adjustment, ChangeSource source) {
        return adjustments.adjust(sku, adjustment, source);
    }

    /** @see StockAdjustments#define */
    public AdjustResult define(String sku, long available, Optional<Long> safetyStock, Optional<String> jan,
                               Optional<String> name, ChangeSource source) {
        return adjustments.define(sku, available, safetyStock, jan, name, source);
    }

    /** @see ListingMappings#mapListing */
    public Listing mapListing(ListingKey key, List<Component> components, boolean replace) {
        return mappings.mapListing(key, components, replace);
    }

    /** @see ListingMappings#unmapListing */
    public Listing unmapListing(ListingKey key) {
        return mappings.unmapListing(key);
    }

    /** @see ListingMappings#retryUnmapped */
    public List<ApplyResult> retryUnmapped(ListingKey key) {
        return mappings.retryUnmapped(key);
    }

    /** @see PushRequests#requestPushes */
    public List<PushRequest> requestPushes(Collection<String> skus) {
        return pushRequests.requestPushes(skus);
    }

    /** @see PushRequests#requestListingPushes */
    public List<PushRequest> requestListingPushes(Collection<ListingKey> keys) {
        return pushRequests.requestListingPushes(keys);
    }

    /** @see PushRequests#sellable(ListingKey) */
    public OptionalLong sellable(ListingKey key) {
        return pushRequests.sellable(key);
    }

    /** @see PushRequests#sellable(Collection) */
    public Map<ListingKey, OptionalLong> sellable(Collection<ListingKey> keys) {
        return pushRequests.sellable(keys);
    }
}
